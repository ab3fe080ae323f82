/**
 * The history port: the read-only questions the release planner asks of a
 * repository (which commit a ref names, which tags exist, which commits lie
 * between two points, which tags a commit descends from). Every forge
 * answers them; the planner asks only what the answers so far make
 * necessary, and a range streams in as it is read.
 */
import type { BreakingNotesMode, ParsedMessage } from '../core/commit-message.ts'
import type { RawCommit } from '../core/plan-release.ts'
import type { TagRef } from '../core/versions.ts'

/** A commit and its committer date (unix seconds). */
export type CommitPoint = { sha: string; time: number }

export type CommitRange = {
  /** Commits reachable from this sha… */
  to: string
  /** …and not from this one; null for the whole history. */
  since: string | null
  /** Read the paths each commit touches (path-scoped lines). */
  withFiles: boolean
  /**
   * `since` is the planner's guess at the base: when it is not an ancestor of
   * `to` the commits are of no use, and a forge may answer [] as soon as it knows.
   */
  baseGuess?: boolean | undefined
}

/** A path-scoped line's commits since its last stable release (`lineRange`). */
export type LineCommitQuery = {
  to: string
  /** The line's last stable release; null for its first release (the whole history). */
  base: string | null
  paths: readonly string[]
  excludePaths: readonly string[]
  /** Shas of the line's other tags that may lie in the range: the answer says which do. */
  tags: readonly string[]
}

export type LineCommits = {
  /**
   * Every commit of the range that touches the line, with its files, newest
   * first; commits that do not touch it may be left out.
   */
  commits: RawCommit[]
  /** Those of the asked tag shas that lie in the range. */
  tagsInRange: Set<string>
  /**
   * Optional: for tags of `tagsInRange`, the commits of `commits` that are the
   * tag's commit or its ancestors (what a pre-release's notes leave out). A
   * plan counting from a tag in the range without an entry reads the whole range.
   */
  ancestry?: ReadonlyMap<string, ReadonlySet<string>> | undefined
}

export interface ReleaseHistory {
  /** The commit a ref names, or null when it names nothing. */
  resolveCommit(ref: string): Promise<CommitPoint | null>
  /** Every tag, with the commit it points to (annotated tags peeled) and that commit's date. */
  tags(): Promise<TagRef[]>
  /**
   * The commits of a range, newest first; `onBatch` sees them as they stream
   * in. With `onRestart`, a forge may stream a guess first (git: along a chain
   * of single-parent commits) and, when it proves wrong, call `onRestart`:
   * the batches seen so far are void and the range streams again from its start.
   */
  range(
    range: CommitRange,
    onBatch?: (batch: readonly RawCommit[]) => void,
    onRestart?: () => void,
  ): Promise<readonly RawCommit[]>
  /**
   * Names of the tags whose commit is `sha` or one of its ancestors. With
   * `among`, only those tags need be answered for (the others may be left out).
   */
  tagsReachableFrom(sha: string, among?: readonly string[]): Promise<Set<string>>
  /**
   * Optional: a path-scoped line's commits, cheaper than `range` over the
   * whole range (GitHub walks the history of the line's paths). Null when the
   * forge cannot answer exactly (commit dates disagree with the history): the
   * planner reads the range then; `base-not-ancestor` when the base is not an
   * ancestor of `to`: the planner then looks for the base it really is.
   */
  lineRange?(query: LineCommitQuery): Promise<LineCommits | 'base-not-ancestor' | null>
  /**
   * Optional: `parseCommitMessage` for a commit this history keeps between
   * plans, answered once per commit (`herald serve`'s commit cache).
   */
  parse?(commit: RawCommit, mode: BreakingNotesMode): ParsedMessage
}
