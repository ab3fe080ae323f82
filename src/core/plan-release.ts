/**
 * The release planner's decision: which version a line's next release gets,
 * from which commits, and why. Pure: `planNextRelease` (plan-next-release.ts)
 * asks the history what this needs; tests and the changelog rebuild call it
 * with what they already hold.
 */
import { ancestorsWithin, type BaseSelection, selectBase } from './base-selection.ts'
import { type Counted, countCommits, extensionOf, highestBump } from './bump-tally.ts'
import { chooseVersion } from './next-version.ts'
import { prereleaseVersion, previousInSeries } from './prerelease-series.ts'
import type { Bump, BumpOrNone, ReleaseLine } from './release-line.ts'
import {
  extendNotes,
  type NoteLinks,
  type NotesDraft,
  type NotesOptions,
  notesDraft,
  notesDrafter,
  notesText,
} from './release-notes.ts'
import { type CalendarDay, schemeOf } from './version-scheme/index.ts'
import type { LineTag } from './versions.ts'

// Callers that plan from data they hold take the base selection from here too.
export { type BaseSelection, selectBase }

export type RawCommit = {
  sha: string
  parents: string[]
  author: string
  /** When it was authored (unix seconds; 0 when the forge does not say). */
  time: number
  /**
   * The commit message. A forge may keep only its first line when the rest
   * holds none of `BODY_MARKERS`, and of the rest only what follows
   * `footerStart` (commit-message.ts): the parse is the same.
   */
  message: string
  /** Paths the commit touches; present when the line is path-scoped. */
  files?: string[]
}

export type PlannedCommit = {
  sha: string
  subject: string
  type: string | null
  scope: string | null
  breaking: boolean
  pr: number | null
  /** What this commit alone asks for. */
  bump: BumpOrNone
  header: string
  breakingNotes: string[]
  author: string
}

export type PlanRequest = {
  bump: 'auto' | Bump
  /** An explicit version, `1.2.3` or `v1.2.3`. */
  version?: string | undefined
  /** Prerelease identifier: `rc`, `beta` (PEP 440: `a`, `b`, `rc`, `dev`). */
  prerelease?: string | undefined
  /** The day planned on, from the caller's clock: a calendar version's year and month. */
  today?: CalendarDay | undefined
}

export type RefusalCode =
  | 'nothing-to-release'
  | 'tag-exists'
  | 'version-not-greater'
  | 'invalid-version'
  | 'out-of-range'

export type ReleasePlan = {
  line: string
  from: { tag: string; version: string; sha: string } | null
  to: { tag: string; version: string; sha: string } | null
  bump: BumpOrNone
  /** How the version was chosen (`version-file`: the line's `version.file` says it; `fragments`: the news fragments' types). */
  reason:
    | 'commits'
    | 'release-as'
    | 'forced-bump'
    | 'explicit-version'
    | 'version-file'
    | 'initial'
    | 'fragments'
    | 'none'
  commits: PlannedCommit[]
  /** Shas of the commits that decided the bump. */
  drivers: string[]
  /** The last stable release, which the bump is computed from. */
  base: { tag: string; version: string; sha: string } | null
  notes: string
  refusal: { code: RefusalCode; message: string } | null
}

export type PlanReleaseInput = {
  line: ReleaseLine
  base: BaseSelection
  target: { sha: string }
  /** Commits reachable from the target and not from the stable base, newest first. */
  commits: readonly RawCommit[]
  /** Every tag name in the repository that counts as existing (for the tag-exists check). */
  existingTags: ReadonlySet<string>
  request: PlanRequest
  links?: NoteLinks | undefined
  /** `commits` already counted (by `tallyCommits`, while streaming). */
  counted?: Counted[] | undefined
  /**
   * When `commits` are only a line's own (their parents leave the list), the
   * commits of the list each tag in the range descends from, by tag sha.
   */
  ancestry?: ReadonlyMap<string, ReadonlySet<string>> | undefined
}

/** The version, commits and notes of the next release, from the commits since the stable base. */
export function planRelease(input: PlanReleaseInput): ReleasePlan {
  const { line, base, target, request } = input
  const counted = input.counted ?? countCommits(input.commits, line)
  const scheme = schemeOf(line)
  const stableVersion = base.stable?.version ?? line.releasePlease?.manifestVersion ?? null
  // Below 1.0.0 the pre-1.0 rules apply; a calendar version is never "below 1.0".
  const preOne = !line.calver && (stableVersion?.startsWith('0.') ?? false)
  const tally = highestBump(counted, preOne, line)
  const chosen = chooseVersion({ line, stable: base.stable, request, counted, tally })
  if ('code' in chosen) return finish(input, counted, null, 'none', 'none', tally.drivers, chosen)

  let version = chosen.version
  if (request.prerelease && !scheme.isPrerelease(version)) {
    version = prereleaseVersion(version, request.prerelease, base, scheme)
  }
  // Commits decide the bump; an explicit, Release-As or first version reports the distance it jumps
  // (a line's first release is a major: the two-person rule treats it so).
  const finalBump: BumpOrNone =
    chosen.reason === 'commits' || chosen.reason === 'forced-bump'
      ? chosen.bump
      : scheme.bumpBetween(stableVersion, version)
  const tag = `${line.tagPrefix}${version}`
  const to = { tag, version, sha: target.sha }
  const refusal = input.existingTags.has(tag)
    ? {
        code: 'tag-exists' as const,
        message: `tag ${tag} already exists: Herald never moves or overwrites a tag`,
      }
    : null
  return finish(input, counted, to, finalBump, chosen.reason, chosen.drivers, refusal)
}

