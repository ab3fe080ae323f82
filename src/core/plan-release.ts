/**
 * The release planner: which version a line's next release gets, from which
 * commits, and why. Pure: the caller reads tags and commits first.
 *
 * Two steps, because what to read depends on the first:
 * 1. `selectBase` picks the line's tags and the last stable release reachable
 *    from the target commit (the caller then reads the commits since it);
 * 2. `planRelease` computes the version, the commits and the notes.
 */
import { type ParsedMessage, parseCommitMessage } from './commit-message.ts'
import { matchesAnyGlob } from './glob.ts'
import type { Bump, BumpOrNone, ReleaseLine } from './release-line.ts'
import { touchesLine } from './release-line.ts'
import { type NoteLinks, renderReleaseNotes } from './release-notes.ts'
import {
  bumpBetween,
  bumpRank,
  compareVersions,
  coreOf,
  incrementVersion,
  isPrerelease,
  type LineTag,
  nextPrerelease,
  normaliseVersion,
  prereleaseId,
  type TagRef,
  versionOfTag,
} from './versions.ts'

export type RawCommit = {
  sha: string
  parents: string[]
  author: string
  email: string
  date: string
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
  /** Prerelease identifier: `rc`, `beta`. */
  prerelease?: string | undefined
}

export type RefusalCode = 'nothing-to-release' | 'tag-exists' | 'version-not-greater' | 'invalid-version'

export type ReleasePlan = {
  line: string
  from: { tag: string; version: string; sha: string } | null
  to: { tag: string; version: string; sha: string } | null
  bump: BumpOrNone
  /** How the version was chosen. */
  reason: 'commits' | 'release-as' | 'forced-bump' | 'explicit-version' | 'initial' | 'none'
  commits: PlannedCommit[]
  /** Shas of the commits that decided the bump. */
  drivers: string[]
  /** The last stable release, which the bump is computed from. */
  base: { tag: string; version: string; sha: string } | null
  notes: string
  refusal: { code: RefusalCode; message: string } | null
}

export type BaseSelection = {
  /** Every tag of the line, minus ignored and hidden ones, highest version first. */
  lineTags: LineTag[]
  /** The line's tags reachable from the target. */
  reachable: LineTag[]
  /** The last stable release reachable from the target. */
  stable: LineTag | null
}

export type SelectBaseInput = {
  line: ReleaseLine
  tags: readonly TagRef[]
  /** Names of the tags reachable from the target (`git tag --merged`). */
  merged: ReadonlySet<string>
  targetSha: string
}

/** Step 1: the line's tags, and the last stable release reachable from the target. */
export function selectBase({ line, tags, merged, targetSha }: SelectBaseInput): BaseSelection {
  const lineTags: LineTag[] = []
  for (const { name, sha, time } of tags) {
    const version = versionOfTag(name, line.tagPrefix)
    if (!version || sha === targetSha || matchesAnyGlob(name, line.ignoreTags)) continue
    lineTags.push({ tag: name, version, sha, prerelease: isPrerelease(version), time })
  }
  lineTags.sort((a, b) => compareVersions(b.version, a.version))
  const reachable = lineTags.filter((t) => merged.has(t.tag))
  return { lineTags, reachable, stable: reachable.find((t) => !t.prerelease) ?? null }
}

/**
 * The likely last stable release, before reachability is known: the highest
 * stable version among the line's tags whose commit is not newer than the
 * target. Reading the commits since it can then start at once, while the forge
 * confirms that it is an ancestor (a whole-history walk on a big repository,
 * so it runs alongside rather than before). Tags without a date are skipped.
 */
export function guessStableBase(
  line: ReleaseLine,
  tags: readonly TagRef[],
  target: { sha: string; time: number },
): LineTag | null {
  const { lineTags } = selectBase({ line, tags, merged: new Set(), targetSha: target.sha })
  return lineTags.find((t) => !t.prerelease && t.time !== undefined && t.time <= target.time) ?? null
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
}

export type Counted = { raw: RawCommit; msg: ParsedMessage; bump: BumpOrNone }

