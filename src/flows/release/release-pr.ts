/**
 * `mode: pr` (release-please style, for lines whose version lives in files): keep one
 * release PR per line that bumps the version files and prepends the
 * CHANGELOG section; once it is merged, `/release` tags the merge commit and
 * publishes the release with the notes the PR carried.
 */

import {
  type ChangelogPlan,
  type ChangelogRelease,
  planChangelog,
  updateChangelog,
} from '../../core/changelog.ts'
import type { ChangelogCategory } from '../../core/changelog-consolidate.ts'
import type { Bump, ReleaseLine } from '../../core/release-line.ts'
import { err, type Result } from '../../core/result.ts'
import { bumpVersionFile, versionFilePath } from '../../core/version-files.ts'
import type { BuildOutput } from '../../ports/build-output.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Forge } from '../../ports/forge.ts'
import type { FileChange, ReleaseHost, ReleasePrHost, ReleasePullRequest } from '../../ports/release-host.ts'
import type { ReleaseText, ReleaseTextOptions } from '../line-notes.ts'
import { changelogRelease, releaseTextForLine } from '../line-notes.ts'
import type { PlanFailure } from '../plan-line.ts'
import { hashText } from '../signoff/signoff-log.ts'
import { nextVersionCommit, plannedNextVersion, releaseExtras } from './next-version.ts'
import { type Marker, readMarker, releasePrBody } from './release-pr-marker.ts'

export type ReleasePrDeps = {
  forge: Forge
  host: ReleaseHost & ReleasePrHost
  lines: readonly ReleaseLine[]
  clock: Clock
  repoWebUrl?: string | null | undefined
  /** Pull request data for label-based notes (`githubNoteSources`). */
  enrich?: ReleaseTextOptions['enrich']
  /** The repository's `.github/release.yml` categories (`githubNoteSources`). */
  repositoryNotes?: ReleaseTextOptions['repositoryNotes']
  /** The build output (a line's `checksums.from` files) where the merged release PR is published. */
  buildOutput?: BuildOutput | undefined
}

export type ReleasePrOutcome =
  | { kind: 'opened' | 'updated'; pr: ReleasePullRequest; tag: string; version: string }
  | { kind: 'nothing'; message: string }
  /** The plan no longer matches the pinned preview: nothing was written. */
  | { kind: 'stale'; message: string }
  | { kind: 'failed'; code: 'not_pr_mode' | 'version_file' | 'changelog' | 'next_version'; message: string }

/** What a `/release` request may ask of a release PR's version. */
export type ReleasePrRequest = Pick<ReleaseTextOptions, 'bump' | 'version' | 'prerelease'> & {
  /** The next development version to write instead of the advanced one (`next:27.1.0`). */
  next?: string | undefined
}

/** What a confirmed preview pinned: the PR is written only for exactly this. */
export type ReleasePrPin = {
  sha: string
  tag: string
  notesHash: string
  /** The CHANGELOG section the preview showed and the person chose (absent: whatever is planned now). */
  changelog?: ChangelogPin | undefined
}

/**
 * The CHANGELOG section a preview pinned: its date, the hash of the flat
 * consolidated section (which must still be what Herald plans), and the
 * section chosen: the flat one (`categories` absent) or the grouped one, whose
 * subsections are re-applied as shown. Written only when its hash matches.
 */
export type ChangelogPin = {
  date: string
  flatHash: string
  categories?: ChangelogCategory[] | undefined
  hash: string
}

/** The line's changelog file at the release commit and the section planned for it. */
export type PlannedChangelog = {
  path: string
  current: string
  release: ChangelogRelease
  plan: ChangelogPlan
}

export function releaseBranchOf(line: Pick<ReleaseLine, 'name'>): string {
  return `herald/release-${line.name}`
}

/** The plan and notes a release PR would carry now (the preview shows exactly these). */
export function releasePrText(
  deps: ReleasePrDeps,
  line: ReleaseLine,
  request: ReleasePrRequest = { bump: 'auto' },
): Promise<ReleaseText | PlanFailure> {
  return releaseTextForLine(
    deps.forge,
    deps.lines,
    { ...request, line: line.name, enrich: deps.enrich, repositoryNotes: deps.repositoryNotes },
    deps.clock,
    deps.repoWebUrl,
  )
}

