/**
 * What every resource module of the fake GitHub shares: the request as a route
 * sees it, the reply it gives, and GitHub's paging and error shapes.
 */
import type { FakeRepo } from '../fake-model.ts'

/** `raw`: bytes sent as they are (an asset download) instead of the JSON `body`. */
export type Reply = { status: number; body?: unknown; raw?: Buffer; headers?: Record<string, string> }

export type Request = {
  repo: FakeRepo
  /** The fake server's own address, for `html_url`s. */
  server: string
  method: string
  url: URL
  query: URLSearchParams
  body: Record<string, unknown>
  /** The request's `Accept` header. */
  accept: string
  /** The body as sent (an upload's file). */
  raw: string
  /** Sent to the uploads address (`/api/uploads/repos/…`). */
  upload: boolean
}

/** A REST route under `/repos/{owner}/{name}`; `path` matches the rest of the path. Without `method`, any. */
export type Route = {
  method?: string
  path: RegExp
  handle: (request: Request, match: RegExpExecArray) => Reply
}

export function ok(body: unknown): Reply {
  return { status: 200, body }
}

export function created(body: unknown): Reply {
  return { status: 201, body }
}

export function notFound(): Reply {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }
}

export function unprocessable(body: Record<string, unknown>): Reply {
  return { status: 422, body }
}

/** Page `items` by `per_page` / `page` with GitHub's Link header. */
export function page<T>(
  url: URL,
  items: T[],
  max = 100,
): { status: number; body: T[]; headers: Record<string, string> } {
  const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), max)
  const current = Number(url.searchParams.get('page') ?? 1)
  const last = Math.max(1, Math.ceil(items.length / per))
  const link = (n: number, rel: string) => {
    const u = new URL(url)
    u.searchParams.set('page', String(n))
    return `<${u.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (current < last) links.push(link(current + 1, 'next'), link(last, 'last'))
  if (current > 1) links.push(link(1, 'first'), link(current - 1, 'prev'))
  return {
    status: 200,
    body: items.slice((current - 1) * per, current * per),
    headers: links.length ? { link: links.join(', ') } : {},
  }
}

/** The repository's web address on the fake server. */
export function webUrl(request: Request): string {
  return `${request.server}/${request.repo.owner}/${request.repo.name}`
}
