/**
 * `tag`: tag exactly the previewed commit and publish the release. Planned
 * wherever HEAD is: a branch other than the line's shows as a failed check
 * that someone with the release role may override (on GitHub, where there is
 * no checkout, a line of another branch is planned at that branch's tip). The notes are what the
 * cut publishes: label-based (`.github/release.yml`, PR labels, bots left
 * out) when the forge knows pull requests, the planner's commit-type notes
 * otherwise.
 */
import type { ReleasePlan } from '../../../core/plan-release.ts'
import { renderChecksums } from '../../../core/release-assets.ts'
import type { ReleaseLine } from '../../../core/release-line.ts'
import { releaseTitle } from '../../../core/release-title.ts'
import { isPrereleaseOf } from '../../../core/version-scheme/index.ts'
import { CutError } from '../../../ports/forge.ts'
import { fragmentChecks, type ReleaseFragments } from '../../fragments.ts'
import { releaseTextOfPlan } from '../../line-notes.ts'
import { lineChecksums } from '../../line-packages.ts'
import { type PlanFailure, type PlanLineOptions, planLine } from '../../plan-line.ts'
import { takesLatest } from '../latest-release.ts'
import { followUpCommit, tagNextVersion } from '../next-version.ts'
import type { ReleaseDeps, ReleaseKind } from '../release-kind.ts'
import type { ReleaseRecord, ReleaseRequest } from '../release-record.ts'
import { checksOf, checksStillHold, pinnedPlan, staleness } from './pinned.ts'

export const tagKind: ReleaseKind = {
  name: 'tag',
  modes: ['tag'],
  releases: true,

  async prepare({ deps, line, request }) {
    const tip = await atOwnBranch(deps, line)
    const planned = await planTag(deps, line, request, tip)
    // Asked only for a refusal: a plan that goes ahead needs no hint.
    const hint = async () => (tip ? '' : await offBranchHint(deps, line))
    if (!planned.ok) return { ok: false, level: 'error', message: planned.message + (await hint()) }
    const { plan, notes } = planned
    if (!plan.to || plan.refusal)
      return {
        ok: false,
        level: 'info',
        message: (plan.refusal?.message ?? `nothing to release on line ${plan.line}`) + (await hint()),
      }
    const next = await tagNextVersion(deps.forge, line, plan.to, request.next)
    if (!next.ok) return { ok: false, level: 'error', message: next.error }
    return {
      ok: true,
      action: 'tag',
      plan: pinnedPlan(plan, notes),
      checks: [...(await checksOf(deps, line, plan.to, tip)), ...fragmentChecks(planned.fragments)],
      pr: null,
      next: next.value,
    }
  },

  async verify(deps, record, line) {
    const tip = await atOwnBranch(deps, line)
    const fresh = await planTag(deps, line, record.request, tip)
    if (!fresh.ok && fresh.tag === record.plan.tag)
      return { stale: `the tag ${record.plan.tag} appeared since the preview`, failed: [] }
    if (!fresh.ok) return { stale: fresh.message, failed: [] }
    const stale = staleness(record, fresh.plan, fresh.notes)
    if (stale) return { stale, failed: [] }
    return checksStillHold(deps, record, line, fresh.plan.to!, tip, fragmentChecks(fresh.fragments))
  },

  async execute(deps, record, line) {
    const prerelease = isPrereleaseOf(line, record.plan.version)
    const makeLatest = await takesLatest(deps.forge, line, prerelease)
    const cut = await cutTag(deps, record, line, { prerelease, makeLatest }).catch(resumedCut)
    if (!record.next || !line || cut.state !== 'cut' || !cut.result) return cut
    const followUp = await followUpCommit(deps.forge, line, record.plan, record.next)
    return { ...cut, result: { ...cut.result, followUp } }
  },

  view: {
    header: (r) => `${r.plan.tag} (line ${r.plan.line})`,
    fields: (r) => [
      { label: 'From → to', value: `${r.plan.from ?? '(first release)'} → ${r.plan.tag}` },
      { label: 'Bump', value: r.plan.bump },
      { label: 'Commit', value: r.plan.sha.slice(0, 12) },
      { label: 'Commits', value: String(r.plan.commits) },
    ],
    confirmLabel: () => 'Cut release',
    confirmText: (r) =>
      `**Cut release** tags exactly commit \`${r.plan.sha.slice(0, 12)}\` as \`${r.plan.tag}\`.`,
    doneText: taggedText,
    retryLabel: 'Retry cut',
    nothingDone: 'cut',
    blocked: 'cutting',
    announces: true,
  },
}

/**
 * Whether one line is planned at the tip of its own branch rather than at
 * HEAD: on GitHub, where HEAD only stands for a branch (in chat the default
 * one), a line released from another branch — a maintenance line — is
 * planned where it is released, as `herald plan --line` does there. In a
 * local checkout HEAD is what is planned: another branch there (a hotfix)
 * shows as a failed `branch` check that an override gets past.
 */
async function atOwnBranch(deps: ReleaseDeps, line: ReleaseLine | undefined): Promise<boolean> {
  if (!line || !deps.forge.defaultBranch) return false
  return (await deps.forge.currentBranch().catch(() => null)) !== line.branch
}

