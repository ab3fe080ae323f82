/**
 * `publish`: a `mode: pr` line whose release PR was merged and is not tagged
 * yet — tag the merge commit and publish the release with the notes from the
 * PR body, exactly once.
 */
import { hashText } from '../../signoff/signoff-log.ts'
import { mergedRelease, publishMergedReleasePr } from '../merged-release-pr.ts'
import { cutFailed, noGitHubAnyMore, type ReleaseKind, releasePrDeps } from '../release-kind.ts'
import { releaseBranchOf } from '../release-pr.ts'
import { checksOf, checksStillHold } from './pinned.ts'
import { taggedText } from './tag-kind.ts'

export const publishKind: ReleaseKind = {
  name: 'publish',
  modes: ['pr'],
  releases: true,

  async prepare({ deps, line, prDeps, releasePr }) {
    if (!prDeps)
      return { ok: false, level: 'error', message: noGitHub(line.name, line.tagPrefix, line.changelog) }
    const merged = mergedRelease(await releasePr(), line.name)
    if (!merged || (await deps.forge.resolveCommit(`refs/tags/${merged.tag}`))) return null
    const to = { tag: merged.tag, version: merged.version, sha: merged.sha }
    return {
      ok: true,
      action: 'publish',
      plan: {
        line: line.name,
        ...to,
        bump: merged.bump,
        from: null,
        notes: merged.notes,
        notesHash: hashText(merged.notes),
        commits: 0,
        drivers: [],
      },
      checks: await checksOf(deps, line, to),
      pr: { number: merged.pr.number, url: merged.pr.url },
    }
  },

  async verify(deps, record, line) {
    const { plan } = record
    const merged = mergedRelease((await deps.prHost?.findReleasePr(releaseBranchOf(line))) ?? null, line.name)
    if (!merged || merged.pr.number !== record.pr?.number || merged.sha !== plan.sha)
      return {
        stale: `release PR #${record.pr?.number} is no longer the line's merged release PR`,
        failed: [],
      }
    if (await deps.forge.resolveCommit(`refs/tags/${plan.tag}`))
      return { stale: `the tag ${plan.tag} appeared since the preview`, failed: [] }
    return checksStillHold(deps, record, line, merged)
  },

  async execute(deps, record) {
    const prDeps = releasePrDeps(deps)
    if (!prDeps) return noGitHubAnyMore()
    const outcome = await publishMergedReleasePr(prDeps, record.plan.line, {
      number: record.pr!.number,
      sha: record.plan.sha,
    })
    switch (outcome.kind) {
      case 'published':
        return {
          state: 'cut',
          result: { releaseUrl: outcome.cut.releaseUrl, tagCreated: outcome.cut.tagCreated, error: null },
        }
      case 'already_published':
        return cutFailed(
          'already_published',
          `tag ${outcome.tag} and its release already exist (published elsewhere): nothing to do; cancel this preview`,
        )
      default:
        return cutFailed('stale', `Nothing was published: ${outcome.message}`)
    }
  },

  view: {
    header: (r) => `${r.plan.tag} (line ${r.plan.line}) from release PR #${r.pr?.number}`,
    fields: (r) => [
      { label: 'Release PR', value: r.pr ? `[#${r.pr.number}](${r.pr.url})` : '' },
      { label: 'Bump', value: r.plan.bump },
      { label: 'Merge commit', value: r.plan.sha.slice(0, 12) },
    ],
    confirmLabel: () => 'Publish release',
    confirmText: (r) =>
      `**Publish release** tags the merge commit \`${r.plan.sha.slice(0, 12)}\` as \`${r.plan.tag}\` and publishes the release with the notes from the PR body.`,
    doneText: taggedText,
    retryLabel: 'Retry cut',
    nothingDone: 'cut',
    blocked: 'publishing',
    announces: true,
  },
}

/** A `mode: pr` line on a Herald without GitHub: what to do instead. */
function noGitHub(line: string, tagPrefix: string, changelog: string | undefined): string {
  return `Line ${line} is released through a release PR (\`mode: pr\`), and this Herald works on the local git repository, which has no pull requests: nothing was changed. To release it from chat, set GITHUB_TOKEN and \`repo: owner/name\` in herald.config.yaml and restart Herald. Without GitHub, bump the version files${changelog ? ` and ${changelog}` : ''} in a commit, tag it \`${tagPrefix}X.Y.Z\` by hand, then use /announce-release.`
}
