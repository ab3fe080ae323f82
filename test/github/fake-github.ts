/**
 * A local GitHub: a `node:http` server on 127.0.0.1 answering the REST (and
 * the GraphQL) requests Herald makes, in GitHub's response shapes
 * (`@octokit/fixtures` records them): Link-header pagination, 422 validation
 * errors, secondary rate limits. Faults can be queued; every request is counted
 * (a GraphQL one with its operation name).
 * This module serves and routes; one module per resource under fake-github/
 * answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { checkRoutes } from './fake-github/checks.ts'
import { commitRoutes } from './fake-github/commits.ts'
import { contentRoutes } from './fake-github/contents.ts'
import { gitObjectRoutes } from './fake-github/git-objects.ts'
import { gitRefRoutes } from './fake-github/git-refs.ts'
import { graphql } from './fake-github/graphql.ts'
import { mergeRoutes } from './fake-github/merges.ts'
import { pullRoutes } from './fake-github/pulls.ts'
import { releaseRoutes } from './fake-github/releases.ts'
import { repoRoutes } from './fake-github/repos.ts'
import { notFound, type Reply, type Request, type Route } from './fake-github/route.ts'
import type { FakeRepo } from './fake-model.ts'

export type Fault = {
  method: string
  path: RegExp
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** How many matching requests fail (default 1). */
  times?: number
}

/** `operation`: a GraphQL request's operation name (`HeraldRefs`, …). */
export type Logged = { method: string; path: string; operation?: string }

/** Checked in order: the check-run and status routes come before the single-commit route they overlap. */
const ROUTES: Route[] = [
  ...repoRoutes,
  ...checkRoutes,
  ...commitRoutes,
  ...gitRefRoutes,
  ...gitObjectRoutes,
  ...contentRoutes,
  ...releaseRoutes,
  ...pullRoutes,
  ...mergeRoutes,
]

export class FakeGitHub {
  readonly repo: FakeRepo
  readonly requests: Logged[] = []
  readonly faults: Fault[] = []
  /** The token requests must carry. */
  token = 'test-token'
  private server: Server | null = null
  url = ''

  constructor(repo: FakeRepo) {
    this.repo = repo
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res)
    })
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((ok) => this.server!.close(() => ok()))
  }

  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault })
  }

  count(method?: string, path?: RegExp): number {
    return this.requests.filter((r) => (!method || r.method === method) && (!path || path.test(r.path)))
      .length
  }

  /** GraphQL requests of one operation (`HeraldReachable`, …). */
  countQuery(operation: string): number {
    return this.requests.filter((r) => r.operation === operation).length
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    // GraphQL requests are logged with their operation name; other bodies (uploads) need not be JSON.
    const operation = url.pathname.endsWith('/graphql')
      ? /^\s*query (\w+)/.exec(raw ? String((JSON.parse(raw) as { query?: unknown }).query) : '')?.[1]
      : undefined
    this.requests.push({ method, path: url.pathname + url.search, ...(operation ? { operation } : {}) })
    let reply: Reply
    const fault = this.faults.find((f) => f.method === method && f.path.test(url.pathname))
    if (req.headers.authorization !== `token ${this.token}`) {
      reply = { status: 401, body: { message: 'Bad credentials' } }
    } else if (fault) {
      fault.times = (fault.times ?? 1) - 1
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1)
      reply = {
        status: fault.status,
        body: fault.body ?? { message: `fault ${fault.status}` },
        headers: fault.headers,
      }
    } else {
      try {
        // An upload's body is the file itself; everything else GitHub takes is JSON.
        const file = /^(text\/plain|application\/octet-stream)/.test(
          String(req.headers['content-type'] ?? ''),
        )
        const json = raw && !file
        reply = this.route(method, url, raw, json ? JSON.parse(raw) : {}, String(req.headers.accept ?? ''))
      } catch (error) {
        reply = { status: 500, body: { message: `fake GitHub bug: ${(error as Error).stack}` } }
      }
    }
    const type = reply.raw ? 'application/octet-stream' : 'application/json; charset=utf-8'
    res.writeHead(reply.status, { 'content-type': type, ...reply.headers })
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)))
  }

  private route(method: string, url: URL, raw: string, body: Record<string, unknown>, accept: string): Reply {
    const repo = this.repo
    const upload = url.pathname.startsWith('/api/uploads/')
    const query = url.searchParams
    const request: Request = { repo, server: this.url, method, url, query, body, accept, raw, upload }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/uploads(?=\/)/, '')
    if (method === 'POST' && path === '/graphql') return graphql(request)
    const base = `/repos/${repo.owner}/${repo.name}`
    if (!path.startsWith(base)) return notFound()
    const rest = path.slice(base.length)
    for (const route of ROUTES) {
      if (route.method && route.method !== method) continue
      const match = route.path.exec(rest)
      if (match) return route.handle(request, match)
    }
    return notFound()
  }
}