/**
 * The CHANGELOG section a release PR would prepend to the line's changelog
 * (null: the line keeps none, or there is nothing to release), dated `date`
 * (default: the text's date, today).
 */
export async function planReleasePrChangelog(
  deps: Pick<ReleasePrDeps, 'host'>,
  line: ReleaseLine,
  text: ReleaseText,
  date?: string | undefined,
): Promise<{ ok: true; value: PlannedChangelog | null } | { ok: false; message: string }> {
  const release = changelogRelease(text, date)
  if (!line.changelog || !release || !text.plan.to) return { ok: true, value: null }
  const current = (await deps.host.readFile(line.changelog, text.plan.to.sha)) ?? ''
  const plan = planChangelog(current, release)
  if (!plan.ok) return { ok: false, message: `${line.changelog}: ${plan.error.message}` }
  return { ok: true, value: { path: line.changelog, current, release, plan: plan.value } }
}

/** The section `updateChangelog` writes for a planned changelog (with `categories`: grouped as given). */
export function changelogSection(
  planned: PlannedChangelog,
  categories?: ChangelogCategory[] | undefined,
): string {
  const plan = categories
    ? { ...planned.plan, consolidation: { ...planned.plan.consolidation, categories } }
    : planned.plan
  const updated = updateChangelog(planned.current, planned.release, plan)
  if (!updated.ok) throw new Error(`changelog update failed after planning: ${updated.error.message}`)
  return updated.value.section
}

/** Open or refresh the line's release PR for its next release. */
export async function updateReleasePr(
  deps: ReleasePrDeps,
  lineName: string,
  options: {
    request?: ReleasePrRequest | undefined
    pin?: ReleasePrPin | undefined
    /**
     * A refresh after pushes: nothing is written when the open PR was computed
     * at this commit already, or when the line's release PR was merged and
     * its tag is not the line's latest release yet (publishing comes first).
     */
    refresh?: boolean | undefined
  } = {},
): Promise<ReleasePrOutcome> {
  const line = deps.lines.find((l) => l.name === lineName)
  if (line?.mode !== 'pr')
    return {
      kind: 'failed',
      code: 'not_pr_mode',
      message: `line ${lineName} is not a release-PR line (mode: pr)`,
    }
  const text = await releasePrText(deps, line, options.request)
  if (!text.ok) return { kind: 'nothing', message: text.message }
  const { plan } = text
  if (!plan.to || plan.refusal)
    return { kind: 'nothing', message: plan.refusal?.message ?? `nothing to release on line ${line.name}` }
  const to = plan.to
  const branch = releaseBranchOf(line)
  const before = await deps.host.findReleasePr(branch)
  const current = options.refresh ? refreshNotNeeded(before, plan.from?.tag, to.sha) : null
  if (current) return { kind: 'nothing', message: current }
  const { pin } = options
  const moved = pin ? pinMismatch(pin, to, text.markdown) : null
  if (moved) return { kind: 'stale', message: moved }
  const versions = await versionFileChanges(deps, line, to)
  if (!Array.isArray(versions)) return versions
  const changelog = await changelogChange(deps, line, text, pin)
  if (changelog && !('path' in changelog)) return changelog
  // A refresh after pushes keeps the `next:` the PR was opened with, for the same version.
  const kept = before && readMarker(before.body)
  const next = options.request?.next ?? (kept && kept.version === to.version ? kept.next : undefined)
  const extras = await releasePrExtras(deps, line, text, next)
  if (!extras.ok) return { kind: 'failed', code: 'next_version', message: extras.error }
  const changes = [...versions, ...(changelog ? [changelog] : []), ...extras.value]

  const title = `chore(${line.name}): release ${to.version}`
  await deps.host.writeReleaseBranch(branch, to.sha, title, changes)
  const marker: Marker = {
    line: line.name,
    version: to.version,
    tag: to.tag,
    bump: plan.bump as Bump,
    at: to.sha,
    ...(next ? { next } : {}),
  }
  const body = releasePrBody(marker, text.markdown)
  const pr = await deps.host.upsertReleasePr({
    branch,
    base: line.branch,
    title,
    body,
    labels: ['autorelease: pending'],
  })
  const kind = before?.state === 'open' && before.number === pr.number ? 'updated' : 'opened'
  return { kind, pr, tag: to.tag, version: to.version }
}

