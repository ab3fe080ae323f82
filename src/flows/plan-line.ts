/**
 * Planning a line's next release against a forge: choose the line, check the
 * request and the branch, then hand the forge's history to the planner
 * (`planNextRelease`). Used by `herald plan`, `/release` and the release PR.
 */

import { matchesAnyGlob } from '../core/glob.ts'
import { planNextRelease } from '../core/plan-next-release.ts'
import type { PlanRequest, ReleasePlan } from '../core/plan-release.ts'
import type { ReleaseLine } from '../core/release-line.ts'
import type { NoteLinks } from '../core/release-notes.ts'
import { calendarDay, lineVersionOfTag, schemeOf } from '../core/version-scheme/index.ts'
import { type Clock, systemClock } from '../ports/clock.ts'
import type { Forge } from '../ports/forge.ts'
import type { ReleaseHistory } from '../ports/history.ts'
import type { FileReader } from '../ports/release-host.ts'
import { fragmentsBump } from './fragments.ts'
import { explainFilePlan, type FileVersion, lineFileVersion } from './line-packages.ts'

export type PlanLineOptions = PlanRequest & {
  line?: string | undefined
  /** Plan as if HEAD were this ref and the tags pointing at it did not exist. */
  at?: string | undefined
  /** Plan even when HEAD is not on the line's branch. */
  force?: boolean | undefined
  /**
   * Plan at the tip of the line's own branch instead of HEAD (several lines
   * released together: each is cut where its branch is, wherever HEAD is).
   */
  branchTip?: boolean | undefined
  onProgress?: ((commitsRead: number) => void) | undefined
  /** Where "today" comes from for calendar versions (default: the system clock). */
  clock?: Clock | undefined
}

export type PlanFailure = {
  ok: false
  /** `input`: the request is wrong (exit 2); `refused`: a valid request Herald declines (exit 1). */
  kind: 'input' | 'refused'
  code: string
  message: string
  /** `already_released`: the tag HEAD carries. */
  tag?: string | undefined
}

export type PlanOutcome = { ok: true; plan: ReleasePlan; line: ReleaseLine; target: string } | PlanFailure

/** Where a message is read: the command line names options `--line NAME`, chat `line:NAME`. */
export type Syntax = 'cli' | 'chat'

export function chooseLine(
  lines: readonly ReleaseLine[],
  name: string | undefined,
  syntax: Syntax = 'cli',
): ReleaseLine | PlanFailure {
  const names = lines.map((l) => l.name).join(', ')
  if (name === undefined) {
    if (lines.length === 1) return lines[0]!
    return {
      ok: false,
      kind: 'input',
      code: 'line_required',
      message: `several release lines (${names}): choose one with ${syntax === 'chat' ? 'line:NAME' : '--line NAME'}`,
    }
  }
  return (
    lines.find((l) => l.name === name) ??
    lines.find((l) => l.releasePlease && samePath(l.releasePlease.path, name)) ?? {
      ok: false,
      kind: 'input',
      code: 'unknown_line',
      message: `no release line named "${name}": the lines are ${names}`,
    }
  )
}

/** A release-please package's path as given (`packages/web`, `./packages/web/`). */
function samePath(path: string, given: string): boolean {
  const norm = (p: string) => p.replace(/^\.\/(?=.)/, '').replace(/\/+$/, '') || '.'
  return norm(path) === norm(given)
}

