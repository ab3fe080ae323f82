/**
 * GitHub webhook payloads, validated: only the fields Herald acts on, checked
 * with zod, into the flows' event types. Anything Herald does not use is
 * `unused` (a 200 that does nothing); a payload of a used event that does not
 * have the shape GitHub documents is `invalid`.
 */
import { z } from 'zod'
import type { BranchPush, CiCompleted, MergedPullRequest } from '../../flows/github/github-events.ts'

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character commit sha')
const user = z.object({ login: z.string().min(1).max(100), id: z.number().int().positive() })
const repository = z.object({ full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/) })

const pullRequestClosed = z.object({
  action: z.literal('closed'),
  repository,
  sender: user,
  pull_request: z.object({
    number: z.number().int().positive(),
    merged: z.boolean(),
    merge_commit_sha: sha.nullable(),
    merged_by: user.nullable().optional(),
    head: z.object({ ref: z.string().min(1) }),
    base: z.object({ ref: z.string().min(1) }),
  }),
})

const push = z.object({
  ref: z.string().min(1).max(300),
  after: sha,
  deleted: z.boolean().optional(),
  repository,
})

const checkSuite = z.object({
  action: z.string(),
  check_suite: z.object({ head_sha: sha, status: z.string().nullable().optional() }),
  repository,
})

const commitStatus = z.object({
  sha,
  state: z.enum(['pending', 'success', 'failure', 'error']),
  repository,
})

export type GitHubEvent =
  | { kind: 'ci'; repository: string; event: CiCompleted }
  | { kind: 'merged'; repository: string; event: MergedPullRequest }
  | { kind: 'push'; repository: string; event: BranchPush }
  | { kind: 'ping'; repository: string | null }
  | { kind: 'unused'; reason: string }
  | { kind: 'invalid'; message: string }

/** The event `name` (`X-GitHub-Event`) with its parsed JSON `payload`. */
export function parseGitHubEvent(name: string, payload: unknown): GitHubEvent {
  switch (name) {
    case 'ping':
      return {
        kind: 'ping',
        repository:
          repository.safeParse((payload as { repository?: unknown })?.repository).data?.full_name ?? null,
      }
    case 'pull_request':
      return pullRequest(payload)
    case 'push':
      return branchPush(payload)
    case 'check_suite':
      return checkSuiteCompleted(payload)
    case 'status':
      return statusChanged(payload)
    default:
      return { kind: 'unused', reason: `Herald does not act on ${name} events` }
  }
}

function pullRequest(payload: unknown): GitHubEvent {
  if ((payload as { action?: unknown })?.action !== 'closed')
    return { kind: 'unused', reason: 'Herald acts only on closed pull requests' }
  const parsed = pullRequestClosed.safeParse(payload)
  if (!parsed.success) return invalid('pull_request', parsed.error)
  const { pull_request: pr, sender } = parsed.data
  if (!pr.merged || !pr.merge_commit_sha)
    return { kind: 'unused', reason: `PR #${pr.number} was closed without merging` }
  return {
    kind: 'merged',
    repository: parsed.data.repository.full_name,
    event: {
      number: pr.number,
      mergeSha: pr.merge_commit_sha,
      headRef: pr.head.ref,
      baseRef: pr.base.ref,
      merger: pr.merged_by ?? sender,
    },
  }
}

function branchPush(payload: unknown): GitHubEvent {
  const parsed = push.safeParse(payload)
  if (!parsed.success) return invalid('push', parsed.error)
  const { ref, after, deleted } = parsed.data
  if (!ref.startsWith('refs/heads/'))
    return { kind: 'unused', reason: `Herald acts only on branch pushes (${ref})` }
  if (deleted) return { kind: 'unused', reason: `${ref} was deleted` }
  return {
    kind: 'push',
    repository: parsed.data.repository.full_name,
    event: { branch: ref.slice('refs/heads/'.length), head: after },
  }
}

function checkSuiteCompleted(payload: unknown): GitHubEvent {
  if ((payload as { action?: unknown })?.action !== 'completed')
    return { kind: 'unused', reason: 'Herald acts only on completed check suites' }
  const parsed = checkSuite.safeParse(payload)
  if (!parsed.success) return invalid('check_suite', parsed.error)
  const { check_suite: suite, repository: repo } = parsed.data
  return { kind: 'ci', repository: repo.full_name, event: { sha: suite.head_sha } }
}

function statusChanged(payload: unknown): GitHubEvent {
  const parsed = commitStatus.safeParse(payload)
  if (!parsed.success) return invalid('status', parsed.error)
  if (parsed.data.state === 'pending') return { kind: 'unused', reason: 'a pending status changes no check' }
  return { kind: 'ci', repository: parsed.data.repository.full_name, event: { sha: parsed.data.sha } }
}

function invalid(event: string, error: z.ZodError): GitHubEvent {
  const first = error.issues[0]
  const where = first?.path.join('.') || 'payload'
  return { kind: 'invalid', message: `${event} payload: ${where}: ${first?.message ?? 'unexpected shape'}` }
}
