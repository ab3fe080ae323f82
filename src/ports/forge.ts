/**
 * The forge port: where a repository's tags and commits are read, and where
 * releases are cut. The local git forge and the GitHub forge implement it.
 */
import type { RawCommit } from '../core/plan-release.ts'
import type { TagRef } from '../core/versions.ts'

export type CommitQuery = {
  /** Commits reachable from this sha… */
  to: string
  /** …and not from these. */
  exclude: string[]
  /** Read the paths each commit touches (path-scoped lines). */
  withFiles: boolean
}

export interface Forge {
  /** The commit a ref names (sha, committer date in unix seconds), or null when it names nothing. */
  resolveCommit(ref: string): Promise<{ sha: string; time: number } | null>
  /** Every tag, with the commit it points to (annotated tags peeled) and that commit's date. */
  listTags(): Promise<TagRef[]>
  /** Names of the tags whose commit is reachable from `sha`. */
  listTagsReachableFrom(sha: string): Promise<Set<string>>
  /** Commits in the range, newest first; `onBatch` sees them as they stream in. */
  readCommits(query: CommitQuery, onBatch?: (batch: RawCommit[]) => void): Promise<RawCommit[]>
  /** The checked-out branch, or null when HEAD is detached. */
  currentBranch(): Promise<string | null>
  /** Web links for commits and pull requests, when the forge knows them. */
  webUrl(): Promise<string | null>
}
