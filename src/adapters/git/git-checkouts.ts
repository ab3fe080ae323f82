/**
 * Keeping a checked-out branch's index and working tree in step when Herald
 * moves the branch with plumbing (the follow-up commit), the way git itself
 * fast-forwards a checked-out branch: a two-tree merge, `git read-tree -m -u
 * OLD NEW`, which carries the user's local changes along and refuses when
 * one would be overwritten. Hand-written on git's own commands: no npm
 * package wraps `worktree list` and `read-tree`, and they are two calls.
 */
import { ForgeError } from '../../ports/forge-error.ts'

export type Git = (
  args: string[],
  input?: string,
  env?: Record<string, string>,
) => Promise<{ stdout: string; stderr: string; status: number }>

type Checkout = { dir: string; head: string }

/**
 * The worktrees (the main one and linked ones) that have `branch` checked
 * out. `-z` (git 2.36+) keeps a path with a newline in one piece; older git
 * is read line by line. When neither answers, the branch may be checked out
 * somewhere Herald cannot see: moving it would leave that checkout behind,
 * so this refuses.
 */
export async function checkoutsOf(git: Git, branch: string): Promise<Checkout[]> {
  const z = await git(['worktree', 'list', '--porcelain', '-z'])
  if (z.status === 0) return checkoutsIn(z.stdout.split('\0\0'), '\0', branch)
  const lines = await git(['worktree', 'list', '--porcelain'])
  if (lines.status === 0) return checkoutsIn(lines.stdout.split('\n\n'), '\n', branch)
  const why = lines.stderr.trim().split('\n')[0] || 'no error output'
  throw new ForgeError(
    'git_failed',
    `git worktree list failed (${why}), so Herald cannot tell where branch ${branch} is checked out: the follow-up commit was not added and the branch was left as it was (run Herald with git 2.7 or newer)`,
  )
}

/** Records of `key value` fields split by `separator`. */
function checkoutsIn(records: readonly string[], separator: string, branch: string): Checkout[] {
  const found: Checkout[] = []
  for (const record of records) {
    const fields = new Map(
      record
        .split(separator)
        .filter(Boolean)
        .map((f) => {
          const [key, ...value] = f.split(' ')
          return [key!, value.join(' ')] as const
        }),
    )
    const dir = fields.get('worktree')
    if (dir && fields.get('branch') === `refs/heads/${branch}`)
      found.push({ dir, head: fields.get('HEAD') ?? '' })
  }
  return found
}

/**
 * Brings every checkout of `branch` from `from` to `to` (before the ref
 * moves). On a refusal the checkouts already brought forward are put back
 * and a ForgeError says which files are in the way; nothing is left half-done.
 */
export async function moveCheckouts(
  git: Git,
  branch: string,
  checkouts: readonly Checkout[],
  from: string,
  to: string,
): Promise<void> {
  const done: Checkout[] = []
  for (const c of checkouts) {
    if (c.head !== from) {
      await restoreCheckouts(git, done, to, from)
      throw new ForgeError(
        'git_failed',
        `branch ${branch} moved since ${from.slice(0, 12)}: the follow-up commit was not added (nothing is ever forced)`,
      )
    }
    const r = await git(['-C', c.dir, 'read-tree', '-m', '-u', from, to])
    if (r.status !== 0) {
      await restoreCheckouts(git, done, to, from)
      throw new ForgeError('git_failed', refusal(branch, c.dir, r.stderr))
    }
    done.push(c)
  }
}

/** Puts checkouts moved to `to` back to `from` (the ref did not move after all). */
export async function restoreCheckouts(
  git: Git,
  checkouts: readonly Checkout[],
  to: string,
  from: string,
): Promise<void> {
  for (const c of checkouts) await git(['-C', c.dir, 'read-tree', '-m', '-u', to, from])
}

function refusal(branch: string, dir: string, stderr: string): string {
  const files = [...new Set([...stderr.matchAll(/'([^']+)'|^\t(.+)$/gm)].map((m) => m[1] ?? m[2]))]
  const what = files.length
    ? `local changes to ${files.join(', ')} that it would overwrite`
    : `a working tree git would not update (${stderr.trim().split('\n')[0] || 'no error output'})`
  return `branch ${branch} is checked out in ${dir} with ${what}, so the follow-up commit was not added and the branch was left as it was (commit or undo those changes first)`
}
