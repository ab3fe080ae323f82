/**
 * Backports in the local repository, with git plumbing only: no checkout, so
 * the working tree, the index and the checked-out branch of the clone Herald
 * runs in are never touched. Each commit is cherry-picked as `git merge-tree`
 * merges: git 2.39 has no `--merge-base`, so a throw-away commit with the
 * branch tip's tree and the picked commit's parent as its parent makes that
 * parent the merge base (the technique GitHub's merges API needs too). The
 * result is committed with `commit-tree`, and the backport branch is created
 * only once every commit applied (`update-ref` with an empty old value: never
 * over an existing branch).
 */
import { cherryPickMessage, findMergedCommits, type MainlineCommit } from '../../core/backport.ts'
import type {
  BackportHost,
  BackportOutcome,
  BackportRequest,
  ExistingBackport,
  MergedPull,
  PickedCommit,
  PullLookup,
} from '../../ports/backport-host.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { GitForge } from './git-forge.ts'
import { committerIdentity, HERALD_IDENTITY } from './git-identity.ts'

const RECORD = '%H%x1f%P%x1f%B%x1e'

export class GitBackport implements BackportHost {
  readonly #git: GitForge
  #mainline: string | (() => string)

  /** `defaultBranch`: where pull requests are merged (the config's default: origin's HEAD, else main…), asked when needed. */
  constructor(git: GitForge, defaultBranch: string | (() => string)) {
    this.#git = git
    this.#mainline = defaultBranch
  }

  get #defaultBranch(): string {
    if (typeof this.#mainline !== 'string') this.#mainline = this.#mainline()
    return this.#mainline
  }

