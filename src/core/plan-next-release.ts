/**
 * Planning a line's next release from its history, in one call: guess the
 * base, read the commits since it while they stream in, confirm the base from
 * what was read, then decide (`planRelease`). Free of I/O itself: it asks the
 * history port, and only what the answers so far make necessary.
 */
import type { CommitPoint, ReleaseHistory } from '../ports/history.ts'
import { ancestorsWithin, type BaseSelection, guessStableBase, selectBase } from './base-selection.ts'
import { type Counted, countCommits, tallyCommits } from './bump-tally.ts'
import {
  listInSteps,
  type PlanRequest,
  planRelease,
  type RawCommit,
  type ReleasePlan,
} from './plan-release.ts'
import { isBaseRelease, isPathScoped, type ReleaseLine } from './release-line.ts'
import type { NoteLinks } from './release-notes.ts'
import type { LineTag, TagRef } from './versions.ts'

export type NextReleaseInput = {
  line: ReleaseLine
  /** The ref the release would be cut from: `HEAD`, a branch, a tag or a sha. */
  ref: string
  /** Plan as if the tags pointing at the target did not exist (`herald plan --at`). */
  hideTagsAtTarget: boolean
  request: PlanRequest
  links?: NoteLinks | undefined
  /** Called every 5,000 commits read. */
  onProgress?: ((commitsRead: number) => void) | undefined
}

export type NextRelease = { ok: true; plan: ReleasePlan; target: string } | { ok: false; code: 'unknown-ref' }

export async function planNextRelease(
  history: ReleaseHistory,
  input: NextReleaseInput,
): Promise<NextRelease> {
  const { line } = input
  const [target, tags] = await Promise.all([history.resolveCommit(input.ref), history.tags()])
  if (!target) return { ok: false, code: 'unknown-ref' }

  const ask: Asking = { history, line, tags, target, links: input.links }
  const guess = guessStableBase(line, tags, target)
  const lineOnly = await readLineOnly(ask, guess)
  const read =
    lineOnly && lineOnly !== 'unreachable'
      ? lineOnly
      : await readRange(ask, guess, { onProgress: input.onProgress, unreachable: lineOnly === 'unreachable' })

  const existingTags = new Set(
    tags.filter((t) => !input.hideTagsAtTarget || t.sha !== target.sha).map((t) => t.name),
  )
  const planFrom = ({ base, commits, counted, ancestry }: { base: BaseSelection } & Read) =>
    planRelease({
      line,
      base,
      target: { sha: target.sha },
      commits,
      existingTags,
      counted,
      ancestry,
      request: input.request,
      links: input.links,
    })
  let plan = planFrom(read)
  // The line's own commits say what only some of the range's tags descend from: a plan
  // counting from another one needs the whole range's ancestry.
  const from = plan.from
  if (read.ancestry && from && plan.base && from.sha !== plan.base.sha && !read.ancestry.has(from.sha))
    plan = planFrom(await readRange(ask, guess, { onProgress: input.onProgress, lineOnly: false }))
  return { ok: true, plan, target: target.sha }
}

/** What every read needs to know. */
type Asking = {
  history: ReleaseHistory
  line: ReleaseLine
  tags: readonly TagRef[]
  target: CommitPoint
  links?: NoteLinks | undefined
}

type Read = {
  commits: readonly RawCommit[]
  counted: Counted[]
  ancestry?: ReadonlyMap<string, ReadonlySet<string>>
}

/**
 * A path-scoped line through the history's `lineRange`, when it has one:
 * only the line's commits, not the whole range. Null when the history cannot,
 * or when a stable release of the line lies in the range (then the planner
 * needs the range's ancestry: `readRange`).
 */
async function readLineOnly(
  { history, line, tags, target }: Asking,
  guess: LineTag | null,
  /** What is known already of the line's tags: which the target descends from, and which it does not. */
  known: { merged: ReadonlySet<string>; unreachable: ReadonlySet<string> } = {
    merged: new Set(),
    unreachable: new Set(),
  },
): Promise<({ base: BaseSelection } & Read) | 'unreachable' | null> {
  if (!isPathScoped(line) || !history.lineRange) return null
  const { lineTags } = selectBase({ line, tags, merged: new Set(), targetSha: target.sha })
  // With a base, the history reads the commits newer than it: older tags cannot be in the range.
  const candidates = lineTags.filter(
    (t) =>
      t.sha !== guess?.sha &&
      !known.unreachable.has(t.tag) &&
      (!guess || t.time === undefined || t.time > guess.time!),
  )
  const read = await history.lineRange({
    to: target.sha,
    base: guess?.sha ?? null,
    paths: line.paths,
    excludePaths: line.excludePaths,
    tags: [...new Set(candidates.map((t) => t.sha))],
  })
  if (!read || read === 'base-not-ancestor') return read === null ? null : 'unreachable'
  // Pre-releases in the range are fine: the history says which line commits each descends from
  // (their notes start there; the plan checks it knows its own). A stable release there moves
  // the base: read the range.
  const inRange = candidates.filter((t) => read.tagsInRange.has(t.sha))
  if (inRange.some((t) => isBaseRelease(line, t.prerelease))) return null
  const merged = new Set([...known.merged, ...(guess ? [guess.tag] : []), ...inRange.map((t) => t.tag)])
  const base = selectBase({ line, tags, merged, targetSha: target.sha })
  const counted = countCommits(read.commits, line)
  // Always a map: a line-only read's plan checks it knows what its previous release descends from.
  return { base, commits: read.commits, counted, ancestry: read.ancestry ?? new Map() }
}

