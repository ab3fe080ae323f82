/**
 * What each kind of release preview reads, checks and does, for the release
 * flow's state machine (`release-flow.ts`): `tag` (tag the branch head and
 * publish), `pr` (open or update the line's release PR) and `publish` (tag a
 * merged release PR's merge commit). The flow owns states, claims,
 * authorisation and the audit log; this file owns the forge calls.
 */
import type { AuthConfig } from '../core/authorize.ts'
import type { ReleasePlan } from '../core/plan-release.ts'
import type { Bump, ReleaseLine } from '../core/release-line.ts'
import { releaseTitle } from '../core/release-title.ts'
import { isPrerelease } from '../core/versions.ts'
import type { ChangelogGrouper } from '../ports/changelog-grouper.ts'
import type { Clock } from '../ports/clock.ts'
import { CutError, type Forge } from '../ports/forge.ts'
import type { FileReader, ReleaseHost, ReleasePrHost } from '../ports/release-host.ts'
import type { StateStore } from '../ports/store.ts'
import { chooseLine, type PlanFailure, type PlanLineOptions, planLine } from './plan-line.ts'
import { type CheckInput, checkRelease, failedChecks, type ReleaseCheck } from './release-checks.ts'
import {
  changelogSection,
  mergedRelease,
  planReleasePrChangelog,
  publishMergedReleasePr,
  type ReleasePrDeps,
  releaseBranchOf,
  releasePrText,
  updateReleasePr,
} from './release-pr.ts'
import {
  groupFinalSection,
  type ReleaseText,
  type ReleaseTextOptions,
  releaseTextOfPlan,
} from './release-text.ts'
import {
  chosenSection,
  type ReleaseAction,
  type ReleaseChangelog,
  type ReleasePrRef,
  type ReleaseRecord,
  type ReleaseRequest,
} from './release-views.ts'
import { hashText } from './signoff-log.ts'

export type ReleaseDeps = {
  store: StateStore
  clock: Clock
  auth: AuthConfig | undefined
  forge: Forge
  lines: readonly ReleaseLine[]
  repoWebUrl: string | null
  /** CI results and files through the forge's API (GitHub); null: CI checks are skipped. */
  host?: ReleaseHost | null | undefined
  /** Release PRs (GitHub); null: `mode: pr` lines cannot be released from chat. */
  prHost?: (ReleaseHost & ReleasePrHost) | null | undefined
  /** Files at a commit when there is no `host` (the local git forge), for the changelog check. */
  files?: FileReader | null | undefined
  /** Pull request labels and authors for the notes of every kind of release (`githubNoteSources`). */
  enrich?: ReleaseTextOptions['enrich']
  /** The repository's `.github/release.yml` categories, with `enrich` (`githubNoteSources`). */
  repositoryNotes?: ReleaseTextOptions['repositoryNotes']
  /**
   * The LLM that proposes subsections for a final release's CHANGELOG section
   * (`pr` lines); null or absent: the flat consolidation, with no grouping offered.
   */
  grouper?: ChangelogGrouper | null | undefined
  pendingTtlMs?: number | undefined
  /** A cut still `cutting` after this long is reported as interrupted (default 10 min). */
  cutBudgetMs?: number | undefined
}

/** What a preview pins, before it becomes a record. */
export type Prepared =
  | {
      ok: true
      action: ReleaseAction
      plan: ReleaseRecord['plan']
      checks: ReleaseCheck[]
      pr: ReleasePrRef | null
      changelog?: ReleaseChangelog | null | undefined
    }
  | { ok: false; level: 'info' | 'error'; message: string }

/** Whether a pinned preview still holds, and which checks fail now. */
export type Freshness = { stale: string | null; failed: ReleaseCheck[] }

