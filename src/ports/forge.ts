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

/** A path-scoped line's commits since its last stable release (`readLineCommits`). */
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
}

export type CutRequest = {
  tag: string
  /** The pinned commit: the tag goes exactly here. */
  sha: string
  title: string
  notes: string
  prerelease: boolean
  /** Mark the GitHub Release as the latest (false for prereleases and for maintenance releases). */
  makeLatest: boolean
  /** Cut an annotated tag (the line's `annotatedTags`); unset: the forge's default. */
  annotated?: boolean | undefined
}

export type CutResult = {
  tag: string
  sha: string
  /** Web page of the release, when the forge has releases. */
  releaseUrl: string | null
  /** False when the tag already existed on the same commit (a resumed cut). */
  tagCreated: boolean
}

/** A cut the forge refused or could not finish; `code` is stable. */
export class CutError extends Error {
  readonly code: 'tag_exists' | 'tag_elsewhere' | 'release_failed' | 'tag_failed'
  constructor(code: CutError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CutError'
    this.code = code
  }
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
  /**
   * Optional: a path-scoped line's commits, cheaper than `readCommits` over the
   * whole range (GitHub walks the history of the line's paths). Null when the
   * forge cannot answer exactly (the base is not an ancestor of `to`, or
   * commit dates disagree with the history): read the range then.
   */
  readLineCommits?(query: LineCommitQuery): Promise<LineCommits | null>
  /** The checked-out branch, or null when HEAD is detached. */
  currentBranch(): Promise<string | null>
  /** Web links for commits and pull requests, when the forge knows them. */
  webUrl(): Promise<string | null>
  /**
   * Tag `sha` and publish the release. Never moves or overwrites a tag: a tag
   * on another commit is a `tag_elsewhere` refusal; the same tag on the same
   * commit resumes (the release is created if it is missing).
   */
  cutRelease(request: CutRequest): Promise<CutResult>
}
