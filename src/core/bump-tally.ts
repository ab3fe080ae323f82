/**
 * What each commit of a range asks of a line: which commits count for it, and
 * the bump each one asks for under the line's rules.
 */
import { type BreakingNotesMode, type ParsedMessage, parseCommitMessage } from './commit-message.ts'
import type { RawCommit } from './plan-release.ts'
import { type BumpOrNone, type ReleaseLine, touchesLine } from './release-line.ts'
import { bumpRank } from './versions.ts'

export type Counted = { raw: RawCommit; msg: ParsedMessage; bump: BumpOrNone }

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
 */
export function tallyCommits(
  line: ReleaseLine,
  parse: (raw: RawCommit, mode: BreakingNotesMode) => ParsedMessage = (raw, mode) =>
    parseCommitMessage(raw.message, mode),
): {
  add(batch: readonly RawCommit[]): void
  result(): Counted[]
} {
  const scoped = line.paths.length > 0 || line.excludePaths.length > 0
  const out: Counted[] = []
  return {
    add(batch) {
      for (const raw of batch) {
        if (scoped && !touchesLine(line, raw.files ?? [])) continue
        const msg = parse(raw, line.breakingNotes)
        const bump = commitBump(msg, line)
        // A breaking change is never a mere release commit: `chore!: release 2.0.0` asks for a major.
        if (bump !== 'major' && line.ignoreCommits.some((re) => re.test(msg.header))) continue
        out.push({ raw, msg, bump })
      }
    },
    result: () => (line.revertPairs === 'drop' ? withoutRevertPairs(out) : out),
  }
}

/**
 * The commits minus every commit reverted in the same range and the commit
 * reverting it, as semantic-release's commit analyzer filters them: a revert
 * pairs with the commit whose sha and header it names (`Revert "<header>"`,
 * `This reverts commit <sha>.`).
 */
export function withoutRevertPairs(counted: readonly Counted[]): Counted[] {
  const reverts = counted.filter((c) => c.msg.revert?.sha)
  if (reverts.length === 0) return [...counted]
  const bySha = new Map(counted.map((c) => [c.raw.sha, c]))
  const dropped = new Set<string>()
  for (const r of reverts) {
    const target = bySha.get(r.msg.revert!.sha!)
    if (!target || target.msg.header.trim() !== r.msg.revert!.header?.trim()) continue
    dropped.add(target.raw.sha)
    dropped.add(r.raw.sha)
  }
  return counted.filter((c) => !dropped.has(c.raw.sha))
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
    const level = applyPreMajor(c.bump, preOne, line)
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