export async function planLine(
  forge: Forge,
  lines: readonly ReleaseLine[],
  options: PlanLineOptions,
  repoWebUrl?: string | null,
): Promise<PlanOutcome> {
  const line = chooseLine(lines, options.line)
  if ('ok' in line) return line
  const badId = refusePrereleaseId(line, options.prerelease)
  if (badId) return badId
  const checkBranch = options.at === undefined && !options.force && !options.branchTip
  const ref = options.at ?? (options.branchTip ? line.branch : 'HEAD')
  // The planner asks the same two questions first: each is asked of the forge once,
  // beside the branch check (an answer left unused when the check refuses is no error).
  const history = askedOnce(forge)
  for (const asked of [history.resolveCommit(ref), history.tags()]) asked.catch(() => {})
  const [webUrl, wrongBranch] = await Promise.all([
    repoWebUrl === undefined ? forge.webUrl() : Promise.resolve(repoWebUrl),
    checkBranch ? refuseOtherBranch(forge, line) : null,
  ])
  if (wrongBranch) return wrongBranch

  if (options.at === undefined && options.version === undefined) {
    const released = await alreadyReleased(history, line, options.prerelease !== undefined, ref)
    if (released) return released
  }
  const file = await versionOfFile(forge, history, line, ref, options)
  if (file && !file.ok) return file
  const input = {
    line,
    ref,
    // `--at REF`: the tags pointing at REF do not exist; otherwise every tag does.
    hideTagsAtTarget: options.at !== undefined,
    request: {
      bump: options.bump,
      version: file?.version ?? options.version,
      prerelease: options.prerelease,
      // A calendar version takes the day it is planned on (UTC); tests pass a fixed day.
      today: options.today ?? calendarDay((options.clock ?? systemClock).now()),
    },
    links: webUrl ? linksFor(webUrl) : undefined,
    onProgress: options.onProgress,
  }
  let next = await planNextRelease(history, input)
  // With fragments, commits decide the bump; when none calls for one, the fragments do.
  if (next.ok && next.plan.refusal?.code === 'nothing-to-release' && options.bump === 'auto') {
    const bump = await fragmentsBump(forge, line, next.plan, next.target)
    if (bump) next = await planNextRelease(history, { ...input, request: { ...input.request, bump } })
    if (bump && next.ok && next.plan.to) next = { ...next, plan: { ...next.plan, reason: 'fragments' } }
  }
  if (next.ok && file) next.plan = explainFilePlan(next.plan, file, line.tagPrefix)
  if (!next.ok && ref === 'HEAD' && (await history.tags()).length === 0)
    // An empty repository: HEAD names a branch with no commit yet.
    return fail(
      'refused',
      'no_commits',
      'no commits yet: HEAD is a branch without commits (an empty repository?): commit something, then release it',
    )
  if (!next.ok && options.branchTip)
    return fail(
      'refused',
      'no_branch',
      `line "${line.name}" releases from branch "${line.branch}", which does not exist here: create or fetch it, or fix the line's branch`,
    )
  if (!next.ok)
    return fail('input', 'unknown_ref', `no commit named "${ref}": pass a branch, tag or sha that exists`)
  return { ok: true, plan: next.plan, line, target: next.target }
}

/** A pre-release identifier the line's version scheme has no place for. */
function refusePrereleaseId(line: ReleaseLine, id: string | undefined): PlanFailure | null {
  const scheme = schemeOf(line)
  if (id === undefined || scheme.isPrereleaseId(id)) return null
  return fail('input', 'bad_prerelease', `bad prerelease identifier "${id}": use ${scheme.prereleaseIds}`)
}

/**
 * HEAD already carries the line's newest release: there is nothing new to
 * cut. A pre-release there may still be promoted to its final release, unless
 * another pre-release is asked for.
 */
