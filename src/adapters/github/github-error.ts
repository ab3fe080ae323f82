/**
 * Octokit's errors are translated here, once: a `RequestError` becomes a
 * `GitHubError` (status and body, for the adapter's own decisions), which
 * leaves the adapter as the forge port's `ForgeError` with the same message.
 * Nothing above the adapter sees either Octokit's or this adapter's errors.
 */
import { ForgeError, type ForgeErrorCode } from '../../ports/forge-error.ts'

/** Stable codes; the CLI and the flows pick their text by them. */
export type GitHubErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'unprocessable'
  | 'server_error'
  | 'network'
  | 'bad_response'

export class GitHubError extends Error {
  readonly code: GitHubErrorCode
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number
  /** The response body GitHub sent, as parsed JSON or text. */
  readonly body: unknown
  constructor(code: GitHubErrorCode, message: string, status: number, body: unknown, cause?: unknown) {
    super(message, { cause })
    this.name = 'GitHubError'
    this.code = code
    this.status = status
    this.body = body
  }
}

type MaybeRequestError = {
  status?: unknown
  message?: unknown
  response?: { data?: unknown; headers?: Record<string, unknown> }
}

/** `what` says what Herald was doing: `reading tags of o/r`. */
export function toGitHubError(error: unknown, what: string): GitHubError {
  if (error instanceof GitHubError) return error
  const e = (error ?? {}) as MaybeRequestError
  const status = typeof e.status === 'number' ? e.status : 0
  const body = e.response?.data
  const said = apiMessage(body) ?? (typeof e.message === 'string' ? e.message : String(error))
  if (status === 0) {
    return new GitHubError(
      'network',
      `${what} failed: GitHub could not be reached (${said}): check GITHUB_API_URL and the network, then retry`,
      0,
      body,
      error,
    )
  }
  const [code, next] = advice(status, said)
  return new GitHubError(code, `${what} failed: ${said} (HTTP ${status}): ${next}`, status, body, error)
}

function advice(status: number, said: string): [GitHubErrorCode, string] {
  if (status === 401)
    return ['unauthorized', 'GITHUB_TOKEN is missing, expired or revoked: set a valid token']
  if ((status === 403 || status === 429) && /rate limit/i.test(said))
    return ['rate_limited', 'GitHub rate limit reached and retries ran out: wait a few minutes and retry']
  if (status === 403)
    return [
      'forbidden',
      'the token lacks a permission: give it contents and pull requests write access (see docs/github.md, "Token")',
    ]
  if (status === 404)
    return ['not_found', 'check `repo` in the config and that the token can see the repository']
  if (status === 422) return ['unprocessable', 'GitHub refused the request as sent']
  if (status >= 500) return ['server_error', 'GitHub failed after retries: retry in a few minutes']
  return ['bad_response', 'unexpected answer from GitHub']
}

function apiMessage(body: unknown): string | null {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    const errors = 'errors' in body && Array.isArray(body.errors) ? body.errors : []
    const details = errors
      .map((x: unknown) =>
        x && typeof x === 'object' && 'message' in x && typeof x.message === 'string'
          ? x.message
          : x && typeof x === 'object' && 'code' in x
            ? String(x.code)
            : '',
      )
      .filter(Boolean)
    return details.length ? `${body.message}: ${details.join('; ')}` : body.message
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 200)
  return null
}

/** The port's error for any failure of a GitHub call; `what` as for `toGitHubError`. */
export function toForgeError(error: unknown, what: string): ForgeError {
  if (error instanceof ForgeError) return error
  const github = toGitHubError(error, what)
  return new ForgeError(forgeCode(github), github.message, { cause: github })
}

function forgeCode(error: GitHubError): ForgeErrorCode {
  switch (error.code) {
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'rate_limited':
      return error.code
    case 'unprocessable':
      return alreadyExists(error) ? 'conflict' : 'invalid'
    default:
      return 'unavailable'
  }
}

/** GitHub's 422 for a ref or release that exists already. */
function alreadyExists(error: GitHubError): boolean {
  return error.status === 422 && /already[ _]exists/i.test(JSON.stringify(error.body ?? error.message))
}

/** A call failed because the ref or release it would create exists already. */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof ForgeError && error.code === 'conflict'
}
