/**
 * `POST /discord/interactions`: Discord's HTTP interactions mode. The signature
 * and timestamp are checked over the raw body before anything is parsed; any
 * failure is a 401 (Discord probes the endpoint with bad signatures and
 * refuses it unless they fail).
 */
import type { KeyObject } from 'node:crypto'
import {
  type HttpEndpoint,
  type HttpReply,
  type HttpRequest,
  header,
  json,
  text,
  unauthorized,
} from '../http/http-endpoint.ts'
import type { ChatLog } from '../platform/log.ts'
import type { DiscordInteractions } from './discord-interactions.ts'
import { verifyDiscordSignature } from './verify-discord-request.ts'

export class DiscordHttpEndpoint implements HttpEndpoint {
  readonly #interactions: DiscordInteractions
  readonly #publicKey: KeyObject
  readonly #log: ChatLog
  readonly #now: () => number

  constructor(options: {
    interactions: DiscordInteractions
    publicKey: KeyObject
    log: ChatLog
    now?: () => number
  }) {
    this.#interactions = options.interactions
    this.#publicKey = options.publicKey
    this.#log = options.log
    this.#now = options.now ?? Date.now
  }

  drain(timeoutMs: number): Promise<number> {
    return this.#interactions.drain(timeoutMs)
  }

  async handle({ headers, rawBody }: HttpRequest): Promise<HttpReply> {
    const failure = await verifyDiscordSignature({
      publicKey: this.#publicKey,
      signature: header(headers, 'x-signature-ed25519'),
      timestamp: header(headers, 'x-signature-timestamp'),
      rawBody,
      nowMs: this.#now(),
    })
    if (failure) {
      this.#log.warn('discord: refused an unverified request', { reason: failure })
      return unauthorized()
    }
    let payload: unknown
    try {
      payload = JSON.parse(rawBody.toString('utf8'))
    } catch {
      return text(400, 'unreadable body')
    }
    return new Promise<HttpReply>((resolve, reject) => {
      let sent = false
      const sendInitial = (response: unknown) =>
        new Promise<void>((written) => {
          sent = true
          // Follow-ups wait until the HTTP answer is on the wire, so they never overtake it.
          resolve({ ...json(200, response), afterSend: written })
        })
      this.#interactions.handle(payload, sendInitial).then((outcome) => {
        if (sent) return
        if (outcome === 'duplicate') resolve(json(409, { error: 'duplicate interaction' }))
        else resolve(text(400, 'not an interaction'))
      }, reject)
    })
  }
}
