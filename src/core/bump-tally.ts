/**
 * What each commit of a range asks of a line: which commits count for it, and
 * the bump each one asks for under the line's rules.
 */
import { type BreakingNotesMode, type ParsedMessage, parseCommitMessage } from './commit-message.ts'
import type { PlannedCommit, RawCommit } from './plan-release.ts'
import { type BumpOrNone, type ReleaseLine, touchesLine } from './release-line.ts'
import { bumpRank } from './versions.ts'

/**
 * A commit that counts for a line: what the plan shows of it (with the bump it
 * asks for), and the two things of its message the plan reads besides. The
 * parsed message itself is not kept: 50,000 of them were a tenth of a big
 * plan's heap.
 */
export type Counted = {
  planned: PlannedCommit
  releaseAs: ParsedMessage['releaseAs']
  revert: ParsedMessage['revert']
}

/**
 * The commits that count for the line: in its paths and not ignored. Under
 * Herald's rules a commit and its revert in the same range both stay (adding a
 * commit never lowers a release, and the notes show both); a line with
 * `revertPairs: 'drop'` (the semantic-release preset) leaves both out.
 */
export function countCommits(commits: readonly RawCommit[], line: ReleaseLine): Counted[] {
  const tally = tallyCommits(line)
  tally.add(commits)
  return tally.result()
}

/**
 * `countCommits` in steps, so that commits can be parsed while `git log` is
 * still streaming them (parsing overlaps with git on the second core).
 *
 * A list of commits a history keeps between plans (`herald serve`) comes
 * frozen and the same object each time, newest commits in front of it when
 * there are some: what it counts for the line is kept under it (`result(of)`)
 * and a batch counted before is not counted again.
 */
export function tallyCommits(
  line: ReleaseLine,
  parse: (raw: RawCommit, mode: BreakingNotesMode) => ParsedMessage = (raw, mode) =>
    parseCommitMessage(raw.message, mode),
): {
  /** Counts a batch: what it counts for the line, and whether that was known from before (not counted again). */
  add(batch: readonly RawCommit[]): { counted: readonly Counted[]; known: boolean }
  /** `of`: the whole list added, batch after batch; kept when frozen. */
  result(of?: readonly RawCommit[]): Counted[]
} {
  const scoped = line.paths.length > 0 || line.excludePaths.length > 0
  const key = countingKey(line)
  const batches: (readonly RawCommit[])[] = []
  const parts: { counted: readonly Counted[]; known: boolean }[] = []
  const countBatch = (batch: readonly RawCommit[]): Counted[] => {
    const out: Counted[] = []
    for (const raw of batch) {
      if (scoped && !touchesLine(line, raw.files ?? [])) continue
      const msg = parse(raw, line.breakingNotes)
      const bump = commitBump(msg, line)
      // A breaking change is never a mere release commit: `chore!: release 2.0.0` asks for a major.
      if (bump !== 'major' && line.ignoreCommits.some((re) => re.test(msg.header))) continue
      out.push(countedOf(raw, msg, bump))
    }
    return out
  }
  return {
    add(batch) {
      batches.push(batch)
      const known = countedLists.get(batch)?.get(key)
      const part = known ? { counted: known, known: true } : { counted: countBatch(batch), known: false }
      parts.push(part)
      return part
    },
    result(of) {
      const all = joined(parts)
      if (of && Object.isFrozen(of) && isConcatenation(of, batches)) keepCounted(of, key, all)
      return line.revertPairs === 'drop' ? withoutRevertPairs(all) : (all as Counted[])
    },
  }
}

// What frozen lists of commits count for a line, by the line's counting rules (`countingKey`):
// a frozen list's content never changes, so neither does this. Held as long as the list is.
const countedLists = new WeakMap<readonly RawCommit[], Map<string, readonly Counted[]>>()
// A counted list made of new commits in front of a list counted before: see `extensionOf`.
const extensions = new WeakMap<readonly Counted[], { front: readonly Counted[]; tail: readonly Counted[] }>()

function keepCounted(of: readonly RawCommit[], key: string, counted: readonly Counted[]): void {
  Object.freeze(counted)
  const byKey = countedLists.get(of) ?? new Map<string, readonly Counted[]>()
  byKey.set(key, counted)
  countedLists.set(of, byKey)
}