export async function prepareRelease(d: ReleaseDeps, request: ReleaseRequest): Promise<Prepared> {
  const line = chooseLine(d.lines, request.line)
  if ('ok' in line) return { ok: false, level: 'error', message: line.message }
  if (line.mode !== 'pr') return prepareTag(d, line, request)
  const prDeps = releasePrDeps(d)
  if (!prDeps)
    return {
      ok: false,
      level: 'error',
      message: `Line ${line.name} is released through a release PR (\`mode: pr\`), and this Herald works on the local git repository, which has no pull requests: nothing was changed. To release it from chat, set GITHUB_TOKEN and \`repo: owner/name\` in herald.config.yaml and restart Herald. Without GitHub, bump the version files${line.changelog ? ` and ${line.changelog}` : ''} in a commit, tag it \`${line.tagPrefix}X.Y.Z\` by hand, then use /announce-release.`,
    }
  const pr = await prDeps.host.findReleasePr(releaseBranchOf(line))
  const merged = mergedRelease(pr, line.name)
  if (merged && !(await d.forge.resolveCommit(`refs/tags/${merged.tag}`))) {
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
      checks: await runChecks({
        forge: d.forge,
        host: d.host ?? null,
        files: d.files,
        line,
        plan: { to },
      }),
      pr: { number: merged.pr.number, url: merged.pr.url },
    }
  }
  const text = await releasePrText(prDeps, line, request)
  if (!text.ok) return { ok: false, level: 'error', message: text.message }
  const { plan } = text
  const open = pr?.state === 'open' ? { number: pr.number, url: pr.url } : null
  if (!plan.to || plan.refusal) {
    const why = plan.refusal?.message ?? `nothing to release on line ${line.name}`
    return {
      ok: false,
      level: 'info',
      message: open ? `${why}. The release PR #${open.number} is open: ${open.url}` : why,
    }
  }
  const changelog = await previewChangelog(d, prDeps, line, text)
  if (!changelog.ok) return { ok: false, level: 'error', message: changelog.message }
  return {
    ok: true,
    action: 'pr',
    plan: pinnedPlan(plan, text.markdown),
    checks: [],
    pr: open,
    changelog: changelog.value,
  }
}

/**
 * The CHANGELOG section of a final release that takes in pre-release sections,
 * for the preview to show and pin: the flat consolidation, and the grouper's
 * subsections when it has a proposal that holds (the seed's step 5: a person
 * reviews it). Null for any other release: the PR writes the planned section.
 */
async function previewChangelog(
  d: ReleaseDeps,
  prDeps: ReleasePrDeps,
  line: ReleaseLine,
  text: ReleaseText,
): Promise<{ ok: true; value: ReleaseChangelog | null } | { ok: false; message: string }> {
  const planned = await planReleasePrChangelog(prDeps, line, text)
  if (!planned.ok) return planned
  const p = planned.value
  if (!p || p.plan.prereleases.length === 0) return { ok: true, value: null }
  const flat = changelogSection(p)
  const changelog: ReleaseChangelog = {
    path: p.path,
    date: p.release.date,
    consolidated: p.plan.prereleases.map((s) => s.version),
    flat: { section: flat, hash: hashText(flat) },
    grouped: null,
    unavailable: null,
    problems: [],
    choice: 'flat',
    chosenBy: null,
  }
  if (!d.grouper) return { ok: true, value: changelog }
  const outcome = await groupFinalSection(p.plan, p.release, d.grouper)
  if (!outcome.grouped)
    return {
      ok: true,
      value: { ...changelog, unavailable: outcome.reason ?? 'no proposal', problems: outcome.problems },
    }
  const categories = outcome.plan.consolidation.categories
  const grouped = changelogSection(p, categories)
  return {
    ok: true,
    value: {
      ...changelog,
      grouped: { section: grouped, hash: hashText(grouped), categories, by: d.grouper.name },
    },
  }
}

async function prepareTag(d: ReleaseDeps, line: ReleaseLine, request: ReleaseRequest): Promise<Prepared> {
  const planned = await planTag(d, line, request)
  if (!planned.ok) return { ok: false, level: 'error', message: planned.message }
  const { plan, notes } = planned
  if (!plan.to || plan.refusal)
    return {
      ok: false,
      level: 'info',
      message: plan.refusal?.message ?? `nothing to release on line ${plan.line}`,
    }
  return {
    ok: true,
    action: 'tag',
    plan: pinnedPlan(plan, notes),
    checks: await runChecks({ forge: d.forge, host: d.host ?? null, files: d.files, line, plan }),
    pr: null,
  }
}

/**
 * Planned wherever HEAD is: a branch other than the line's shows as a failed
 * check (the seed's hotfix override). The notes are what the cut publishes:
 * label-based (`.github/release.yml`, PR labels, bots left out) when the
 * forge knows pull requests, the planner's commit-type notes otherwise.
 */
