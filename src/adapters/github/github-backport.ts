/**
 * Backports through the GitHub API, which has no cherry-pick: each commit C
 * (parent P) is applied to the branch tip B the way `github-cherry-pick`
 * does it. A throw-away commit with B's tree and P as its parent goes on a
 * scratch branch; the merges API merges C into it (merge base P, so exactly
 * C's change lands on B's tree; 409 is a conflict); that merge's tree is then
 * committed on B with C's message, author and the `-x` note. The backport
 * branch is created only once every commit applied, then its pull request is
 * opened against the line's branch.
 *
 * The merges API says nothing about where a conflict is. When Herald runs in
 * a clone that has both commits, git names the conflicting files exactly
 * (`local`); otherwise they are the files both C and the line's branch
 * changed since the two diverged (C's files against the compare of P with
 * B): a file each side changed, not necessarily on the same lines.
 */
import { cherryPickMessage } from '../../core/backport.ts'
import type {
  BackportHost,
  BackportOutcome,
  BackportRequest,
  ExistingBackport,
  PickedCommit,
  PullLookup,
} from '../../ports/backport-host.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import { toForgeError, toGitHubError } from './github-error.ts'
import { pointBranch } from './github-release-pr.ts'
import { call, callOrNull, type GitHubRepo, pages } from './github-repo.ts'

type GitCommit = {
  sha: string
  message: string
  tree: { sha: string }
  parents: { sha: string }[]
  author: { name: string; email: string; date: string }
}
type PullJson = {
  number: number
  title: string
  html_url: string
  state: string
  merged_at: string | null
  merge_commit_sha: string | null
  base: { ref: string }
}
type PullCommitJson = {
  sha: string
  parents: { sha: string }[]
  commit: { message: string; author: { date?: string } | null }
}

/** A local clone that can name a conflict's files exactly (`GitBackport`), when it has the commits. */
export type ConflictNamer = { conflictFiles(sha: string, tip: string): Promise<string[] | null> }

export class GitHubBackport implements BackportHost {
  readonly #r: GitHubRepo
  readonly #local: ConflictNamer | undefined

  constructor(repo: GitHubRepo, local?: ConflictNamer) {
    this.#r = repo
    this.#local = local
  }

  async findPull(number: number): Promise<PullLookup> {
    const r = this.#r
    const found = await callOrNull(`reading pull request #${number}`, () =>
      r.client.rest.pulls.get({ owner: r.owner, repo: r.repo, pull_number: number }),
    )
    if (!found) return { kind: 'unknown', hint: `${r.owner}/${r.repo} has no such pull request` }
    const p = found.data as unknown as PullJson
    if (!p.merged_at || !p.merge_commit_sha) return { kind: 'unmerged', title: p.title, url: p.html_url }
    const own: PullCommitJson[] = []
    for await (const page of pages(
      r,
      `listing the commits of pull request #${number}`,
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits',
      { pull_number: number },
      (d) => d as PullCommitJson[],
    ))
      own.push(...page.items)
    const merged = await this.#commit(p.merge_commit_sha)
    const pull = { number, title: p.title, url: p.html_url, base: p.base.ref }
    const pick = (c: { sha: string; message: string }) => ({ sha: c.sha, message: c.message })
    if (merged.parents.length > 1) {
      const commits = own.filter((c) => c.parents.length === 1).map((c) => pick({ sha: c.sha, ...c.commit }))
      return { kind: 'merged', pull: { ...pull, how: 'merge', commits } }
    }
    // A rebase merge drops the merge commits (GitHub's "Update branch") a pull request may hold.
    const single = own.filter((c) => c.parents.length === 1)
    const rebased = single.length > 1 ? await this.#rebased(merged, single) : null
    if (rebased) return { kind: 'merged', pull: { ...pull, how: 'rebase', commits: rebased.map(pick) } }
    if (single.length <= 1 || isSquashOf(merged, number))
      return { kind: 'merged', pull: { ...pull, how: 'squash', commits: [pick(merged)] } }
    // Neither: picking the one commit would leave the others out without a word.
    const reason = `its ${single.length} commits are not the last ${single.length} commits on ${p.base.ref} (a rebase merge), and ${merged.sha.slice(0, 12)} does not end its title with (#${number}) as GitHub's squash merge does: cherry-pick its commits by hand onto the line's branch`
    return { kind: 'unclear', title: p.title, reason }
  }

