/**
 * Commits kept between plans (`herald serve`), so a second `/release` on the
 * same repository reads from git only what is new: the commits since the
 * previous plan's target, when they are a simple chain on top of it (the
 * usual push of one or a few commits). Everything else is read again.
 *
 * Why this cannot change an answer: a SHA names a commit's content (message,
 * parents, paths), so a commit kept under its SHA is never stale; a range is
 * kept under the SHA of its base, never a tag name, so a moved or deleted tag
 * (the planner reads the tags afresh every time) simply asks for another
 * range. And git lists a chain of single-parent commits on top of the old
 * target first, newest first, then exactly what it listed from the old target
 * before: the order is git's own.
 *
 * Bounded: at most `limit` commits and `ranges` ranges, the least recently
 * read dropped first; a range whose commits were dropped is read again.
 *
 * A range is answered with the same frozen list each time until it changes
 * (and a range extended by new commits lists them in front of that list): the
 * planner keeps what it worked out from a frozen list under the list itself
 * (`tallyCommits`, `planRelease`), so a repeated plan works out only what is new.
 */
import { type BreakingNotesMode, type ParsedMessage, parseCommitMessage } from '../../core/commit-message.ts'
import type { RawCommit } from '../../core/plan-release.ts'
import type { CommitRange } from '../../ports/history.ts'

/** Reads a range from git; `exclude`: and not reachable from this commit either. */
export type ReadLog = (
  range: CommitRange & { exclude?: string | undefined },
  onBatch?: (batch: RawCommit[]) => void,
  onRestart?: () => void,
) => Promise<RawCommit[]>

type KeptRange = {
  to: string
  commits: readonly RawCommit[]
  /** `dropped` when every commit of the range was last known kept. */
  checked: number
}

type Kept = { raw: RawCommit; strict?: ParsedMessage | undefined; loose?: ParsedMessage | undefined }

export type CommitCacheStats = {
  /** Plans answered from what was kept, with no new commit. */
  hits: number
  /** Plans that read only the commits new since the kept target. */
  extended: number
  /** Plans that read the whole range. */
  misses: number
  /** Commits read from git, in all. */
  read: number
}

export class CommitCache {
  readonly limit: number
  readonly maxRanges: number
  readonly stats: CommitCacheStats = { hits: 0, extended: 0, misses: 0, read: 0 }
  private readonly commits = new Map<string, Kept>()
  private readonly ranges = new Map<string, KeptRange>()
  /** Commits dropped so far: a range checked whole since the last drop still is. */
  private dropped = 0

  constructor(options: { limit?: number; ranges?: number } = {}) {
    this.limit = options.limit ?? 200_000
    this.maxRanges = options.ranges ?? 32
  }

  get size(): number {
    return this.commits.size
  }

  /** `parseCommitMessage`, once per kept commit and mode. */
  parse(raw: RawCommit, mode: BreakingNotesMode): ParsedMessage {
    const kept = this.commits.get(raw.sha)
    if (!kept) return parseCommitMessage(raw.message, mode)
    const parsed = kept[mode] ?? parseCommitMessage(raw.message, mode)
    kept[mode] = parsed
    return parsed
  }

  async range(
    query: CommitRange,
    read: ReadLog,
    onBatch?: (batch: readonly RawCommit[]) => void,
    onRestart?: () => void,
  ): Promise<readonly RawCommit[]> {
    const key = `${query.withFiles ? 'files' : 'log'} ${query.since ?? 'root'}`
    const known = this.ranges.get(key)
    const kept = known && this.holds(known, query.withFiles) ? known.commits : null
    if (known && kept && known.to === query.to) {
      this.stats.hits++
      if (kept.length) onBatch?.(kept)
      return kept
    }
    // The old target heads its own range: it is not an ancestor of the base,
    // so neither is any commit on top of it.
    if (known && kept && kept[0]?.sha === known.to) {
      const droppedBefore = this.dropped
      const fresh = await read({ ...query, exclude: known.to }, (batch) => this.keep(batch))
      this.stats.read += fresh.length
      if (isChainOnto(fresh, known.to)) {
        this.stats.extended++
        const all = this.remember(key, query.to, fresh.concat(kept), droppedBefore)
        onBatch?.(fresh)
        onBatch?.(kept)
        return all
      }
    }
    this.stats.misses++
    const droppedBefore = this.dropped
    // Commits read before a restart are kept too: a SHA names its content, whichever range it was read for.
    const all = await read(
      query,
      (batch) => {
        this.keep(batch)
        onBatch?.(batch)
      },
      onRestart,
    )
    this.stats.read += all.length
    return this.remember(key, query.to, all, droppedBefore)
  }

  /** Every commit of a kept range still kept (none dropped), with its paths when asked for. */
  private holds(range: KeptRange, withFiles: boolean): boolean {
    // Asked on every plan: with nothing dropped since the last look, the answer stands.
    if (range.checked === this.dropped) return true
    for (const raw of range.commits) {
      if (!this.commits.has(raw.sha) || (withFiles && !raw.files)) return false
    }
    range.checked = this.dropped
    return true
  }

  private keep(batch: readonly RawCommit[]): void {
    for (const raw of batch) {
      const kept = this.commits.get(raw.sha)
      // Last read, dropped last: the range being read never loses its own commits to the limit.
      this.commits.delete(raw.sha)
      // A commit read with its paths answers both kinds of reads: keep that one.
      this.commits.set(raw.sha, kept && (kept.raw.files || !raw.files) ? kept : { raw })
    }
    for (const sha of this.commits.keys()) {
      if (this.commits.size <= this.limit) break
      this.commits.delete(sha)
      this.dropped++
    }
  }

  /** Keeps the range's list, frozen: its identity stands for its content from now on. */
  private remember(
    key: string,
    to: string,
    commits: RawCommit[],
    droppedBefore: number,
  ): readonly RawCommit[] {
    this.ranges.delete(key)
    if (commits.length > this.limit) return commits
    Object.freeze(commits)
    // Nothing dropped while the range was read: every commit of it is kept (with paths, if asked).
    this.ranges.set(key, { to, commits, checked: droppedBefore === this.dropped ? this.dropped : -1 })
    for (const old of this.ranges.keys()) {
      if (this.ranges.size <= this.maxRanges) break
      this.ranges.delete(old)
    }
    return commits
  }
}

/** Newest first, each commit's only parent the next one, the last one's the old target. */
function isChainOnto(commits: readonly RawCommit[], target: string): boolean {
  if (commits.length === 0) return false
  for (let i = 0; i < commits.length; i++) {
    const parents = commits[i]!.parents
    const below = i + 1 < commits.length ? commits[i + 1]!.sha : target
    if (parents.length !== 1 || parents[0] !== below) return false
  }
  return true
}