  /** A local branch, else origin's: a clone may have only `origin/lts`. */
  async branchTip(branch: string): Promise<string | null> {
    for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
      const found = await this.#git.resolveCommit(ref)
      if (found) return found.sha
    }
    return null
  }

  async findPull(number: number): Promise<PullLookup> {
    const tip = await this.branchTip(this.#defaultBranch)
    const hint = `no commit of ${this.#defaultBranch} ends with (#${number}) or says Merge pull request #${number}`
    if (!tip) return { kind: 'unknown', hint: `the default branch ${this.#defaultBranch} does not exist` }
    // --grep narrows the walk to the candidates; `findMergedCommits` decides.
    const log = await this.#git.run([
      'log',
      '--first-parent',
      `--format=${RECORD}`,
      '-E',
      `--grep=\\(#${number}\\)`,
      `--grep=^Merge pull request #${number}([^0-9]|$)`,
      tip,
      '--',
    ])
    const found = findMergedCommits(records(log.stdout), number)
    if (!found) return { kind: 'unknown', hint }
    const pull = (how: MergedPull['how'], title: string, commits: PickedCommit[]): PullLookup => ({
      kind: 'merged',
      pull: { number, title, url: null, base: this.#defaultBranch, how, commits },
    })
    if (found.how !== 'merge') {
      const commits = found.commits.map(({ sha, message }) => ({ sha, message }))
      return pull(found.how, headerOf(commits[0]!.message), commits)
    }
    const { merge } = found
    const own = await this.#git.run([
      'log',
      '--reverse',
      '--no-merges',
      `--format=${RECORD}`,
      `${merge.parents[0]}..${merge.parents[1]}`,
      '--',
    ])
    const commits = records(own.stdout).map(({ sha, message }) => ({ sha, message }))
    // GitHub's merge message: `Merge pull request #1 from o/b`, a blank line, the PR's title.
    const title = merge.message.split('\n\n')[1]?.split('\n')[0]?.trim() || headerOf(merge.message)
    return pull('merge', title, commits)
  }

  async findBackport(branch: string): Promise<ExistingBackport | null> {
    const found = await this.#git.resolveCommit(`refs/heads/${branch}`)
    return found ? { branch, sha: found.sha, url: null, state: 'branch' } : null
  }

  async backport(request: BackportRequest): Promise<BackportOutcome> {
    let tip = await this.branchTip(request.target)
    if (!tip) throw new ForgeError('not_found', `branch ${request.target} does not exist`)
    const identity = await committerIdentity((args) => this.#git.run(args, true))
    const picked: PickedCommit[] = []
    const skipped: PickedCommit[] = []
    for (const commit of request.pull.commits) {
      const applied = await this.#apply(commit, tip)
      if (applied.kind === 'conflict') return { kind: 'conflict', commit, files: applied.files }
      if (applied.tree === (await this.#tree(tip))) {
        skipped.push(commit)
        continue
      }
      tip = await this.#commit(commit, applied.tree, tip, identity)
      picked.push(commit)
    }
    if (picked.length === 0) return { kind: 'empty' }
    const created = await this.#git.run(
      ['update-ref', '-m', 'herald backport', `refs/heads/${request.branch}`, tip, ''],
      true,
    )
    if (created.status !== 0)
      throw new ForgeError(
        'conflict',
        `branch ${request.branch} was created meanwhile: run the backport again`,
      )
    return { kind: 'created', branch: request.branch, sha: tip, picked, skipped, pr: null }
  }

  /**
   * Where commit `sha` conflicts on `tip`, as git names the files; null when
   * it applies, or when this clone lacks either commit (the GitHub forge
   * asks, and falls back to its own estimate).
   */
  async conflictFiles(sha: string, tip: string): Promise<string[] | null> {
    try {
      if (!(await this.#git.resolveCommit(sha)) || !(await this.#git.resolveCommit(tip))) return null
      const applied = await this.#apply({ sha, message: '' }, tip)
      return applied.kind === 'conflict' ? applied.files : null
    } catch {
      return null
    }
  }

  /** The tree `commit`'s change makes on top of `tip`, or the files where it conflicts. */
  async #apply(
    commit: PickedCommit,
    tip: string,
  ): Promise<{ kind: 'clean'; tree: string } | { kind: 'conflict'; files: string[] }> {
    const parent = (await this.#git.run(['rev-parse', '--verify', `${commit.sha}^1`])).stdout.trim()
    const base = await this.#git.run(
      [
        ...HERALD_IDENTITY,
        'commit-tree',
        '--no-gpg-sign',
        await this.#tree(tip),
        '-p',
        parent,
        '-m',
        'herald: backport merge base',
      ],
      false,
    )
    const merged = await this.#git.run(
      [
        '-c',
        'core.quotepath=off',
        'merge-tree',
        '--write-tree',
        '--name-only',
        '--no-messages',
        base.stdout.trim(),
        commit.sha,
      ],
      true,
    )
    const [tree = '', ...rest] = merged.stdout.split('\n')
    if (merged.status === 0) return { kind: 'clean', tree: tree.trim() }
    if (merged.status === 1) return { kind: 'conflict', files: [...new Set(rest.filter(Boolean))] }
    const why = merged.stderr.trim().split('\n')[0] ?? ''
    // `--write-tree` came with git 2.38; older ones print their usage.
    if (/usage: git merge-tree|unknown option/.test(merged.stderr))
      throw new ForgeError('git_failed', `backports need git 2.38 or later (git merge-tree said: ${why})`)
    throw new ForgeError('git_failed', `git merge-tree failed: ${why}`)
  }

  async #tree(commit: string): Promise<string> {
    return (await this.#git.run(['rev-parse', `${commit}^{tree}`])).stdout.trim()
  }

  /** Commits `tree` on `parent` with the original author and the `-x` note. */
  async #commit(commit: PickedCommit, tree: string, parent: string, identity: string[]): Promise<string> {
    const who = await this.#git.run(['log', '-1', '--format=%an%x00%ae%x00%ad', '--date=raw', commit.sha])
    const [name = '', email = '', date = ''] = who.stdout.replace(/\n$/, '').split('\u0000')
    const made = await this.#git.run(
      [...identity, 'commit-tree', tree, '-p', parent, '-F', '-'],
      false,
      cherryPickMessage(commit.message, commit.sha),
      { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date },
    )
    return made.stdout.trim()
  }
}

function records(text: string): MainlineCommit[] {
  return text
    .split('\u001e')
    .map((r) => r.replace(/^\n/, ''))
    .filter(Boolean)
    .map((r) => {
      const [sha = '', parents = '', message = ''] = r.split('\u001f')
      return { sha, parents: parents.split(' ').filter(Boolean), message: message.replace(/\n+$/, '') }
    })
}

function headerOf(message: string): string {
  return message.split('\n')[0]!.trim()
}