/** The whole range since the likely base, and the base it really is. */
async function readRange(
  ask: Asking,
  guess: LineTag | null,
  options: {
    onProgress: ((n: number) => void) | undefined
    /** The line history already found that the guess is not an ancestor of the target. */
    unreachable?: boolean
    /** Once the real base is known, try the line history again (default: yes). */
    lineOnly?: boolean
  },
): Promise<{ base: BaseSelection } & Read> {
  const { onProgress, unreachable = false } = options
  const { line, tags, target } = ask
  const read = readSince(ask, onProgress)
  // Read from the likely base at once; whether it really is an ancestor of the
  // target falls out of the same read: it is exactly when a commit of the range
  // has it as a parent. (Asking git separately walks the whole history again.)
  let first: Read = unreachable ? { commits: [], counted: [] } : await read(guess?.sha ?? null)
  const guessReachable = !unreachable && (guess === null || hasParent(first.commits, guess.sha))
  let base: BaseSelection
  if (guessReachable) {
    // Tags on commits in the range are reachable by definition.
    const merged = tagsOnCommits(tags, first.commits)
    if (guess) merged.add(guess.tag)
    base = selectBase({ line, tags, merged, targetSha: target.sha })
  } else {
    const { merged, asked } = await reachableLineTags(ask)
    base = selectBase({ line, tags, merged, targetSha: target.sha })
    // The base known at last, a path-scoped line may still read only its own commits.
    const unreachable = new Set(asked.filter((t) => !merged.has(t)))
    const lineOnly =
      options.lineOnly === false ? null : await readLineOnly(ask, base.stable, { merged, unreachable })
    if (lineOnly && lineOnly !== 'unreachable') return lineOnly
  }
  if ((base.stable?.sha ?? null) !== (guess?.sha ?? null)) {
    // A newer stable release than guessed lies inside the range (clock skew): narrow in memory.
    const inRange = base.stable && guessReachable && first.commits.some((c) => c.sha === base.stable!.sha)
    first = inRange ? narrow(first, base.stable!.sha, line) : await read(base.stable?.sha ?? null)
  }
  return { base, ...first }
}

/**
 * The line's tags reachable from the target, asked 100 at a time from the
 * highest version down, until the last stable release among them is known:
 * the tags below it change nothing in the plan (the base, the pre-release
 * number and the series' previous release all come from above it). A forge
 * without `git tag --merged` answers each 100 in one request.
 */
async function reachableLineTags({
  history,
  line,
  tags,
  target,
}: Asking): Promise<{ merged: Set<string>; asked: string[] }> {
  const { lineTags } = selectBase({ line, tags, merged: new Set(), targetSha: target.sha })
  const merged = new Set<string>()
  const asked: string[] = []
  for (let i = 0; i < lineTags.length; i += 100) {
    const chunk = lineTags.slice(i, i + 100).map((t) => t.tag)
    asked.push(...chunk)
    const answer = await history.tagsReachableFrom(target.sha, chunk)
    for (const name of answer) merged.add(name)
    // A forge that answered beyond what was asked (`git tag --merged`) answered for every tag.
    const inChunk = new Set(chunk)
    if ([...answer].some((name) => !inChunk.has(name))) return { merged, asked: lineTags.map((t) => t.tag) }
    const { stable } = selectBase({ line, tags, merged, targetSha: target.sha })
    if (stable && lineTags.findIndex((t) => t.tag === stable.tag) < i + 100) break
  }
  return { merged, asked }
}

/**
 * Reads the commits since a base, counting them for the line as they stream
 * in, and listing them for the plan with their notes (`listInSteps`): on a
 * long range that work is done while git is still printing. A batch counted
 * before (a history that keeps the commits it read) is not listed again: the
 * plan reuses what it knows of it instead.
 */
function readSince({ history, line, target, links }: Asking, onProgress?: (n: number) => void) {
  return async (since: string | null): Promise<Read> => {
    const count = () => tallyCommits(line, history.parse && ((raw, mode) => history.parse!(raw, mode)))
    // A line that drops reverted pairs plans from a list other than the batches': nothing to list ahead.
    const newListing = () => (line.revertPairs === 'drop' ? null : listInSteps(links, line.notes))
    let tally = count()
    let listing = newListing()
    let seen = 0
    let reported = 0
    const query = { to: target.sha, since, withFiles: isPathScoped(line), baseGuess: true }
    const commits = await history.range(
      query,
      (batch) => {
        const part = tally.add(batch)
        if (part.known) listing = null
        else listing?.add(part.counted)
        seen += batch.length
        if (onProgress && seen - reported >= 5000) {
          reported = seen
          onProgress(seen)
        }
      },
      () => {
        tally = count()
        listing = newListing()
        seen = 0
        reported = 0
      },
    )
    const counted = tally.result(commits)
    listing?.keep(counted)
    return { commits, counted }
  }
}

/** Whether a commit of the list has this parent: the oldest most likely, so looked for from there. */
function hasParent(commits: readonly RawCommit[], sha: string): boolean {
  for (let i = commits.length - 1; i >= 0; i--) if (commits[i]!.parents.includes(sha)) return true
  return false
}

/** The names of the tags on commits of the list (a few tags, many commits: a set of the tags' shas). */
function tagsOnCommits(tags: readonly TagRef[], commits: readonly RawCommit[]): Set<string> {
  const tagged = new Set(tags.map((t) => t.sha))
  const on = new Set<string>()
  for (const c of commits) if (tagged.has(c.sha)) on.add(c.sha)
  return new Set(tags.filter((t) => on.has(t.sha)).map((t) => t.name))
}

function narrow(read: Read, baseSha: string, line: ReleaseLine): Read {
  const old = ancestorsWithin(read.commits, baseSha)
  const commits = read.commits.filter((c) => !old.has(c.sha))
  return { commits, counted: countCommits(commits, line) }
}
