import type { IncomingHttpHeaders } from 'node:http'

/** A verified-or-refused answer to one inbound platform request. */
export type HttpReply = {
  status: number
  headers?: Record<string, string>
  body?: string
  /** Called once the reply is written, for work that must not overtake it. */
  afterSend?: () => void
}

export type HttpRequest = { headers: IncomingHttpHeaders; rawBody: Buffer }

/** A platform's webhook endpoint: resolves with the reply as soon as the platform can be answered (the ack). */
export type HttpEndpoint = {
  handle(request: HttpRequest): Promise<HttpReply>
  /** Waits for work still running after its ack, up to `timeoutMs`; resolves with how much is still running. */
  drain(timeoutMs: number): Promise<number>
}

export const unauthorized = (): HttpReply => text(401, 'unauthorized')

export function text(status: number, body: string): HttpReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body }
}

export function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return typeof value === 'string' ? value : undefined
}
