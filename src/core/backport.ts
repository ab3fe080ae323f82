/**
 * Backports, the pure part: which commits of the default branch a merged pull
 * request left (local forge), the backport branch's name, the cherry-picked
 * commit messages (as `git cherry-pick -x` writes them) and the pull
 * request's title and body. Pure.
 */
import { parseCommitMessage } from './commit-message.ts'
import { branchNameProblem } from './ref-format.ts'

/** `pr:` as chat and the CLI take it: `123` or `#123`, a positive integer. */
export function parsePrNumber(value: string): number | null {
  const m = /^#?([1-9]\d{0,8})$/.exec(value.trim())
  return m ? Number(m[1]) : null
}

/** `herald/backport-123-to-lts-2026.1`; null when git would refuse it (an odd line name). */
export function backportBranch(pr: number, line: string): string | null {
  const branch = `herald/backport-${pr}-to-${line}`
  return branchNameProblem(branch) ? null : branch
}

/**
 * The message of a cherry-picked commit: the original, then
 * `(cherry picked from commit <sha>)` as `git cherry-pick -x` adds it: on
 * its own line right after a closing trailer block (`Signed-off-by: …`),
 * else after a blank line.
 */
export function cherryPickMessage(message: string, sha: string): string {
  const text = message.replace(/\s+$/, '')
  const note = `(cherry picked from commit ${sha})`
  const paragraphs = text.split(/\n\s*\n/)
  const last = paragraphs.length > 1 ? paragraphs.at(-1)! : ''
  const trailers =
    last !== '' &&
    last.split('\n').every((l) => /^[A-Za-z0-9-]+: /.test(l) || /^\(cherry picked from commit /.test(l))
  return trailers ? `${text}\n${note}\n` : `${text}\n\n${note}\n`
}

/** A commit of the default branch's first-parent history, as the local forge reads it. */
export type MainlineCommit = { sha: string; parents: string[]; message: string }

/**
 * How pull request `pr` reached the default branch, from its first-parent
 * history (newest first), the way the planner reads PR numbers: a
 * `Merge pull request #123` commit (its own commits are picked), else the
 * commits whose subject ends with `(#123)`, oldest first (a squash merge is
 * one; a rebase merge keeps the suffix only where the author wrote it).
 */
export function findMergedCommits(
  mainline: readonly MainlineCommit[],
  pr: number,
): { how: 'merge'; merge: MainlineCommit } | { how: 'squash' | 'rebase'; commits: MainlineCommit[] } | null {
  const picked: MainlineCommit[] = []
  for (const c of mainline) {
    const parsed = parseCommitMessage(c.message)
    if (parsed.pr !== pr) continue
    if (parsed.merge && c.parents.length > 1) return { how: 'merge', merge: c }
    if (!parsed.merge && c.parents.length === 1) picked.push(c)
  }
  if (picked.length === 0) return null
  return { how: picked.length === 1 ? 'squash' : 'rebase', commits: picked.reverse() }
}

/**
 * The backport's title: the pull request's conventional header (else the
 * first picked commit's), without its `(#123)`, then `(backport #123 to
 * LINE)`, so that the line's planner counts the change by its type.
 */
export function backportTitle(input: {
  pr: number
  line: string
  title: string
  messages: readonly string[]
}): string {
  const strip = (s: string) => s.replace(/\s*\(#\d+\)\s*$/, '').trim()
  const conventional = [input.title, ...input.messages]
    .map((m) => parseCommitMessage(m))
    .find((p) => p.type !== null && !p.merge)
  const header = strip(conventional ? conventional.header : input.title) || `pull request #${input.pr}`
  return `${header} (backport #${input.pr} to ${input.line})`
}

/** The backport pull request's body: what it carries, and from where. */
export function backportBody(input: {
  pr: number
  line: string
  branch: string
  picked: readonly { sha: string; message: string }[]
  skipped: readonly { sha: string; message: string }[]
}): string {
  const bullet = (c: { sha: string; message: string }) =>
    `- ${c.sha.slice(0, 12)} ${parseCommitMessage(c.message).header}`
  const lines = [
    `Backport of #${input.pr} to the release line \`${input.line}\` (branch \`${input.branch}\`), opened by Herald.`,
    '',
    'Cherry-picked, in order:',
    ...input.picked.map(bullet),
  ]
  if (input.skipped.length) lines.push('', 'Already on the branch, left out:', ...input.skipped.map(bullet))
  return `${lines.join('\n')}\n`
}
