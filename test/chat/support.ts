/** Helpers for the chat wire tests: a local HTTP server that records requests, and in-memory flows. */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Actor, ChatFlows, CommandArgs, View } from '../../src/flows/view.ts'

export type Recorded = { method: string; path: string; headers: IncomingHttpHeaders; body: string }

export type LocalServer = {
  url: string
  requests: Recorded[]
  close(): Promise<void>
}

/** A loopback server answering each request with `reply(request)` (JSON). */
export async function startLocalServer(
  reply: (request: Recorded) => { status?: number; body?: unknown } = () => ({ body: {} }),
): Promise<LocalServer> {
  const requests: Recorded[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      requests.push(recorded)
      const { status = 200, body } = reply(recorded)
      if (body === undefined || status === 204) {
        res.writeHead(status === 200 ? 204 : status).end()
        return
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type FlowCall =
  | { kind: 'command'; actor: Actor; name: string; args: CommandArgs }
  | { kind: 'action'; actor: Actor; id: string; text: string | undefined }

/** In-memory flows: a preview with a plain and an edit action; every call recorded. */
export function fakeFlows(options: { delayMs?: number } = {}): ChatFlows & { calls: FlowCall[] } {
  const calls: FlowCall[] = []
  const wait = () => new Promise((r) => setTimeout(r, options.delayMs ?? 0))
  return {
    calls,
    async command(actor, name, args) {
      calls.push({ kind: 'command', actor, name, args })
      await wait()
      return previewView(name)
    },
    async action(actor, id, input) {
      calls.push({ kind: 'action', actor, id, text: input?.text })
      await wait()
      return { private: true, blocks: [{ kind: 'text', text: `done ${id}` }], actions: [] }
    },
    async complete(_name, _option, prefix) {
      return ['cli', 'platform', 'docs'].filter((l) => l.startsWith(prefix))
    },
  }
}

export function previewView(name: string): View {
  return {
    private: true,
    blocks: [
      { kind: 'header', text: `Preview of /${name}` },
      {
        kind: 'text',
        text: 'From **v1.0.0** to **v1.1.0**, see [the release](https://example.com/r). Hi @everyone',
      },
      { kind: 'code', text: 'notes <!channel> & more' },
    ],
    actions: [
      { id: 'release:cut:42', label: 'Cut release', style: 'primary' },
      {
        id: 'announce:edit:42',
        label: 'Edit',
        style: 'secondary',
        edit: { title: 'Edit announcement', text: 'We shipped v1.1.0.', maxLength: 2_000 },
      },
    ],
  }
}
