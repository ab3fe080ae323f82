/**
 * A commit on a local branch written with git's plumbing, through a scratch
 * index, and the branch moved only if it still points where the commit was
 * built on. A checkout of another branch is never touched; where the branch
 * itself is checked out (here or in another worktree), its index and working
 * tree are brought along as git does for a fast-forward, keeping local
 * changes, and a local change in the way refuses the whole commit.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ForgeError } from '../../ports/forge-error.ts'
import type { FileChange } from '../../ports/release-host.ts'
import { checkoutsOf, type Git, moveCheckouts, restoreCheckouts } from './git-checkouts.ts'
import { committerIdentity } from './git-identity.ts'

export async function commitToBranch(
  git: Git,
  branch: string,
  parentSha: string,
  message: string,
  changes: readonly FileChange[],
): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'herald-index-'))
  const env = { GIT_INDEX_FILE: join(scratch, 'index') }
  const must = async (args: string[], input?: string) => {
    const r = await git(args, input, env)
    if (r.status !== 0)
      throw new ForgeError(
        'git_failed',
        `git ${args[0]} failed: ${r.stderr.trim().split('\n')[0] || 'no error output'}`,
      )
    return r.stdout.trim()
  }
  try {
    await must(['read-tree', parentSha])
    for (const c of changes) {
      if (c.content === null) await must(['update-index', '--force-remove', '--', c.path])
      else {
        const oid = await must(['hash-object', '-w', '--stdin'], c.content)
        // A file rewritten keeps its mode (an executable script stays executable).
        const staged = await must(['ls-files', '--stage', '--', c.path])
        const mode = staged.startsWith('100755 ') ? '100755' : '100644'
        await must(['update-index', '--add', '--cacheinfo', `${mode},${oid},${c.path}`])
      }
    }
    const tree = await must(['write-tree'])
    // Where git knows nobody (a server), Herald commits as itself rather than fail.
    const identity = await committerIdentity(git)
    const commit = await must([...identity, 'commit-tree', tree, '-p', parentSha, '-F', '-'], message)
    const checkouts = await checkoutsOf(git, branch)
    await moveCheckouts(git, branch, checkouts, parentSha, commit)
    const moved = await git([
      'update-ref',
      '-m',
      'herald: follow-up commit',
      `refs/heads/${branch}`,
      commit,
      parentSha,
    ])
    if (moved.status !== 0) {
      await restoreCheckouts(git, checkouts, commit, parentSha)
      const why = /but expected/.test(moved.stderr)
        ? `branch ${branch} moved since ${parentSha.slice(0, 12)}`
        : `git update-ref failed (${moved.stderr.trim().split('\n')[0] || 'no error output'})`
      throw new ForgeError(
        'git_failed',
        `${why}: the follow-up commit was not added (nothing is ever forced)`,
      )
    }
    return commit
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