async function planTag(
  d: ReleaseDeps,
  line: ReleaseLine,
  request: ReleaseRequest,
): Promise<{ ok: true; plan: ReleasePlan; notes: string } | PlanFailure> {
  const options: PlanLineOptions = {
    line: line.name,
    bump: request.bump,
    version: request.version,
    prerelease: request.prerelease,
    force: true,
  }
  const planned = await planLine(d.forge, d.lines, options, d.repoWebUrl ?? undefined)
  if (!planned.ok) return planned
  const { plan } = planned
  if (!plan.to || plan.refusal || (!d.enrich && !d.repositoryNotes))
    return { ok: true, plan, notes: plan.notes }
  const webUrl = d.repoWebUrl ?? (await d.forge.webUrl())
  const text = await releaseTextOfPlan(
    d.forge,
    planned,
    { ...options, enrich: d.enrich, repositoryNotes: d.repositoryNotes },
    d.clock,
    webUrl,
  )
  return text.ok ? { ok: true, plan, notes: text.markdown } : text
}

function pinnedPlan(plan: ReleasePlan, notes: string): ReleaseRecord['plan'] {
  const to = plan.to!
  return {
    line: plan.line,
    tag: to.tag,
    version: to.version,
    sha: to.sha,
    bump: plan.bump as Bump,
    from: plan.from?.tag ?? null,
    notes,
    notesHash: hashText(notes),
    commits: plan.commits.length,
    drivers: plan.commits
      .filter((c) => plan.drivers.includes(c.sha))
      .slice(0, 10)
      .map((c) => `${c.sha.slice(0, 7)} ${c.header}`),
  }
}

/** Reads again what the preview pinned: why it no longer holds (or null), and the checks failing now. */
export async function checkFreshness(d: ReleaseDeps, record: ReleaseRecord): Promise<Freshness> {
  const line = d.lines.find((l) => l.name === record.plan.line)
  if (!line) return { stale: `line ${record.plan.line} is no longer in the config`, failed: [] }
  const action = record.action ?? 'tag'
  const { plan } = record
  if (action === 'pr') {
    const prDeps = releasePrDeps(d)
    if (!prDeps) return { stale: 'this Herald has no GitHub access any more', failed: [] }
    const text = await releasePrText(prDeps, line, record.request)
    if (!text.ok) return { stale: text.message, failed: [] }
    const stale = staleness(record, text.plan, text.markdown)
    if (stale || !record.changelog) return { stale, failed: [] }
    const planned = await planReleasePrChangelog(prDeps, line, text, record.changelog.date)
    if (!planned.ok) return { stale: planned.message, failed: [] }
    if (!planned.value || hashText(changelogSection(planned.value)) !== record.changelog.flat.hash)
      return { stale: `the ${record.changelog.path} section changed since the preview`, failed: [] }
    return { stale: null, failed: [] }
  }
  let to: { tag: string; version: string; sha: string }
  if (action === 'publish') {
    const merged = mergedRelease((await d.prHost?.findReleasePr(releaseBranchOf(line))) ?? null, line.name)
    if (!merged || merged.pr.number !== record.pr?.number || merged.sha !== plan.sha)
      return {
        stale: `release PR #${record.pr?.number} is no longer the line's merged release PR`,
        failed: [],
      }
    if (await d.forge.resolveCommit(`refs/tags/${plan.tag}`))
      return { stale: `the tag ${plan.tag} appeared since the preview`, failed: [] }
    to = merged
  } else {
    const fresh = await planTag(d, line, record.request)
    if (!fresh.ok) return { stale: fresh.message, failed: [] }
    const stale = staleness(record, fresh.plan, fresh.notes)
    if (stale) return { stale, failed: [] }
    to = fresh.plan.to!
  }
  const failed = failedChecks(
    await runChecks({ forge: d.forge, host: d.host ?? null, files: d.files, line, plan: { to } }),
  )
  const seen = new Set((record.checks ?? []).filter((c) => c.status === 'fail').map(checkKey))
  const unseen = failed.filter((c) => !seen.has(checkKey(c)))
  if (unseen.length)
    return {
      stale: `a check failed since the preview: ${unseen.map((c) => `${c.id} (${c.text})`).join('; ')}`,
      failed,
    }
  return { stale: null, failed }
}

/** The checks; a forge that cannot answer (a missing token permission, an outage) is a failed check, not a lost preview. */
async function runChecks(input: CheckInput): Promise<ReleaseCheck[]> {
  try {
    return await checkRelease(input)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return [
      {
        id: 'ci_head',
        status: 'fail',
        text: `the checks could not be read (${why}): fix the token's access (docs/github.md, "Token") and preview again`,
      },
    ]
  }
}

const checkKey = (c: ReleaseCheck) => `${c.id}\n${c.text}`