type Failed = Extract<ReleasePrOutcome, { kind: 'failed' | 'stale' }>

/**
 * What the release PR writes besides the version files and the CHANGELOG:
 * a final release removes its fragment files, a `.0` release advances the
 * next development version (`nextVersion`).
 */
export async function releasePrExtras(
  deps: Pick<ReleasePrDeps, 'host'>,
  line: ReleaseLine,
  text: ReleaseText,
  override: string | undefined,
): Promise<Result<FileChange[], string>> {
  const to = text.plan.to!
  const next = plannedNextVersion(line, to.version, override)
  if (!next.ok) return next
  if (next.value !== null && nextVersionCommit(line) !== 'pr')
    return err(
      `line ${line.name} releases through a release PR, which writes the next development version: set nextVersion.commit to pr`,
    )
  return releaseExtras(deps.host, line, to, text.fragments, next.value)
}

/** Why a refresh after pushes writes nothing (the PR is current, or a merged one awaits publishing), or null. */
function refreshNotNeeded(
  pr: ReleasePullRequest | null,
  latest: string | undefined,
  sha: string,
): string | null {
  const marker = pr ? readMarker(pr.body) : null
  if (!pr || !marker) return null
  if (pr.state === 'open' && marker.at === sha)
    return `release PR #${pr.number} is already computed at ${sha.slice(0, 7)}`
  if (pr.merged && marker.tag !== latest)
    return `release PR #${pr.number} was merged and ${marker.tag} is not published yet: it is published first`
  return null
}

/** Why what a preview pinned differs from the release planned now, or null. */
function pinMismatch(pin: ReleasePrPin, to: { sha: string; tag: string }, notes: string): string | null {
  if (to.sha !== pin.sha)
    return `the branch moved since the preview (${pin.sha.slice(0, 7)} → ${to.sha.slice(0, 7)})`
  if (to.tag !== pin.tag) return `the version changed since the preview (${pin.tag} → ${to.tag})`
  if (hashText(notes) !== pin.notesHash) return 'the release notes changed since the preview'
  return null
}

/** The line's version files at `to.sha`, bumped to `to.version`. */
async function versionFileChanges(
  deps: ReleasePrDeps,
  line: ReleaseLine,
  to: { sha: string; version: string },
): Promise<FileChange[] | Failed> {
  const changes: FileChange[] = []
  for (const file of line.versionFiles) {
    const path = versionFilePath(file)
    const current = await deps.host.readFile(path, to.sha)
    if (current === null)
      return {
        kind: 'failed',
        code: 'version_file',
        message: `${path} is not in the repository: fix versionFiles`,
      }
    const bumped = bumpVersionFile(file, current, to.version)
    if (!bumped.ok) return { kind: 'failed', code: 'version_file', message: bumped.error }
    changes.push({ path, content: bumped.value })
  }
  return changes
}

/** The CHANGELOG with the release's section: exactly the section a preview pinned, or a refusal. */
async function changelogChange(
  deps: ReleasePrDeps,
  line: ReleaseLine,
  text: ReleaseText,
  pin: ReleasePrPin | undefined,
): Promise<FileChange | Failed | null> {
  const planned = await planReleasePrChangelog(deps, line, text, pin?.changelog?.date)
  if (!planned.ok) return { kind: 'failed', code: 'changelog', message: planned.message }
  if (!planned.value) return null
  const { current, release, plan: changelogPlan } = planned.value
  const pinned = pin?.changelog
  if (pinned && hashText(changelogSection(planned.value)) !== pinned.flatHash)
    return { kind: 'stale', message: `the ${planned.value.path} section changed since the preview` }
  const categories = pinned?.categories
  const updated = updateChangelog(
    current,
    release,
    categories
      ? { ...changelogPlan, consolidation: { ...changelogPlan.consolidation, categories } }
      : changelogPlan,
  )
  if (!updated.ok)
    return { kind: 'failed', code: 'changelog', message: `${line.changelog}: ${updated.error.message}` }
  // Exactly the section the person chose, byte for byte, or nothing.
  if (pinned && hashText(updated.value.section) !== pinned.hash)
    return { kind: 'stale', message: `the chosen ${planned.value.path} section no longer applies` }
  return { path: planned.value.path, content: updated.value.text }
}
