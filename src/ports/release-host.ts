/**
 * What a release needs from the forge besides planning and cutting: CI
 * results, files at a commit, pull requests (for label-based notes), and the
 * release PR of a line (`mode: pr`). The GitHub forge implements both ports.
 */

export type CiState = 'success' | 'failure' | 'pending' | 'none'

/** CI on one commit: check runs and commit statuses together. */
export type CiStatus = {
  sha: string
  state: CiState
  /** Names of the check runs / status contexts that failed (or were cancelled, timed out). */
  failing: string[]
  /** Names still queued or running. */
  pending: string[]
  /** How many check runs and statuses there are in all. */
  total: number
}

export type PullRequestInfo = {
  number: number
  title: string
  /** Login of the author (`dependabot[bot]` for bots), null when the account is gone. */
  author: string | null
  labels: string[]
  url: string
  mergedAt: string | null
}

/** Files at a commit: both forges can read them (the changelog check). */
export interface FileReader {
  /** A file's text at a commit, or null when it is not there. */
  readFile(path: string, ref: string): Promise<string | null>
}

export interface ReleaseHost extends FileReader {
  ciStatus(sha: string): Promise<CiStatus>
  /** Shas of the last `count` commits of a branch, newest first. */
  recentCommits(branch: string, count: number): Promise<string[]>
  /** Pull requests by number (numbers that are not merged PRs are left out). */
  pullRequests(numbers: readonly number[]): Promise<PullRequestInfo[]>
  /** Optional: the first of `paths` that is a file at `ref`, all asked at once (GitHub: one request). */
  readFirstFile?(paths: readonly string[], ref: string): Promise<{ path: string; text: string } | null>
}

/** A file written with `content`, or removed (`content: null`). */
export type FileChange = { path: string; content: string | null }

export type ReleasePullRequest = {
  number: number
  url: string
  branch: string
  title: string
  body: string
  state: 'open' | 'closed'
  /** The merge commit, once merged. */
  mergeCommitSha: string | null
  merged: boolean
}

export interface ReleasePrHost {
  /** The open release PR from `branch`, else the most recently closed one, else null. */
  findReleasePr(branch: string): Promise<ReleasePullRequest | null>
  /**
   * Point `branch` at one new commit on top of `baseSha` that writes `changes`
   * (the release branch is Herald's own and is rewritten on every update).
   */
  writeReleaseBranch(branch: string, baseSha: string, message: string, changes: FileChange[]): Promise<string>
  /** Open the PR from `branch` into `base`, or update the open one's title and body. */
  upsertReleasePr(input: {
    branch: string
    base: string
    title: string
    body: string
    labels: string[]
  }): Promise<ReleasePullRequest>
}
