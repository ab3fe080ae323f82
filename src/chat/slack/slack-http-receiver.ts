/**
 * Bolt's receiver for Herald's shared HTTP server: `POST /slack/events` is read
 * by `startHttpServer`, verified here, then fed to Bolt's one seam,
 * `app.processEvent`. Nothing reaches a listener before the signature and the
 * timestamp are checked; the HTTP answer goes out when the listener acks.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt'
import {
  type HttpEndpoint,
  type HttpReply,
  type HttpRequest,
  header,
  json,
  text,
  unauthorized,
} from '../http/http-endpoint.ts'
import { type ChatLog, errorField } from '../platform/log.ts'
import { BackgroundTasks } from '../platform/tasks.ts'
import { verifySlackSignature } from './verify-slack-request.ts'

/** Slack shows the user an error after 3 s; answer empty before that if a listener is slow to ack. */
const ACK_DEADLINE_MS = 2_500

export class SlackHttpReceiver implements Receiver, HttpEndpoint {
  #app: App | undefined
  readonly #signingSecret: string
  readonly #log: ChatLog
  readonly #now: () => number
  readonly #tasks = new BackgroundTasks()

  constructor(options: { signingSecret: string; log: ChatLog; now?: () => number }) {
    if (!options.signingSecret.trim())
      throw new Error(
        'Slack HTTP mode: SLACK_SIGNING_SECRET is empty; set it from the app’s Basic Information page',
      )
    this.#signingSecret = options.signingSecret
    this.#log = options.log
    this.#now = options.now ?? Date.now
  }

  init(app: App): void {
    this.#app = app
  }

  /** The shared HTTP server listens; Bolt's start and stop have nothing to do. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  drain(timeoutMs: number): Promise<number> {
    return this.#tasks.drain(timeoutMs)
  }

  async handle({ headers, rawBody }: HttpRequest): Promise<HttpReply> {
    const body = rawBody.toString('utf8')
    const failure = verifySlackSignature({
      signingSecret: this.#signingSecret,
      signature: header(headers, 'x-slack-signature'),
      timestamp: header(headers, 'x-slack-request-timestamp'),
      rawBody: body,
      nowMs: this.#now(),
    })
    if (failure) {
      this.#log.warn('slack: refused an unverified request', { reason: failure })
      return unauthorized()
    }
    const parsed = parseSlackBody(header(headers, 'content-type'), body)
    if (!parsed) return text(400, 'unreadable body')
    if (parsed['ssl_check'] === '1') return text(200, '')
    if (parsed['type'] === 'url_verification' && typeof parsed['challenge'] === 'string')
      return json(200, { challenge: parsed['challenge'] })
    const app = this.#app
    if (!app) return text(503, 'not ready')

    const retry = header(headers, 'x-slack-retry-num')
    return new Promise<HttpReply>((resolve) => {
      let answered = false
      const answer = (reply: HttpReply) => {
        if (answered) return
        answered = true
        clearTimeout(timer)
        resolve(reply)
      }
      const timer = setTimeout(() => answer(text(200, '')), ACK_DEADLINE_MS)
      const event: ReceiverEvent = {
        body: parsed,
        ...(retry && /^\d+$/.test(retry) ? { retryNum: Number(retry) } : {}),
        ...(header(headers, 'x-slack-retry-reason')
          ? { retryReason: header(headers, 'x-slack-retry-reason') }
          : {}),
        ack: async (response?: unknown) => {
          if (response === undefined || response === '') answer(text(200, ''))
          else if (typeof response === 'string') answer(text(200, response))
          else answer(json(200, response))
        },
      }
      this.#tasks.run(async () => {
        try {
          await app.processEvent(event)
          answer(text(404, 'no handler'))
        } catch (error) {
          this.#log.error('slack: a listener failed', errorField(error))
          answer(text(500, 'internal error'))
        }
      })
    })
  }
}

/**
 * Slash commands arrive form-encoded; interactions form-encoded with one
 * `payload` JSON field; events as JSON. Anything else is unreadable.
 */
export function parseSlackBody(
  contentType: string | undefined,
  body: string,
): Record<string, unknown> | undefined {
  try {
    if (contentType?.startsWith('application/json')) {
      const value: unknown = JSON.parse(body)
      return isRecord(value) ? value : undefined
    }
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(body))
      if (typeof form['payload'] !== 'string') return form
      const value: unknown = JSON.parse(form['payload'])
      return isRecord(value) ? value : undefined
    }
  } catch {
    return undefined
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