  /**
   * A rebase merge leaves the PR's N commits as the last N first-parent
   * commits ending at the merge commit, each with its original message and
   * author date (a squash leaves one commit): those, oldest first, or null.
   */
  async #rebased(last: GitCommit, own: readonly PullCommitJson[]): Promise<GitCommit[] | null> {
    const chain = [last]
    while (chain.length < own.length) {
      const parent = chain.at(-1)!.parents[0]
      if (!parent) return null
      chain.push(await this.#commit(parent.sha))
    }
    chain.reverse()
    const same = (a: GitCommit, b: PullCommitJson) =>
      a.message.trim() === b.commit.message.trim() && sameTime(a.author.date, b.commit.author?.date)
    return chain.every((c, i) => same(c, own[i]!)) ? chain : null
  }

  async branchTip(branch: string): Promise<string | null> {
    const r = this.#r
    const ref = await callOrNull(`reading branch ${branch}`, () =>
      r.client.rest.git.getRef({ owner: r.owner, repo: r.repo, ref: `heads/${branch}` }),
    )
    return ref ? ref.data.object.sha : null
  }

  /** The backport's pull request (open, closed or merged: even once its branch is deleted), else its branch alone. */
  async findBackport(branch: string): Promise<ExistingBackport | null> {
    const r = this.#r
    const { data } = await call(`looking for a pull request from ${branch}`, () =>
      r.client.rest.pulls.list({ owner: r.owner, repo: r.repo, state: 'all', head: `${r.owner}:${branch}` }),
    )
    const sha = await this.branchTip(branch)
    const pull = data[0] as unknown as PullJson | undefined
    const state = pull && (pull.merged_at ? 'merged' : pull.state === 'open' ? 'open' : 'closed')
    // A backport closed unmerged whose branch is gone was given up: it may be made again.
    if (pull && (state !== 'closed' || sha)) return { branch, sha, url: pull.html_url, state: state! }
    // A branch without its pull request: an earlier attempt stopped between the two.
    return sha ? { branch, sha, url: null, state: 'branch_without_pr' } : null
  }

  async backport(request: BackportRequest): Promise<BackportOutcome> {
    const start = await this.branchTip(request.target)
    if (!start) throw new ForgeError('not_found', `branch ${request.target} does not exist`)
    const scratch = `herald/scratch-${request.branch.replace(/^herald\//, '')}`
    let tip = await this.#commit(start)
    const picked: PickedCommit[] = []
    const skipped: PickedCommit[] = []
    try {
      for (const commit of request.pull.commits) {
        const applied = await this.#apply(commit, tip, scratch)
        if (applied.kind === 'conflict') return { kind: 'conflict', commit, files: applied.files }
        if (applied.tree === tip.tree.sha) {
          skipped.push(commit)
          continue
        }
        tip = await this.#recommit(applied.original, applied.tree, tip.sha)
        picked.push(commit)
      }
    } finally {
      await this.#deleteBranch(scratch)
    }
    if (picked.length === 0) return { kind: 'empty' }
    return this.#open(request, tip.sha, picked, skipped)
  }

