/**
 * Reading a range of commits with `git log`, streamed into the planner as git
 * prints them.
 *
 * `git log TO ^SINCE` prints nothing until it has walked the whole range
 * (git must know which commits SINCE reaches before it can print any): on
 * 50,000 commits it walks for about half a second, then prints 46 MB at
 * once, and the planner parses after it instead of beside it. So when the
 * range has one base, Herald first reads `git log TO`, which prints from the
 * first commit on, and stops git at the base: on a chain of single-parent
 * commits from TO down to SINCE those commits are exactly the range, in
 * git's order. The first commit that is not on such a chain (a merge, a root,
 * or one older than the base by more than a day, so a base that is not an
 * ancestor is never looked for down to the root) ends the attempt: the
 * reader is told to start over (`onRestart`) and the range is read the usual
 * way. On a history of merges that happens at its first merge, a few commits in.
 */
import type { RawCommit } from '../../core/plan-release.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { CommitPoint, CommitRange } from '../../ports/history.ts'
import { firstLine } from './git-errors.ts'
import { followRecords, parseRecords } from './log-records.ts'
import { startLog, takeEarlyLog } from './log-run.ts'

export type LogQuery = CommitRange & { exclude?: string | undefined }
type OnBatch = (batch: RawCommit[]) => void
/** The repository: where git runs, and which commit a ref names (with its committer time). */
export type LogSource = { dir: string; resolveCommit(ref: string): Promise<CommitPoint | null> }

// How much older than the base a commit of the chain may be (clock skew between machines).
const SKEW_SECONDS = 24 * 60 * 60

/** The commits of the range, newest first, handed to `onBatch` as they are read. */
export async function readLog(
  git: LogSource,
  query: LogQuery,
  onBatch?: OnBatch,
  onRestart?: () => void,
): Promise<RawCommit[]> {
  // Batches read along the chain are handed over at once: only a reader that can start over gets them.
  if (query.since && !query.exclude && (!onBatch || onRestart)) {
    const chain = await readChain(git, query, query.since, onBatch)
    if (chain) return chain
    onRestart?.()
  }
  const commits: RawCommit[] = []
  const negative = [query.since, query.exclude].flatMap((x) => (x ? [`^${x}`] : []))
  await streamLog(git.dir, [query.to, ...negative], query.withFiles, (batch) => {
    for (const c of batch) commits.push(c)
    onBatch?.(batch)
    return false
  })
  return commits
}

/** The range read along the chain of single-parent commits from `to` down to `since`; null when there is none. */
async function readChain(
  git: LogSource,
  query: LogQuery,
  since: string,
  onBatch: OnBatch | undefined,
): Promise<RawCommit[] | null> {
  const base = { sha: since, floor: Number.NEGATIVE_INFINITY }
  // Known a few milliseconds in; the first batches are judged by the sha alone. (A git that
  // cannot run fails the log itself, with its own message.)
  git.resolveCommit(since).then(
    (found) => {
      if (found) Object.assign(base, { sha: found.sha, floor: found.time - SKEW_SECONDS })
    },
    () => {},
  )
  const commits: RawCommit[] = []
  let below: string | null = null
  let end: 'base' | 'off-chain' | null = null
  await streamLog(git.dir, [query.to], query.withFiles, (batch, times) => {
    let i = 0
    for (; i < batch.length && !end; i++) {
      const c = batch[i]!
      if (c.sha === since || c.sha === base.sha) end = 'base'
      else if ((below !== null && c.sha !== below) || c.parents.length !== 1 || times[i]! < base.floor)
        end = 'off-chain'
      else below = c.parents[0]!
    }
    // The commit that ended the chain (at i - 1) is not part of it.
    const part = end ? batch.slice(0, i - 1) : batch
    if (part.length) {
      for (const c of part) commits.push(c)
      onBatch?.(part)
    }
    return end !== null
  })
  return end === 'base' ? commits : null
}

/**
 * Runs `git log REVS` into an unlinked temporary file (log-run.ts) that is
 * read while it grows: through a pipe git stalls whenever its 64 KiB buffer is
 * full, so parsing and git's own walk would take turns instead of running side
 * by side on two cores. `onBatch` answering true stops git. The run the
 * command line started early is taken over when it is this one.
 */
async function streamLog(
  dir: string,
  revs: string[],
  withFiles: boolean,
  onBatch: (batch: RawCommit[], times: number[]) => boolean,
): Promise<void> {
  const run = (await takeEarlyLog(dir, revs, withFiles)) ?? startLog(dir, revs, withFiles)
  const { git, exited } = run
  try {
    let stopped = false
    const take = (data: Buffer, end: number): boolean => {
      const batch: RawCommit[] = []
      const times: number[] = []
      parseRecords(data, end, withFiles, batch, times)
      stopped = onBatch(batch, times)
      if (stopped) git.kill()
      return stopped
    }
    const carry = await followRecords(run.file, exited, take)
    const status = await exited
    if (stopped) return
    if (status !== 0)
      throw new ForgeError('git_failed', `git log failed: ${firstLine(run.stderr())} (in ${dir})`)
    if (carry.length) take(carry, carry.length)
  } finally {
    // A reader that failed half-way leaves no git behind it.
    if (git.exitCode === null && git.signalCode === null) git.kill()
    await run.file.close()
  }
}
