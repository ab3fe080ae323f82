/**
 * `/release backport pr:123 line:lts` and `herald backport --pr 123 --line
 * lts`: cherry-pick a merged pull request onto a release line's branch, on a
 * new branch `herald/backport-123-to-lts` (and, on GitHub, open its pull
 * request against the line's branch). The requester needs the `release`
 * role; there is no sign-off click, since the backport pull request is
 * itself reviewed before it reaches the line. Every refusal creates nothing.
 */
import { type AuthConfig, authorize } from '../../core/authorize.ts'
import { backportBody, backportBranch, backportTitle } from '../../core/backport.ts'
import type { ReleaseLine } from '../../core/release-line.ts'
import type { BackportHost, ExistingBackport, MergedPull, PickedCommit } from '../../ports/backport-host.ts'
import { chooseLine, type Syntax } from '../plan-line.ts'
import type { Actor } from '../view.ts'

export type BackportDeps = {
  auth?: AuthConfig | undefined
  lines: readonly ReleaseLine[]
  /** Absent where backports cannot be made (no repository to read). */
  backports?: BackportHost | undefined
}

export type BackportDone = {
  ok: true
  line: string
  pr: number
  /** The pull request's title, and the backport's. */
  source: { title: string; url: string | null; how: 'squash' | 'rebase' | 'merge' }
  title: string
  branch: string
  target: string
  sha: string
  picked: PickedCommit[]
  skipped: PickedCommit[]
  /** The backport pull request (GitHub). */
  backportPr: { number: number; url: string } | null
}

export type BackportRefusal = {
  ok: false
  /** `input`: the request is wrong (exit 2); `refused`: Herald declines a valid one (exit 1). */
  kind: 'input' | 'refused'
  code:
    | 'not_allowed'
    | 'unavailable'
    | 'line_required'
    | 'unknown_line'
    | 'same_branch'
    | 'branch_missing'
    | 'unknown_pr'
    | 'unmerged'
    | 'unclear'
    | 'exists'
    | 'conflict'
    | 'empty'
  message: string
  /** `conflict`: where. */
  files?: string[] | undefined
  /** `exists`: the backport made before. */
  existing?: ExistingBackport | undefined
}

export type BackportAnswer = BackportDone | BackportRefusal

const refuse = (
  kind: BackportRefusal['kind'],
  code: BackportRefusal['code'],
  message: string,
  extra: Partial<BackportRefusal> = {},
): BackportRefusal => ({ ok: false, kind, code, message, ...extra })

export async function backport(
  deps: BackportDeps,
  actor: Actor,
  request: { pr: number; line: string | undefined },
  syntax: Syntax = 'chat',
): Promise<BackportAnswer> {
  const allowed = authorize(deps.auth, actor, 'release')
  if (!allowed.ok) return refuse('refused', 'not_allowed', allowed.message)
  const host = deps.backports
  if (!host)
    return refuse('refused', 'unavailable', 'backports need the repository: run Herald in a clone of it')
  const line = chooseLine(deps.lines, request.line, syntax)
  if ('ok' in line) return refuse('input', line.code as BackportRefusal['code'], line.message)
  const found = await host.findPull(request.pr)
  const pr = `#${request.pr}`
  if (found.kind === 'unknown')
    return refuse(
      'input',
      'unknown_pr',
      `no merged pull request ${pr} found${found.hint ? ` (${found.hint})` : ''}: check the number`,
    )
  if (found.kind === 'unmerged')
    return refuse('refused', 'unmerged', `pull request ${pr} (${found.title}) is not merged: merge it first`)
  if (found.kind === 'unclear')
    return refuse('refused', 'unclear', `pull request ${pr} (${found.title}): ${found.reason}`)
  const { pull } = found
  if (line.branch === pull.base)
    return refuse(
      'input',
      'same_branch',
      `line ${line.name} releases from ${line.branch}, where ${pr} is merged already: backport to a line with its own \`branch\` (a maintenance line)`,
    )
  const branch = backportBranch(request.pr, line.name)
  if (!branch)
    return refuse('input', 'unknown_line', `line ${line.name}: its name cannot be part of a branch name`)
  const existing = await host.findBackport(branch)
  if (existing) return refuse('refused', 'exists', existsMessage(pr, line, existing), { existing })
  if (!(await host.branchTip(line.branch)))
    return refuse(
      'refused',
      'branch_missing',
      `line ${line.name}'s branch ${line.branch} does not exist: create it (from the release it maintains) or fix \`branch\` in the config`,
    )
  return pick(host, line, pull, branch)
}

async function pick(
  host: BackportHost,
  line: ReleaseLine,
  pull: MergedPull,
  branch: string,
): Promise<BackportAnswer> {
  const title = backportTitle({
    pr: pull.number,
    line: line.name,
    title: pull.title,
    messages: pull.commits.map((c) => c.message),
  })
  const outcome = await host.backport({
    pull,
    branch,
    target: line.branch,
    title,
    body: (picked, skipped) =>
      backportBody({ pr: pull.number, line: line.name, branch: line.branch, picked, skipped }),
  })
  if (outcome.kind === 'empty')
    return refuse(
      'refused',
      'empty',
      `every change of #${pull.number} is on ${line.branch} already: nothing to backport`,
    )
  if (outcome.kind === 'conflict')
    return refuse(
      'refused',
      'conflict',
      `${short(outcome.commit)} of #${pull.number} does not apply to ${line.branch}: conflicts in ${outcome.files.join(', ') || 'files git could not name'}. Nothing was created: backport it by hand (git cherry-pick -x)`,
      { files: outcome.files },
    )
  return {
    ok: true,
    line: line.name,
    pr: pull.number,
    source: { title: pull.title, url: pull.url, how: pull.how },
    title,
    branch: outcome.branch,
    target: line.branch,
    sha: outcome.sha,
    picked: outcome.picked,
    skipped: outcome.skipped,
    backportPr: outcome.pr,
  }
}

function existsMessage(pr: string, line: ReleaseLine, existing: ExistingBackport): string {
  if (existing.state === 'branch_without_pr')
    return `${pr} was not backported to ${line.name}: branch ${existing.branch} exists without a pull request (an earlier backport stopped part-way). Open a pull request from it to ${line.branch}, or delete the branch and run the backport again`
  const where = existing.url ? ` (${existing.url}, ${existing.state})` : ''
  return `${pr} was backported to ${line.name} already: branch ${existing.branch}${where}. Herald does not make it twice`
}

function short(commit: PickedCommit): string {
  return `commit ${commit.sha.slice(0, 12)} (${commit.message.split('\n')[0]})`
}