/** Step 2: the version, commits and notes of the next release. */
export function planRelease(input: PlanReleaseInput): ReleasePlan {
  const { line, base, target, request } = input
  const counted = input.counted ?? countCommits(input.commits, line)
  const stable = base.stable
  const stableVersion = stable?.version ?? null
  const preOne = stableVersion?.startsWith('0.') ?? false

  let bump: BumpOrNone = 'none'
  let drivers: Counted[] = []
  for (const c of counted) {
    const level = applyPreMajor(c.bump, preOne, line)
    if (level === 'none') continue
    if (bumpRank(level) > bumpRank(bump)) {
      bump = level
      drivers = [c]
    } else if (level === bump) drivers.push(c)
  }

  const empty = (code: RefusalCode, message: string, reason: ReleasePlan['reason'] = 'none'): ReleasePlan =>
    finish(input, counted, null, 'none', reason, drivers, { code, message })

  let reason: ReleasePlan['reason'] = 'commits'
  let version: string
  if (request.version !== undefined) {
    const explicit = normaliseVersion(request.version)
    if (!explicit)
      return empty('invalid-version', `not a semantic version: "${request.version}" (expected like 1.2.3)`)
    if (stableVersion && compareVersions(explicit, stableVersion) <= 0)
      return empty(
        'version-not-greater',
        `${explicit} is not greater than the last release ${stable!.tag}: pick a higher version`,
      )
    version = explicit
    reason = 'explicit-version'
  } else {
    const releaseAs = highestReleaseAs(counted, stableVersion)
    if (releaseAs) {
      version = releaseAs.version
      reason = 'release-as'
      drivers = [releaseAs.commit]
    } else {
      if (request.bump !== 'auto') {
        bump = request.bump
        reason = 'forced-bump'
      }
      if (bump === 'none') {
        const since = stable ? `since ${stable.tag}` : 'in this line'
        return empty(
          'nothing-to-release',
          counted.length === 0
            ? `nothing to release: no commits for line "${line.name}" ${since}`
            : `nothing to release: none of the ${counted.length} commits ${since} is a releasable type (${releasableTypes(line)}); pass --bump to force one`,
        )
      }
      if (stable) version = incrementVersion(stable.version, bump)
      else {
        version = line.initialVersion
        if (reason === 'commits') reason = 'initial'
      }
    }
  }

  if (request.prerelease && !isPrerelease(version)) {
    version = prereleaseVersion(version, request.prerelease, base)
  }
  // Commits decide the bump; an explicit, Release-As or first version reports the distance it jumps
  // (a line's first release is a major: the two-person rule treats it so).
  const finalBump: BumpOrNone =
    reason === 'commits' || reason === 'forced-bump' ? bump : bumpBetween(stableVersion, version)
  const tag = `${line.tagPrefix}${version}`
  const to = { tag, version, sha: target.sha }
  const refusal = input.existingTags.has(tag)
    ? {
        code: 'tag-exists' as const,
        message: `tag ${tag} already exists: Herald never moves or overwrites a tag`,
      }
    : null
  return finish(input, counted, to, finalBump, reason, drivers, refusal)
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
  let from = stable
  if (to && isPrerelease(to.version)) {
    from = input.base.reachable.find((t) => compareVersions(t.version, to.version) < 0) ?? stable
  }
  let listed = counted
  if (from && stable && from.sha !== stable.sha) {
    const old = ancestorsWithin(input.commits, from.sha)
    listed = counted.filter((c) => !old.has(c.raw.sha))
  }
  const commits = listed.map(toPlanned)
  const pick = (t: LineTag | null) => (t ? { tag: t.tag, version: t.version, sha: t.sha } : null)
  return {
    line: input.line.name,
    from: pick(from),
    to,
    bump,
    reason: to ? reason : 'none',
    commits,
    drivers: drivers.map((d) => d.raw.sha),
    base: pick(stable),
    notes: renderReleaseNotes(commits, input.links, input.line.notes),
    refusal,
  }
}

function toPlanned({ raw, msg, bump }: Counted): PlannedCommit {
  return {
    sha: raw.sha,
    subject: msg.subject,
    type: msg.type,
    scope: msg.scope,
    breaking: msg.breaking,
    pr: msg.pr,
    bump,
    header: msg.header,
    breakingNotes: msg.breakingNotes,
    author: raw.author,
  }
}