async function alreadyReleased(
  forge: ReleaseHistory,
  line: ReleaseLine,
  prerelease: boolean,
  ref: string,
): Promise<PlanFailure | null> {
  const [head, tags] = await Promise.all([forge.resolveCommit(ref), forge.tags()])
  if (!head) return null
  const scheme = schemeOf(line)
  const releases = tags.flatMap((t) => {
    const version = lineVersionOfTag(line, t.name)
    return version && !matchesAnyGlob(t.name, line.ignoreTags) ? [{ ...t, version }] : []
  })
  const newest = releases.sort((a, b) => scheme.compare(b.version, a.version))[0]
  if (!newest || newest.sha !== head.sha || (scheme.isPrerelease(newest.version) && !prerelease)) return null
  return {
    ...fail(
      'refused',
      'already_released',
      `${ref === 'HEAD' ? 'HEAD' : `${ref} (the line's branch)`} is already ${newest.name}: nothing new to release (commit a change first)`,
    ),
    tag: newest.name,
  }
}

/**
 * A line with `version.file` releases the version the file holds at the
 * target: a version, bump or prerelease asked for besides it is refused,
 * so is a file Herald cannot read. Null for other lines (and for a ref that
 * names nothing: the planner reports that).
 */
async function versionOfFile(
  files: FileReader,
  history: ReleaseHistory,
  line: ReleaseLine,
  ref: string,
  options: PlanLineOptions,
): Promise<({ ok: true } & FileVersion) | PlanFailure | null> {
  if (!line.version) return null
  const path = line.version.file
  if (options.bump !== 'auto' || options.prerelease !== undefined)
    return fail(
      'input',
      'version_from_file',
      `line "${line.name}" releases the version in ${path}: write the version (or pre-release) you want there instead of asking for a bump`,
    )
  const target = await history.resolveCommit(ref)
  if (!target) return null
  const read = await lineFileVersion(files, line, target.sha)
  if (!read) return null
  if (!read.ok) return fail('refused', 'version_file', read.error)
  if (options.version !== undefined && schemeOf(line).normalise(options.version) !== read.value.version)
    return fail(
      'input',
      'version_from_file',
      `line "${line.name}" releases the version in ${path} (${read.value.version}), not ${options.version}: bump ${path} instead`,
    )
  return { ok: true, ...read.value }
}

/** The history with `resolveCommit` and `tags` answered once per question (GitHub: each is a request). */
function askedOnce(forge: Forge): ReleaseHistory {
  const commits = new Map<string, ReturnType<Forge['resolveCommit']>>()
  let tags: ReturnType<Forge['tags']> | undefined
  return {
    resolveCommit: (ref) => {
      if (!commits.has(ref)) commits.set(ref, forge.resolveCommit(ref))
      return commits.get(ref)!
    },
    tags: () => {
      tags ??= forge.tags()
      return tags
    },
    range: (range, onBatch, onRestart) => forge.range(range, onBatch, onRestart),
    tagsReachableFrom: (sha, among) => forge.tagsReachableFrom(sha, among),
    ...(forge.lineRange ? { lineRange: (query) => forge.lineRange!(query) } : {}),
    ...(forge.parse ? { parse: (commit, mode) => forge.parse!(commit, mode) } : {}),
  }
}

/** Without `--at` or `--force`, a line is planned only from its own branch. */
async function refuseOtherBranch(forge: Forge, line: ReleaseLine): Promise<PlanFailure | null> {
  const branch = await forge.currentBranch()
  if (branch === line.branch) return null
  const where = branch ? `on branch "${branch}"` : 'on a detached HEAD'
  return fail(
    'refused',
    'wrong_branch',
    `line "${line.name}" releases from "${line.branch}" but HEAD is ${where}: check out ${line.branch}, or pass --force to plan here anyway`,
  )
}

// The same links object for the same repository: the planner keeps a plan's notes for the
// links they were written with (`plan-release.ts`), so `herald serve`'s repeated plans reuse them.
const linksByUrl = new Map<string, NoteLinks>()

export function linksFor(webUrl: string): NoteLinks {
  let links = linksByUrl.get(webUrl)
  if (!links) {
    if (linksByUrl.size >= 16) linksByUrl.clear()
    links = { commit: (sha) => `${webUrl}/commit/${sha}`, pr: (n) => `${webUrl}/pull/${n}` }
    linksByUrl.set(webUrl, links)
  }
  return links
}

function fail(kind: PlanFailure['kind'], code: string, message: string): PlanFailure {
  return { ok: false, kind, code, message }
}
