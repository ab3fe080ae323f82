/**
 * The Octokit client Herald uses: `@octokit/rest` with the throttling and
 * retry plugins. Rate limits (primary and secondary, 403/429 with
 * `retry-after`) are waited out by the throttling plugin; 5xx and network
 * failures are retried by the retry plugin. Tests shrink the waits.
 */
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import Bottleneck from 'bottleneck'

export const DEFAULT_API_URL = 'https://api.github.com'

export type GitHubClientOptions = {
  token: string
  /** `GITHUB_API_URL`; GitHub Enterprise is `https://HOST/api/v3`. */
  baseUrl?: string | undefined
  /** How many times a rate-limited request is retried (default 3). */
  rateLimitRetries?: number | undefined
  /** How many times a 5xx or a network failure is retried (default 3; `herald doctor` uses 0). */
  retries?: number | undefined
  /** Milliseconds per second of `retry-after` and of the retry backoff (default 1000; tests use 1). */
  retryAfterBaseMs?: number | undefined
  /**
   * Pause between two writes; GitHub asks for 1 s (3 s for writes that notify
   * people, like releases and pull requests) to avoid secondary limits. Tests use 0.
   */
  writeIntervalMs?: number | undefined
  /** Warnings (rate limits waited out); the token is never part of them. */
  warn?: ((message: string) => void) | undefined
}

const HeraldOctokit = Octokit.plugin(throttling, retry)
export type GitHubClient = InstanceType<typeof HeraldOctokit>

/**
 * The client. The throttling plugin queues every GraphQL request behind the
 * write limiter (1 s apart), as if each were a mutation; Herald only reads
 * through GraphQL, so its `graphql` goes through a second client of the same
 * plugins (rate limits and secondary limits still waited out and retried)
 * whose write limiter does not space requests. Send no GraphQL mutation
 * through it: writes belong on REST, behind the write limiter.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const client = newClient(options, options.writeIntervalMs ?? 1000)
  client.graphql = newClient(options, 0).graphql
  return client
}

function newClient(options: GitHubClientOptions, writeMs: number): GitHubClient {
  const retries = options.rateLimitRetries ?? 3
  const base = options.retryAfterBaseMs ?? 1000
  const warn = options.warn ?? (() => {})
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount >= retries) return false
      warn(`GitHub ${kind} on ${request.method} ${request.url}: retrying in ${retryAfter} s`)
      return true
    }
  return new HeraldOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl || DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: 'herald-release-bot',
    // Octokit would log request failures itself; the adapter reports them once, translated.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      // Own limiter groups so that a test's settings do not leak into another client.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeMs }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeMs * 3 }),
    },
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: base },
  })
}

/** The web address of a repository for an API address (github.com or GitHub Enterprise). */
export function webUrlFor(baseUrl: string | undefined, owner: string, repo: string): string {
  const api = (baseUrl || DEFAULT_API_URL).replace(/\/+$/, '')
  if (api === DEFAULT_API_URL) return `https://github.com/${owner}/${repo}`
  return `${api.replace(/\/api\/v3$/, '')}/${owner}/${repo}`
}