/**
 * Why a plan at HEAD may say nothing of the line (a maintenance line planned
 * from the main branch finds its old tags): HEAD is not on the line's branch.
 */
async function offBranchHint(deps: ReleaseDeps, line: ReleaseLine): Promise<string> {
  const head = await deps.forge.currentBranch().catch(() => null)
  if (head === line.branch) return ''
  return ` (planned at HEAD, on ${head ?? 'a detached HEAD'}, not on ${line.branch}, the line's branch: check out ${line.branch}, or name the line with another, /release line:${line.name},OTHER, which plans each line at the tip of its own branch)`
}

/** Tags the pinned commit and publishes the release, flagged as asked. */
export async function cutTag(
  deps: ReleaseDeps,
  record: ReleaseRecord,
  line: ReleaseLine | undefined,
  flags: { prerelease: boolean; makeLatest: boolean },
): Promise<Partial<ReleaseRecord>> {
  const { plan } = record
  // The build's checksums as they are now, of the pinned commit and as the confirmed notes list them
  // (a retry skips `verify`: the build may have changed since).
  const checksums = line && deps.buildOutput ? await lineChecksums(deps.buildOutput, line, plan.sha) : null
  if (checksums && !checksums.ok) throw new CutError('release_failed', `${checksums.error}; nothing was cut`)
  if (checksums && !plan.notes.includes(renderChecksums(checksums.value.assets)))
    throw new CutError(
      'release_failed',
      `the build's checksums are not the ones the confirmed notes list (the build in ${deps.buildOutput!.root} changed since the preview); nothing was cut: run /release again to preview the notes with the build as it is now`,
    )
  const cut = await deps.forge.cutRelease({
    tag: plan.tag,
    sha: plan.sha,
    title: releaseTitle(line, plan.tag, plan.version),
    notes: plan.notes,
    ...flags,
    annotated: line?.annotatedTags,
    ...(checksums ? { assets: [{ name: 'checksums.txt', content: checksums.value.checksumsTxt }] } : {}),
  })
  return { state: 'cut', result: { releaseUrl: cut.releaseUrl, tagCreated: cut.tagCreated, error: null } }
}

/**
 * A cut that finds the tag on the pinned commit with its release (GitHub,
 * `tag_exists`): an earlier attempt cut it and stopped before recording so.
 * It is done; what follows it (the follow-up commit) still runs.
 */
export function resumedCut(error: unknown): Partial<ReleaseRecord> {
  if (!(error instanceof CutError && error.code === 'tag_exists')) throw error
  return { state: 'cut', result: { releaseUrl: null, tagCreated: false, error: null } }
}

/** What a finished tag-and-publish did, with the release page. */
export function taggedText(record: ReleaseRecord): string {
  const { plan } = record
  const url = record.result?.releaseUrl
  const resumed =
    record.result?.tagCreated === false
      ? ' (the tag already pointed at the pinned commit; it was reused)'
      : ''
  const tagged = `Tagged \`${plan.tag}\` at \`${plan.sha.slice(0, 12)}\`${resumed}.${url ? ` [Release page](${url})` : ''}`
  const followUp = record.result?.followUp
  if (!followUp || !record.next) return tagged
  return followUp.sha
    ? `${tagged} Next development version \`${record.next}\` committed on top (\`${followUp.sha.slice(0, 12)}\`).`
    : `${tagged} ⚠️ The next development version \`${record.next}\` was not committed: ${followUp.error}. Write it yourself.`
}

/**
 * The line's plan and the notes a cut publishes: at HEAD (one line), or at
 * the tip of the line's own branch (`branchTip`: several lines at once).
 */
export async function planTag(
  d: ReleaseDeps,
  line: ReleaseLine,
  request: ReleaseRequest,
  branchTip = false,
): Promise<{ ok: true; plan: ReleasePlan; notes: string; fragments: ReleaseFragments | null } | PlanFailure> {
  const options: PlanLineOptions = {
    line: line.name,
    bump: request.bump,
    version: request.version,
    prerelease: request.prerelease,
    force: !branchTip,
    branchTip,
    // A calendar version takes the day from Herald's clock.
    clock: d.clock,
  }
  const planned = await planLine(d.forge, d.lines, options, d.repoWebUrl ?? undefined)
  if (!planned.ok) return planned
  const { plan } = planned
  const ships = line.version || line.packages?.length || line.checksums || line.fragments
  if (!plan.to || plan.refusal || (!d.enrich && !d.repositoryNotes && !ships))
    return { ok: true, plan, notes: plan.notes, fragments: null }
  const webUrl = d.repoWebUrl ?? (await d.forge.webUrl())
  const text = await releaseTextOfPlan(
    d.forge,
    planned,
    { ...options, enrich: d.enrich, repositoryNotes: d.repositoryNotes, buildOutput: d.buildOutput },
    d.clock,
    webUrl,
  )
  return text.ok ? { ok: true, plan, notes: text.markdown, fragments: text.fragments } : text
}