  async #open(
    request: BackportRequest,
    sha: string,
    picked: PickedCommit[],
    skipped: PickedCommit[],
  ): Promise<BackportOutcome> {
    const r = this.#r
    await call(`creating branch ${request.branch}`, () =>
      r.client.rest.git.createRef({ owner: r.owner, repo: r.repo, ref: `refs/heads/${request.branch}`, sha }),
    )
    const opened = await call(`opening the backport pull request from ${request.branch}`, () =>
      r.client.rest.pulls.create({
        owner: r.owner,
        repo: r.repo,
        head: request.branch,
        base: request.target,
        title: request.title,
        body: request.body(picked, skipped),
      }),
    ).catch(async (error: unknown) => {
      // Nothing half-done: a branch without its pull request would block the next attempt.
      await this.#deleteBranch(request.branch)
      throw error
    })
    const { data } = opened
    const pr = { number: data.number, url: data.html_url }
    return { kind: 'created', branch: request.branch, sha, picked, skipped, pr }
  }

  /** The tree `commit`'s change makes on top of `tip` (through the scratch branch), or where it conflicts. */
  async #apply(
    commit: PickedCommit,
    tip: GitCommit,
    scratch: string,
  ): Promise<{ kind: 'clean'; tree: string; original: GitCommit } | { kind: 'conflict'; files: string[] }> {
    const r = this.#r
    const original = await this.#commit(commit.sha)
    const parent = original.parents[0]?.sha
    if (!parent)
      throw new ForgeError('invalid', `commit ${commit.sha.slice(0, 12)} has no parent to pick it from`)
    const { data: base } = await call('writing the backport merge base', () =>
      r.client.rest.git.createCommit({
        owner: r.owner,
        repo: r.repo,
        message: 'herald: backport merge base',
        tree: tip.tree.sha,
        parents: [parent],
      }),
    )
    await pointBranch(r, scratch, base.sha)
    const what = `applying ${commit.sha.slice(0, 12)} onto ${tip.sha.slice(0, 12)}`
    try {
      const merged = await r.client.rest.repos.merge({
        owner: r.owner,
        repo: r.repo,
        base: scratch,
        head: commit.sha,
        commit_message: 'herald: backport merge',
      })
      // 204: nothing to merge, the change is there already.
      if ((merged.status as number) === 204) return { kind: 'clean', tree: tip.tree.sha, original }
      return { kind: 'clean', tree: merged.data.commit.tree.sha, original }
    } catch (error) {
      const e = toGitHubError(error, what)
      if (e.status !== 409) throw toForgeError(e, what)
      const exact = await this.#local?.conflictFiles(commit.sha, tip.sha)
      return { kind: 'conflict', files: exact ?? (await this.#bothChanged(commit.sha, parent, tip.sha)) }
    }
  }

  /** Files `sha` changes that the branch at `tip` also changed since it and `parent` diverged. */
  async #bothChanged(sha: string, parent: string, tip: string): Promise<string[]> {
    const r = this.#r
    const [{ data: own }, { data: since }] = await Promise.all([
      call(`reading the files of ${sha.slice(0, 12)}`, () =>
        r.client.rest.repos.getCommit({ owner: r.owner, repo: r.repo, ref: sha }),
      ),
      call(`comparing ${parent.slice(0, 12)} with ${tip.slice(0, 12)}`, () =>
        r.client.rest.repos.compareCommitsWithBasehead({
          owner: r.owner,
          repo: r.repo,
          basehead: `${parent}...${tip}`,
        }),
      ),
    ])
    const theirs = new Set((since.files ?? []).map((f) => f.filename))
    return (own.files ?? []).map((f) => f.filename).filter((f) => theirs.has(f))
  }

  /** Commits `tree` on `parent` with the original's message, author and the `-x` note. */
  async #recommit(original: GitCommit, tree: string, parent: string): Promise<GitCommit> {
    const r = this.#r
    const { data } = await call(`committing the backport of ${original.sha.slice(0, 12)}`, () =>
      r.client.rest.git.createCommit({
        owner: r.owner,
        repo: r.repo,
        message: cherryPickMessage(original.message, original.sha),
        tree,
        parents: [parent],
        author: original.author,
      }),
    )
    return data as unknown as GitCommit
  }

  async #commit(sha: string): Promise<GitCommit> {
    const r = this.#r
    const { data } = await call(`reading commit ${sha.slice(0, 12)}`, () =>
      r.client.rest.git.getCommit({ owner: r.owner, repo: r.repo, commit_sha: sha }),
    )
    return data as unknown as GitCommit
  }

  async #deleteBranch(branch: string): Promise<void> {
    const r = this.#r
    await callOrNull(`deleting ${branch}`, () =>
      r.client.rest.git.deleteRef({ owner: r.owner, repo: r.repo, ref: `heads/${branch}` }),
    )
  }
}

/** GitHub's squash merge titles the commit with the pull request's title and ` (#N)`. */
function isSquashOf(commit: GitCommit, number: number): boolean {
  const title = commit.message.split('\n')[0] ?? ''
  return title.trimEnd().endsWith(`(#${number})`)
}

function sameTime(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b)
}
