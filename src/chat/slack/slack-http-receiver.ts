/**
 * Bolt's receiver for Herald's shared HTTP server: `POST /slack/events` is read
 * by `startHttpServer`, verified here, then fed to Bolt's one seam,
 * `app.processEvent`. Nothing reaches Bolt before the signature and the
 * timestamp are checked.
 *
 * Slash commands and button clicks are answered with an empty 200 as soon as
 * they are verified, and handed to Bolt only once that answer is on the wire:
 * their ack never carries a body, so Bolt's authorisation, middleware chain
 * (the retry dedupe, whose shared-store claim may take a network round trip)
 * and listener matching need not stand between Slack and its ack. A
 * duplicate gets the same empty 200 and is dropped by the dedupe middleware
 * before any listener. Everything else (modal submissions, which may answer
 * with validation errors; options requests; events) is answered when its
 * listener acks.
 */
import type { KeyObject } from 'node:crypto'
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
import { afterPendingIo, BackgroundTasks } from '../platform/tasks.ts'
import { slackSigningKey, verifySlackSignature } from './verify-slack-request.ts'

/** Slack shows the user an error after 3 s; answer empty before that if a listener is slow to ack. */
const ACK_DEADLINE_MS = 2_500

export class SlackHttpReceiver implements Receiver, HttpEndpoint {
  #app: App | undefined
  readonly #signingKey: KeyObject
  readonly #log: ChatLog
  readonly #now: () => number
  readonly #tasks = new BackgroundTasks()

  constructor(options: { signingSecret: string; log: ChatLog; now?: () => number }) {
    if (!options.signingSecret.trim())
      throw new Error(
        'Slack HTTP mode: SLACK_SIGNING_SECRET is empty; set it from the app’s Basic Information page',
      )
    this.#signingKey = slackSigningKey(options.signingSecret)
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
    const failure = verifySlackSignature({
      signingSecret: this.#signingKey,
      signature: header(headers, 'x-slack-signature'),
      timestamp: header(headers, 'x-slack-request-timestamp'),
      rawBody,
      nowMs: this.#now(),
    })
    if (failure) {
      this.#log.warn('slack: refused an unverified request', { reason: failure })
      return unauthorized()
    }
    const parsed = parseSlackBody(header(headers, 'content-type'), rawBody.toString('utf8'))
    if (!parsed) return text(400, 'unreadable body')
    if (parsed['ssl_check'] === '1') return text(200, '')
    if (parsed['type'] === 'url_verification' && typeof parsed['challenge'] === 'string')
      return json(200, { challenge: parsed['challenge'] })
    const app = this.#app
    if (!app) return text(503, 'not ready')

    const retry = header(headers, 'x-slack-retry-num')
    const retryFields = {
      ...(retry && /^\d+$/.test(retry) ? { retryNum: Number(retry) } : {}),
      ...(header(headers, 'x-slack-retry-reason')
        ? { retryReason: header(headers, 'x-slack-retry-reason') }
        : {}),
    }
    if (acksWithoutBody(parsed)) return this.#ackThenProcess(app, { body: parsed, ...retryFields })
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
        ...retryFields,
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

  /**
   * The empty 200 now; Bolt once it is written (or the connection is gone), as
   * a background task so shutdown waits for it. Listeners' `ack()` has nothing
   * left to send; one that never comes means no listener took the request,
   * which the 404 used to tell and the log now does.
   */
  #ackThenProcess(app: App, event: Omit<ReceiverEvent, 'ack'>): HttpReply {
    let written!: () => void
    const sent = new Promise<void>((resolve) => {
      written = resolve
    })
    let acked = false
    const ack = async (response?: unknown): Promise<void> => {
      acked = true
      if (response !== undefined && response !== '')
        this.#log.warn('slack: a listener acked with a body after the empty ack; the body was dropped')
    }
    this.#tasks.run(async () => {
      await sent
      // After the I/O already waiting (more requests to verify and ack), not before it.
      await afterPendingIo()
      try {
        await app.processEvent({ ...event, ack })
        if (!acked)
          this.#log.warn('slack: no listener took a request', {
            command: event.body['command'],
            type: event.body['type'],
          })
      } catch (error) {
        this.#log.error('slack: a listener failed', errorField(error))
      }
    })
    return { ...text(200, ''), afterSend: written }
  }
}

/**
 * Slash commands and block actions: Slack wants only an empty 200 for them
 * (Herald replies through `respond()`), so they can be acked before Bolt runs.
 */
export function acksWithoutBody(body: Record<string, unknown>): boolean {
  if (body['event'] !== undefined) return false
  return typeof body['command'] === 'string' || body['type'] === 'block_actions'
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
