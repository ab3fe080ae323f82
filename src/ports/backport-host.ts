/**
 * The backport port: find a merged pull request's commits and cherry-pick
 * them onto a release line's branch, on a new branch (the local git forge)
 * that a pull request then proposes (GitHub). Nobody's working tree or
 * checked-out branch is touched, and nothing is created on a conflict.
 */

export type PickedCommit = { sha: string; message: string }

export type MergedPull = {
  number: number
  title: string
  /** Web page of the pull request, when the forge has one. */
  url: string | null
  /** The branch it was merged into. */
  base: string
  /** How it was merged: the squash or merge commit, its rebased commits, or its own commits under a merge commit. */
  how: 'squash' | 'rebase' | 'merge'
  /** What to cherry-pick, oldest first; none is a merge commit. */
  commits: PickedCommit[]
}

export type PullLookup =
  | { kind: 'merged'; pull: MergedPull }
  /** Open or closed without being merged. */
  | { kind: 'unmerged'; title: string; url: string | null }
  /** `hint`: where the forge looked. */
  | { kind: 'unknown'; hint?: string | undefined }
  /** Merged, but the forge cannot tell which commits on its base are the pull request's: `reason` says why. */
  | { kind: 'unclear'; title: string; reason: string }

/** A backport made before: its pull request (GitHub) or its branch. */
export type ExistingBackport = {
  branch: string
  /** The branch's tip, when the branch still exists. */
  sha: string | null
  /** The backport pull request's page and state, when there is one. */
  url: string | null
  /** `branch`: the branch (the local git forge opens no pull requests); `branch_without_pr`: a GitHub branch whose pull request was never opened. */
  state: 'open' | 'closed' | 'merged' | 'branch' | 'branch_without_pr'
}

export type BackportRequest = {
  pull: MergedPull
  /** The backport branch to create, e.g. `herald/backport-123-to-lts`. */
  branch: string
  /** The release line's branch the commits go onto. */
  target: string
  title: string
  /** The pull request's body, for the given picked and skipped commits. */
  body: (picked: readonly PickedCommit[], skipped: readonly PickedCommit[]) => string
}

export type BackportOutcome =
  | {
      kind: 'created'
      branch: string
      /** The backport branch's tip. */
      sha: string
      /** The original commits picked, and those left out because the branch already had their changes. */
      picked: PickedCommit[]
      skipped: PickedCommit[]
      /** The backport pull request, on GitHub. */
      pr: { number: number; url: string } | null
    }
  /** `commit` does not apply; `files` are where (nothing was created). */
  | { kind: 'conflict'; commit: PickedCommit; files: string[] }
  /** Every change is on the target branch already. */
  | { kind: 'empty' }

export interface BackportHost {
  /** Pull request `number` and, when merged, the commits to pick. */
  findPull(number: number): Promise<PullLookup>
  /** The tip of `branch`, or null when there is no such branch. */
  branchTip(branch: string): Promise<string | null>
  /** The backport on `branch` made before, or null. */
  findBackport(branch: string): Promise<ExistingBackport | null>
  /** Cherry-pick the pull request's commits onto `target` on a new `branch` (and open its pull request on GitHub). */
  backport(request: BackportRequest): Promise<BackportOutcome>
}
