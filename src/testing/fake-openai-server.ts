/**
 * A local server speaking OpenAI's `POST /v1/chat/completions`, answering from
 * a script: each request takes the next step (the last one repeats). Used by
 * the wire-level tests and the drafter benchmark; it listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Step =
  | {
      content: string | null
      finish?: string
      refusal?: string | null
      promptTokens?: number
      completionTokens?: number
    }
  | { status: number; body?: unknown }
  | { hang: true }

export type ChatRequest = {
  model: string
  messages: { role: string; content: string }[]
  response_format?: unknown
}

export type FakeOpenAi = {
  baseURL: string
  requests: ChatRequest[]
  /** Replace the script (e.g. between benchmark cases). */
  script(steps: Step[] | ((request: ChatRequest, index: number) => Step)): void
  close(): Promise<void>
}

export async function startFakeOpenAi(initial: Step[] = []): Promise<FakeOpenAi> {
  let script: (request: ChatRequest, index: number) => Step = fromList(initial)
  const requests: ChatRequest[] = []
  const hanging = new Set<IncomingMessage>()
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end()
      return
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest
    requests.push(request)
    const step = script(request, requests.length - 1)
    if ('hang' in step) {
      hanging.add(req)
      req.socket.on('close', () => hanging.delete(req))
      return
    }
    if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(step.body ?? { error: { message: 'server error', type: 'server_error' } }))
      return
    }
    const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: request.model,
        choices: [
          {
            index: 0,
            finish_reason: step.finish ?? 'stop',
            message: { role: 'assistant', content: step.content, refusal: step.refusal ?? null },
          },
        ],
        usage: {
          // About four characters a token, as a tokenizer would count English.
          prompt_tokens: step.promptTokens ?? Math.ceil(promptChars / 4),
          completion_tokens: step.completionTokens ?? Math.ceil((step.content ?? '').length / 4),
          total_tokens: 0,
        },
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(steps) {
      script = typeof steps === 'function' ? steps : fromList(steps)
    },
    close: () =>
      new Promise((resolve) => {
        for (const req of hanging) req.socket.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function fromList(steps: Step[]): (request: ChatRequest, index: number) => Step {
  return (_request, index) => steps[Math.min(index, steps.length - 1)] ?? { status: 500 }
}
