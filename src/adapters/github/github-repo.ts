/**
 * One repository on GitHub as the adapter's files see it: the client, the
 * owner/name, and the two helpers every call goes through (error
 * translation, Link-header pagination).
 */
import { ForgeError } from '../../ports/forge-error.ts'
import type { GitHubClient } from './github-client.ts'
import { toForgeError, toGitHubError } from './github-error.ts'

export type GitHubRepo = {
  client: GitHubClient
  owner: string
  repo: string
}

/** Runs one API call; any failure leaves as a `ForgeError` that says what Herald was doing. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toForgeError(error, what)
  }
}

/** Like `call`, but a 404 (and, for refs GitHub cannot resolve, a 422) is `null`. */
export async function callOrNull<T>(what: string, fn: () => Promise<T>, also422 = false): Promise<T | null> {
  try {
    return await fn()
  } catch (error) {
    if (error instanceof ForgeError) throw error
    const e = toGitHubError(error, what)
    if (e.status === 404 || (also422 && e.status === 422)) return null
    throw toForgeError(e, what)
  }
}

/**
 * Every page of a listing, following GitHub's `Link: <…>; rel="next"` header
 * (octokit's paginate cannot follow the compare endpoint, whose body is an
 * object). `pick` takes the items out of one page's body.
 */
export async function* pages<T>(
  r: GitHubRepo,
  what: string,
  route: string,
  params: Record<string, unknown>,
  pick: (data: unknown) => T[],
): AsyncGenerator<{ items: T[]; data: unknown }> {
  let response = await call(what, () =>
    r.client.request(route, { owner: r.owner, repo: r.repo, per_page: 100, ...params }),
  )
  for (;;) {
    yield { items: pick(response.data), data: response.data }
    const next = nextLink(response.headers.link)
    if (!next) return
    response = await call(what, () => r.client.request({ method: 'GET', url: next }))
  }
}

function nextLink(link: string | undefined): string | null {
  if (!link) return null
  for (const part of link.split(',')) {
    const m = /<([^>]+)>;\s*rel="next"/.exec(part)
    if (m) return m[1]!
  }
  return null
}

/** A response field that must be there; its absence is GitHub (or a proxy) answering something else. */
export function expect<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined)
    throw new ForgeError('unavailable', `${what}: GitHub's answer lacks it (check GITHUB_API_URL)`)
  return value
}