/**
 * The commits that count for the line: in its paths and not ignored. A commit
 * and its revert in the same range both stay: adding a commit never lowers a
 * release (issue #2), and the notes show both.
 */
export function countCommits(commits: readonly RawCommit[], line: ReleaseLine): Counted[] {
  const tally = tallyCommits(line)
  tally.add(commits)
  return tally.result()
}

/**
 * `countCommits` in steps, so that commits can be parsed while `git log` is
 * still streaming them (parsing overlaps with git on the second core).
 */
export function tallyCommits(line: ReleaseLine): {
  add(batch: readonly RawCommit[]): void
  result(): Counted[]
} {
  const scoped = line.paths.length > 0 || line.excludePaths.length > 0
  const out: Counted[] = []
  return {
    add(batch) {
      for (const raw of batch) {
        if (scoped && !touchesLine(line, raw.files ?? [])) continue
        const msg = parseCommitMessage(raw.message, line.breakingNotes)
        if (line.ignoreCommits.some((re) => re.test(msg.header))) continue
        out.push({ raw, msg, bump: commitBump(msg, line) })
      }
    },
    result: () => out,
  }
}

/** What one commit asks for under the line's rules (before the pre-1.0 mapping). */
export function commitBump(
  msg: ParsedMessage,
  line: Pick<ReleaseLine, 'bumps' | 'breakingNotes'>,
): BumpOrNone {
  // Strict parsers (release-please) ignore non-conventional messages entirely;
  // angular-style analysers (semantic-release) honour a breaking note anywhere.
  if (msg.breaking && (msg.type !== null || line.breakingNotes === 'loose')) return 'major'
  if (msg.type === null) return 'none'
  if (line.bumps.minor.includes(msg.type)) return 'minor'
  if (line.bumps.patch.includes(msg.type) || line.bumps.patch.includes('*')) return 'patch'
  return 'none'
}

function applyPreMajor(bump: BumpOrNone, preOne: boolean, line: ReleaseLine): BumpOrNone {
  if (!preOne) return bump
  if (bump === 'major') return line.preMajor.breaking
  if (bump === 'minor') return line.preMajor.feature
  return bump
}

function highestReleaseAs(
  counted: Counted[],
  stable: string | null,
): { version: string; commit: Counted } | null {
  let best: { version: string; commit: Counted } | null = null
  for (const c of counted) {
    const v = c.msg.releaseAs ? normaliseVersion(c.msg.releaseAs) : null
    if (!v || (stable && compareVersions(v, stable) <= 0)) continue
    if (!best || compareVersions(v, best.version) > 0) best = { version: v, commit: c }
  }
  return best
}

/**
 * The prerelease of `version` for `id`: continue the series of that core and
 * identifier, or a higher one already reachable (semantic-release keeps a
 * channel's series going), or start one at `.1`.
 */
function prereleaseVersion(version: string, id: string, base: BaseSelection): string {
  let core = coreOf(version)
  for (const t of base.reachable) {
    if (prereleaseId(t.version) !== id) continue
    const tCore = coreOf(t.version)
    if (compareVersions(tCore, core) > 0 && (!base.stable || compareVersions(tCore, base.stable.version) > 0))
      core = tCore
  }
  // Numbered from the series reachable from the target: what exists elsewhere
  // is caught by the tag-exists check, never skipped over silently.
  return nextPrerelease(
    core,
    id,
    base.reachable.map((t) => t.version),
  )
}

/** Shas of `start` and its ancestors among `commits`. */
export function ancestorsWithin(commits: readonly RawCommit[], start: string): Set<string> {
  const parents = new Map(commits.map((c) => [c.sha, c.parents]))
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length) {
    const sha = stack.pop()!
    if (seen.has(sha) || !parents.has(sha)) continue
    seen.add(sha)
    stack.push(...parents.get(sha)!)
  }
  return seen
}

function releasableTypes(line: ReleaseLine): string {
  const types = [...line.bumps.minor, ...line.bumps.patch]
  return types.includes('*') ? 'any conventional type' : types.join(', ')
}