/** The parts' lists one after the other; a part counted before at the end is remembered as the tail. */
function joined(parts: readonly { counted: readonly Counted[]; known: boolean }[]): readonly Counted[] {
  if (parts.length === 1) return parts[0]!.counted
  const all = parts.flatMap((p) => p.counted)
  const last = parts[parts.length - 1]
  if (last?.known) {
    const front = parts.slice(0, -1).flatMap((p) => p.counted)
    // Only one step back is ever asked for: the tail's own extension can go.
    extensions.delete(last.counted)
    extensions.set(all, { front, tail: last.counted })
  }
  return all
}

/**
 * When a counted list is new commits (`front`) in front of a frozen list
 * counted before (`tail`): what was worked out from the tail can be reused.
 */
export function extensionOf(
  counted: readonly Counted[],
): { front: readonly Counted[]; tail: readonly Counted[] } | undefined {
  return extensions.get(counted)
}

/** Whether `list` is exactly the batches, one after the other (the same commit objects). */
function isConcatenation(list: readonly RawCommit[], batches: readonly (readonly RawCommit[])[]): boolean {
  let i = 0
  for (const batch of batches) {
    for (const raw of batch) if (list[i++] !== raw) return false
  }
  return i === list.length
}

const keys = new WeakMap<ReleaseLine, string>()

/** Everything of a line that decides how one commit counts for it (`tallyCommits`). */
function countingKey(line: ReleaseLine): string {
  let key = keys.get(line)
  if (key === undefined) {
    key = JSON.stringify([
      line.paths,
      line.excludePaths,
      line.breakingNotes,
      line.bumps,
      line.ignoreCommits.map((re) => `${re}`),
    ])
    keys.set(line, key)
  }
  return key
}

/**
 * The commits minus every commit reverted in the same range and the commit
 * reverting it, as semantic-release's commit analyzer filters them: a revert
 * pairs with the commit whose sha and header it names (`Revert "<header>"`,
 * `This reverts commit <sha>.`).
 */
export function withoutRevertPairs(counted: readonly Counted[]): Counted[] {
  const reverts = counted.filter((c) => c.revert?.sha)
  if (reverts.length === 0) return [...counted]
  const bySha = new Map(counted.map((c) => [c.planned.sha, c]))
  const dropped = new Set<string>()
  for (const r of reverts) {
    const target = bySha.get(r.revert!.sha!)
    if (!target || target.planned.header.trim() !== r.revert!.header?.trim()) continue
    dropped.add(target.planned.sha)
    dropped.add(r.planned.sha)
  }
  return counted.filter((c) => !dropped.has(c.planned.sha))
}

function countedOf(raw: RawCommit, msg: ParsedMessage, bump: BumpOrNone): Counted {
  const planned: PlannedCommit = {
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
  return { planned, releaseAs: msg.releaseAs, revert: msg.revert }
}

/** What one commit asks for under the line's rules (before the pre-1.0 mapping). */
function commitBump(msg: ParsedMessage, line: Pick<ReleaseLine, 'bumps' | 'breakingNotes'>): BumpOrNone {
  // Strict parsers (release-please) ignore non-conventional messages entirely;
  // angular-style analysers (semantic-release) honour a breaking note anywhere.
  if (msg.breaking && (msg.type !== null || line.breakingNotes === 'loose')) return 'major'
  if (msg.type === null) return 'none'
  if (line.bumps.minor.includes(msg.type)) return 'minor'
  if (line.bumps.patch.includes(msg.type) || line.bumps.patch.includes('*')) return 'patch'
  return 'none'
}

/** The highest bump the counted commits ask for (pre-1.0 rules applied), and the commits asking it. */
export function highestBump(
  counted: readonly Counted[],
  preOne: boolean,
  line: ReleaseLine,
): { bump: BumpOrNone; drivers: Counted[] } {
  let bump: BumpOrNone = 'none'
  let drivers: Counted[] = []
  for (const c of counted) {
    const level = applyPreMajor(c.planned.bump, preOne, line)
    if (level === 'none') continue
    if (bumpRank(level) > bumpRank(bump)) {
      bump = level
      drivers = [c]
    } else if (level === bump) drivers.push(c)
  }
  return { bump, drivers }
}

function applyPreMajor(bump: BumpOrNone, preOne: boolean, line: ReleaseLine): BumpOrNone {
  if (!preOne) return bump
  if (bump === 'major') return line.preMajor.breaking
  if (bump === 'minor') return line.preMajor.feature
  return bump
}

/** The types that release something under the line's rules, for the nothing-to-release message. */
export function releasableTypes(line: ReleaseLine): string {
  const types = [...line.bumps.minor, ...line.bumps.patch]
  return types.includes('*') ? 'any conventional type' : types.join(', ')
}