/** Why a pinned plan no longer matches a fresh one, or null. */
function staleness(record: ReleaseRecord, fresh: ReleasePlan, notes: string): string | null {
  if (
    fresh.refusal?.code === 'tag-exists' ||
    (fresh.to && fresh.to.tag !== record.plan.tag && fresh.from?.tag === record.plan.tag)
  )
    return `the tag ${record.plan.tag} appeared since the preview`
  if (!fresh.to)
    return `there is nothing to release any more (${fresh.refusal?.message ?? 'no releasable commits'})`
  if (fresh.to.sha !== record.plan.sha)
    return `the branch moved since the preview (${record.plan.sha.slice(0, 7)} → ${fresh.to.sha.slice(0, 7)})`
  if (fresh.to.tag !== record.plan.tag)
    return `the version changed since the preview (${record.plan.tag} → ${fresh.to.tag})`
  if (hashText(notes) !== record.plan.notesHash) return 'the release notes changed since the preview'
  return null
}

/** Does what the confirmed record pinned; the outcome as the record's final state. */
export async function executeRelease(d: ReleaseDeps, record: ReleaseRecord): Promise<Partial<ReleaseRecord>> {
  const { plan } = record
  const line = d.lines.find((l) => l.name === plan.line)
  const action = record.action ?? 'tag'
  const failed = (code: string, message: string): Partial<ReleaseRecord> => ({
    state: 'cut_failed',
    result: { releaseUrl: null, tagCreated: false, error: { code, message } },
  })
  try {
    const prDeps = releasePrDeps(d)
    if (action !== 'tag' && !prDeps)
      return failed('no_github', 'this Herald has no GitHub access any more: set GITHUB_TOKEN and restart it')
    if (action === 'pr') {
      const outcome = await updateReleasePr(prDeps!, plan.line, {
        request: record.request,
        pin: { sha: plan.sha, tag: plan.tag, notesHash: plan.notesHash, changelog: changelogPin(record) },
      })
      switch (outcome.kind) {
        case 'opened':
        case 'updated': {
          const pr = { number: outcome.pr.number, url: outcome.pr.url }
          return {
            state: 'cut',
            pr,
            result: { releaseUrl: null, tagCreated: false, pr: { ...pr, kind: outcome.kind }, error: null },
          }
        }
        case 'stale':
        case 'nothing':
          return failed(
            'stale',
            `Nothing was written: ${outcome.message}. Run /release again for a fresh preview`,
          )
        default:
          return failed(outcome.code, outcome.message)
      }
    }
    if (action === 'publish') {
      const outcome = await publishMergedReleasePr(prDeps!, plan.line, {
        number: record.pr!.number,
        sha: plan.sha,
      })
      switch (outcome.kind) {
        case 'published':
          return {
            state: 'cut',
            result: { releaseUrl: outcome.cut.releaseUrl, tagCreated: outcome.cut.tagCreated, error: null },
          }
        case 'already_published':
          return failed(
            'already_published',
            `tag ${outcome.tag} and its release already exist (published elsewhere): nothing to do; cancel this preview`,
          )
        default:
          return failed('stale', `Nothing was published: ${outcome.message}`)
      }
    }
    const prerelease = isPrerelease(plan.version)
    const cut = await d.forge.cutRelease({
      tag: plan.tag,
      sha: plan.sha,
      title: releaseTitle(line, plan.tag, plan.version),
      notes: plan.notes,
      prerelease,
      makeLatest: !prerelease,
      annotated: line?.annotatedTags,
    })
    return { state: 'cut', result: { releaseUrl: cut.releaseUrl, tagCreated: cut.tagCreated, error: null } }
  } catch (error) {
    const code = error instanceof CutError ? error.code : 'cut_error'
    return failed(code, error instanceof Error ? error.message : String(error))
  }
}

/** The section a `pr` record pinned and its person chose (undefined: none pinned). */
function changelogPin(record: ReleaseRecord) {
  const c = record.changelog
  if (!c) return undefined
  const grouped = c.choice === 'grouped' ? c.grouped : null
  return {
    date: c.date,
    flatHash: c.flat.hash,
    categories: grouped?.categories,
    hash: chosenSection(c).hash,
  }
}

function releasePrDeps(d: ReleaseDeps): ReleasePrDeps | null {
  if (!d.prHost) return null
  return {
    forge: d.forge,
    host: d.prHost,
    lines: d.lines,
    clock: d.clock,
    repoWebUrl: d.repoWebUrl,
    enrich: d.enrich,
    repositoryNotes: d.repositoryNotes,
  }
}
