/**
 * A local webhook server for tests, speaking Discord's or Slack's webhook
 * protocol on 127.0.0.1. Each request is answered by the next scripted reply
 * (the last one repeats); `hang` never answers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'hang'
  | 'discord-ok'
  | 'slack-ok'

export type Received = { path: string; query: URLSearchParams; body: unknown; raw: string }

export type WebhookServer = {
  url: (path?: string) => URL
  received: Received[]
  /** Resolves at the next request (for tests that act while a request is in flight). */
  nextRequest: () => Promise<Received>
  close: () => Promise<void>
}

export async function startWebhookServer(script: Reply[]): Promise<WebhookServer> {
  const received: Received[] = []
  const hanging: ServerResponse[] = []
  let waiters: Array<(r: Received) => void> = []
  let index = 0
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    let body: unknown = raw
    try {
      body = JSON.parse(raw)
    } catch {}
    const entry = { path: url.pathname, query: url.searchParams, body, raw }
    received.push(entry)
    for (const w of waiters) w(entry)
    waiters = []
    const reply = script[Math.min(index++, script.length - 1)]!
    if (reply === 'hang') {
      hanging.push(res)
      return
    }
    if (reply === 'discord-ok') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: `m${received.length}`,
          channel_id: '42',
          guild_id: '7',
          content: (body as { content?: string }).content,
        }),
      )
      return
    }
    if (reply === 'slack-ok') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('ok')
      return
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
    res.writeHead(reply.status, {
      'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      ...reply.headers,
    })
    res.end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path = '/api/webhooks/123/s3cr3t-t0ken') => new URL(`http://127.0.0.1:${port}${path}`),
    received,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: async () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
