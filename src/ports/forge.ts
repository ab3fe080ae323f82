/**
 * The forge port: where a repository's tags and commits are read, and where
 * releases are cut. The local git forge and the GitHub forge implement it.
 */
import type { ReleaseHistory } from './history.ts'
import type { FileChange, FileReader } from './release-host.ts'

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
  /** Files attached to the release (`checksums.txt`); a forge without releases has nowhere to put them. */
  assets?: readonly ReleaseAsset[] | undefined
}

export type ReleaseAsset = { name: string; content: string }

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

/** A forge also answers the planner's questions about the history (`history.ts`) and reads files at a commit. */
export interface Forge extends ReleaseHistory, FileReader {
  /** The checked-out branch, or null when HEAD is detached. */
  currentBranch(): Promise<string | null>
  /**
   * The repository's default branch (GitHub): only a line released from it may become the
   * Latest release. Absent (the local git forge): the checked-out branch stands for it.
   */
  defaultBranch?(): Promise<string>
  /** Web links for commits and pull requests, when the forge knows them. */
  webUrl(): Promise<string | null>
  /**
   * Tag `sha` and publish the release. Never moves or overwrites a tag: a tag
   * on another commit is a `tag_elsewhere` refusal; the same tag on the same
   * commit resumes (the release is created if it is missing).
   */
  cutRelease(request: CutRequest): Promise<CutResult>
  /**
   * Optional (both forges have it): the names of the files directly in folder
   * `dir` at a commit (not its subfolders); empty when there is no such folder.
   */
  listFiles?(dir: string, ref: string): Promise<string[]>
  /**
   * Optional (both forges have it): one new commit on top of `parentSha` that
   * writes `changes` (`content: null` removes a file), and `branch` moved to
   * it only if it still points at `parentSha`: never forced, the working tree
   * left alone. The new commit's sha.
   */
  commitToBranch?(branch: string, parentSha: string, message: string, changes: FileChange[]): Promise<string>
}
