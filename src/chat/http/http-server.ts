/**
 * Herald's one HTTP server (node:http): `POST /slack/events`,
 * `POST /discord/interactions`, `POST /github/webhook`, the web console under
 * `/console` (with `HERALD_PUBLIC_URL`) and `GET /healthz` on `PORT`. It reads the raw
 * body (bounded) and hands it to the platform endpoint, which verifies it
 * before anything else; everything else is 404/405.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ChatLog, errorField } from '../platform/log.ts'
import type { WebConsole } from './console/web-console.ts'
import { type HttpEndpoint, type HttpReply, json, text } from './http-endpoint.ts'

/** Slack and Discord payloads are a few KiB, GitHub's tens of KiB; 1 MiB leaves room and stops abuse. */
export const MAX_BODY_BYTES = 1024 * 1024

export type HttpServerOptions = {
  port: number
  /** Default: every interface ('::' or '0.0.0.0'); tests pass 127.0.0.1. */
  host?: string | undefined
  slack?: HttpEndpoint | undefined
  discord?: HttpEndpoint | undefined
  github?: HttpEndpoint | undefined
  console?: WebConsole | undefined
  log: ChatLog
}

export type HttpServerHandle = {
  /** The port actually bound (useful with `port: 0`). */
  port: number
  url: string
  /**
   * Stops accepting, lets in-flight requests and their follow-ups finish (up to
   * `timeoutMs`), then closes; resolves with how many follow-ups are still running.
   */
  close(timeoutMs?: number): Promise<number>
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const { log } = options
  const routes: Record<string, HttpEndpoint | undefined> = {
    '/slack/events': options.slack,
    '/discord/interactions': options.discord,
    '/github/webhook': options.github,
  }
  const server = createServer((req, res) => {
    route(req, routes, options.console)
      .then((reply) => send(res, reply))
      .catch((error) => {
        log.error('http: request failed', { path: pathOf(req), ...errorField(error) })
        send(res, text(500, 'internal error'))
      })
  })
  // Slow clients cannot hold a connection open for long.
  server.requestTimeout = 15_000
  server.headersTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = options.host?.includes(':') ? `[${options.host}]` : (options.host ?? 'localhost')
  log.info('http: listening', {
    port,
    endpoints: Object.entries(routes)
      .filter(([, e]) => e)
      .map(([p]) => p)
      .concat(options.console ? ['/console', '/healthz'] : '/healthz'),
  })
  return {
    port,
    url: `http://${shownHost}:${port}`,
    async close(timeoutMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const left = await Promise.all(Object.values(routes).map((e) => e?.drain(timeoutMs) ?? 0))
      server.closeAllConnections()
      await closed
      return left.reduce((a, b) => a + b, 0)
    },
  }
}

async function route(
  req: IncomingMessage,
  routes: Record<string, HttpEndpoint | undefined>,
  webConsole: WebConsole | undefined,
): Promise<HttpReply> {
  const path = pathOf(req)
  if (path === '/healthz')
    return req.method === 'GET' || req.method === 'HEAD' ? json(200, { ok: true }) : methodNotAllowed('GET')
  if (webConsole && (path === '/console' || path.startsWith('/console/')))
    return webConsole.handle({
      method: req.method ?? 'GET',
      path,
      query: new URLSearchParams((req.url ?? '').slice(path.length + 1)),
      headers: req.headers,
      readBody: () => boundedBody(req),
    })
  const endpoint = routes[path]
  if (!endpoint) {
    req.resume()
    return text(404, 'not found')
  }
  if (req.method !== 'POST') {
    req.resume()
    return methodNotAllowed('POST')
  }
  const rawBody = await boundedBody(req)
  if (!rawBody) return text(413, 'body too large')
  return endpoint.handle({ headers: req.headers, rawBody })
}

/** The body, or undefined when it is larger than `MAX_BODY_BYTES`. */
function boundedBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    req.resume()
    return Promise.resolve(undefined)
  }
  return readBody(req)
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data')
        req.resume()
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, reply: HttpReply): void {
  const after = reply.afterSend
  if (res.headersSent || res.destroyed) {
    // Nothing more can be written; work waiting on the reply must not hang.
    if (after) setImmediate(after)
    return
  }
  if (after) {
    // Written or abandoned, whichever comes first: work waiting on it must not hang.
    let called = false
    const once = () => {
      if (!called) after()
      called = true
    }
    res.once('close', once)
    res.writeHead(reply.status, { 'cache-control': 'no-store', ...reply.headers })
    res.end(reply.body ?? '', once)
    return
  }
  res.writeHead(reply.status, { 'cache-control': 'no-store', ...reply.headers })
  res.end(reply.body ?? '')
}

function methodNotAllowed(allow: string): HttpReply {
  return {
    ...text(405, 'method not allowed'),
    headers: { allow, 'content-type': 'text/plain; charset=utf-8' },
  }
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}
