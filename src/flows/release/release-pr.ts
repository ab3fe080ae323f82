/**
 * `mode: pr` (the Connexity seed's CLI line, release-please style): keep one
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
import { releaseTitle } from '../../core/release-title.ts'
import { bumpVersionFile, versionFilePath } from '../../core/version-files.ts'
import { coreOf, isPrerelease } from '../../core/versions.ts'
import type { Clock } from '../../ports/clock.ts'
import type { CutResult, Forge } from '../../ports/forge.ts'
import type { FileChange, ReleaseHost, ReleasePrHost, ReleasePullRequest } from '../../ports/release-host.ts'
import type { PlanFailure } from '../plan-line.ts'
import type { ReleaseText, ReleaseTextOptions } from '../release-text.ts'
import { changelogRelease, releaseTextForLine } from '../release-text.ts'
import { hashText } from '../signoff/signoff-log.ts'

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
}

export type ReleasePrOutcome =
  | { kind: 'opened' | 'updated'; pr: ReleasePullRequest; tag: string; version: string }
  | { kind: 'nothing'; message: string }
  /** The plan no longer matches the pinned preview: nothing was written. */
  | { kind: 'stale'; message: string }
  | { kind: 'failed'; code: 'not_pr_mode' | 'version_file' | 'changelog'; message: string }

export type PublishOutcome =
  | { kind: 'published'; pr: ReleasePullRequest; cut: CutResult }
  | { kind: 'already_published'; pr: ReleasePullRequest; tag: string }
  | { kind: 'waiting'; pr: ReleasePullRequest | null; message: string }

type Marker = { line: string; version: string; tag: string; bump?: Bump | undefined }

/** What a `/release` request may ask of a release PR's version. */
export type ReleasePrRequest = Pick<ReleaseTextOptions, 'bump' | 'version' | 'prerelease'>

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

/** A merged release PR of a line: what publishing it tags and releases. */
export type MergedRelease = {
  pr: ReleasePullRequest
  tag: string
  version: string
  /** The merge commit: the tag goes here. */
  sha: string
  bump: Bump
  notes: string
}

const MARKER = /<!-- herald-release (\{[^\n]*\}) -->\n?/

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
  options: { request?: ReleasePrRequest | undefined; pin?: ReleasePrPin | undefined } = {},
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
  const { pin } = options
  if (pin) {
    const why =
      to.sha !== pin.sha
        ? `the branch moved since the preview (${pin.sha.slice(0, 7)} → ${to.sha.slice(0, 7)})`
        : to.tag !== pin.tag
          ? `the version changed since the preview (${pin.tag} → ${to.tag})`
          : hashText(text.markdown) !== pin.notesHash
            ? 'the release notes changed since the preview'
            : null
    if (why) return { kind: 'stale', message: why }
  }

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
  const planned = await planReleasePrChangelog(deps, line, text, pin?.changelog?.date)
  if (!planned.ok) return { kind: 'failed', code: 'changelog', message: planned.message }
  if (planned.value) {
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
    changes.push({ path: planned.value.path, content: updated.value.text })
  }

  const title = `chore(${line.name}): release ${to.version}`
  const branch = releaseBranchOf(line)
  await deps.host.writeReleaseBranch(branch, to.sha, title, changes)
  const before = await deps.host.findReleasePr(branch)
  const marker: Marker = { line: line.name, version: to.version, tag: to.tag, bump: plan.bump as Bump }
  const body = `<!-- herald-release ${JSON.stringify(marker)} -->\n${text.markdown.trimEnd()}\n\n---\nMerge this PR to release ${to.tag}, then run \`/release line:${line.name}\` to tag the merge commit and publish the release.\n`
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