function finish(
  input: PlanReleaseInput,
  counted: Counted[],
  to: ReleasePlan['to'],
  bump: BumpOrNone,
  reason: ReleasePlan['reason'],
  drivers: Counted[],
  refusal: ReleasePlan['refusal'],
): ReleasePlan {
  const stable = input.base.stable
  // A prerelease lists what is new since the previous release of its series;
  // a stable release takes everything since the last stable one.
  // (A release-please pre-release series counts from its latest release, the base.)
  const scheme = schemeOf(input.line)
  const series =
    to && scheme.isPrerelease(to.version) && input.line.releasePlease?.versioning !== 'prerelease'
  const from = series ? previousInSeries(input.base, to.version, scheme) : stable
  let listed = counted
  if (from && stable && from.sha !== stable.sha) {
    const old = input.ancestry?.get(from.sha) ?? ancestorsWithin(input.commits, from.sha)
    listed = counted.filter((c) => !old.has(c.planned.sha))
  }
  const { commits, notes } = plannedWithNotes(listed, input.links, input.line.notes)
  const pick = (t: LineTag | null) => (t ? { tag: t.tag, version: t.version, sha: t.sha } : null)
  return {
    line: input.line.name,
    from: pick(from),
    to,
    bump,
    reason: to ? reason : 'none',
    commits,
    drivers: drivers.map((d) => d.planned.sha),
    base: pick(stable),
    notes,
    refusal,
  }
}

type Listed = { commits: readonly PlannedCommit[]; draft: NotesDraft }

// The planned commits and notes draft of frozen counted lists (`tallyCommits` keeps those under
// the frozen commit lists `herald serve`'s history answers with): a counted list never changes,
// so neither do these. A list with new commits in front of one planned before reuses its work.
const listedOf = new WeakMap<readonly Counted[], Listed>()

// What `listInSteps` made while a counted list streamed in: taken once, by the plan of that list.
const streamed = new WeakMap<readonly Counted[], Listed>()

/**
 * The planned commits and notes draft of a counted list worked out batch by
 * batch while its commits are still being read (`plan-next-release.ts`): once
 * the last commit is in, a plan of a long range has only the notes' text left
 * to join. `keep` hands them to the plan of the list they were made from, the
 * batches' commits in order (any other list is planned the usual way). The
 * links and notes options are the ones the plan is asked with.
 */
export function listInSteps(
  links: NoteLinks | undefined,
  options: Partial<NotesOptions> | undefined,
): { add(batch: readonly Counted[]): void; keep(counted: readonly Counted[]): void } {
  const commits: PlannedCommit[] = []
  const drafter = notesDrafter(links, options)
  return {
    add(batch) {
      const planned = batch.map(toPlanned)
      for (const c of planned) commits.push(c)
      drafter.add(planned)
    },
    keep(counted) {
      if (counted.length === commits.length && counted.every((c, i) => c.planned === commits[i]))
        streamed.set(counted, { commits, draft: drafter.draft() })
    },
  }
}

function plannedWithNotes(
  counted: readonly Counted[],
  links: NoteLinks | undefined,
  options: Partial<NotesOptions> | undefined,
): { commits: PlannedCommit[]; notes: string } {
  const known = listedOf.get(counted) ?? streamed.get(counted)
  streamed.delete(counted)
  let listed = known && known.draft.links === links && known.draft.options === options ? known : null
  const extension = listed ? undefined : extensionOf(counted)
  const tail = extension && listedOf.get(extension.tail)
  if (extension && tail) {
    const front = extension.front.map(toPlanned)
    const draft = extendNotes(tail.draft, front, links, options)
    if (draft) listed = { commits: front.concat(tail.commits), draft }
  }
  if (!listed) {
    const commits = counted.map(toPlanned)
    listed = { commits, draft: notesDraft(commits, links, options) }
  }
  if (Object.isFrozen(counted)) listedOf.set(counted, listed)
  // A copy of the list (not of its commits): the plan's own, whoever holds it.
  return { commits: [...listed.commits], notes: notesText(listed.draft) }
}

const toPlanned = (c: Counted): PlannedCommit => c.planned