/** The line's release PR when it was merged (whether or not it is published yet), else null. */
export function mergedRelease(pr: ReleasePullRequest | null, lineName: string): MergedRelease | null {
  const marker = pr ? readMarker(pr.body) : null
  if (pr?.state !== 'closed' || !pr.merged || !pr.mergeCommitSha || marker?.line !== lineName) return null
  return {
    pr,
    tag: marker.tag,
    version: marker.version,
    sha: pr.mergeCommitSha,
    // PRs opened before the marker carried the bump: the semver step of a normal increment.
    bump: marker.bump ?? bumpOfVersion(marker.version),
    notes: notesOf(pr.body),
  }
}

/**
 * `/release` on a `mode: pr` line: tag the merged release PR's merge commit
 * and publish it. With `expected`, only that PR and merge commit (what a
 * confirmed preview showed) are published.
 */
export async function publishMergedReleasePr(
  deps: ReleasePrDeps,
  lineName: string,
  expected?: { number: number; sha: string } | undefined,
): Promise<PublishOutcome> {
  const line = deps.lines.find((l) => l.name === lineName)
  const pr = line ? await deps.host.findReleasePr(releaseBranchOf(line)) : null
  if (!pr) return { kind: 'waiting', pr, message: `line ${lineName} has no release PR yet: open one first` }
  if (expected && (pr.number !== expected.number || pr.mergeCommitSha !== expected.sha))
    return {
      kind: 'waiting',
      pr,
      message: `the release PR changed since the preview (now #${pr.number}${pr.mergeCommitSha ? ` merged as ${pr.mergeCommitSha.slice(0, 7)}` : ''}): run /release again`,
    }
  if (pr.state === 'open')
    return {
      kind: 'waiting',
      pr,
      message: `release PR #${pr.number} is still open: review and merge it first`,
    }
  const marker = readMarker(pr.body)
  if (!pr.merged || !pr.mergeCommitSha || !marker || marker.line !== lineName)
    return {
      kind: 'waiting',
      pr,
      message: `release PR #${pr.number} was closed without merging: nothing to publish; update the release PR again`,
    }
  try {
    return { kind: 'published', pr, cut: await cut(deps, line, pr, marker) }
  } catch (error) {
    // The tag and its release are there: published before (a tag without its release is resumed above).
    if ((error as { code?: string }).code === 'tag_exists')
      return { kind: 'already_published', pr, tag: marker.tag }
    throw error
  }
}

function cut(
  deps: ReleasePrDeps,
  line: ReleaseLine | undefined,
  pr: ReleasePullRequest,
  marker: Marker,
): Promise<CutResult> {
  const prerelease = isPrerelease(marker.version)
  return deps.forge.cutRelease({
    tag: marker.tag,
    sha: pr.mergeCommitSha!,
    title: releaseTitle(line, marker.tag, marker.version),
    notes: notesOf(pr.body),
    prerelease,
    makeLatest: !prerelease,
    annotated: line?.annotatedTags,
  })
}

/** `1.0.0` major, `1.2.0` minor, `1.2.3` patch. */
function bumpOfVersion(version: string): Bump {
  const [, minor, patch] = coreOf(version).split('.')
  return patch !== '0' ? 'patch' : minor !== '0' ? 'minor' : 'major'
}

function readMarker(body: string): Marker | null {
  const m = MARKER.exec(body)
  if (!m) return null
  try {
    const v = JSON.parse(m[1]!) as Partial<Marker>
    const bump = v.bump === 'major' || v.bump === 'minor' || v.bump === 'patch' ? v.bump : undefined
    return typeof v.line === 'string' && typeof v.version === 'string' && typeof v.tag === 'string'
      ? { line: v.line, version: v.version, tag: v.tag, bump }
      : null
  } catch {
    return null
  }
}

/** The PR body without Herald's marker and footer: the notes, as reviewers last left them. */
function notesOf(body: string): string {
  return `${body
    .replace(MARKER, '')
    .replace(/\n---\nMerge this PR to release [^\n]*\n?$/, '')
    .trimEnd()}\n`
}
