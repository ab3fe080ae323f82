/**
 * Posting to a Discord webhook: `?wait=true` so Discord answers with the
 * message (and its link), `allowed_mentions: {parse: []}` so no text can ping
 * anyone, content at most 2,000 characters (never split: one announcement is
 * one message).
 */
import type { Poster, PostOutcome } from '../../ports/poster.ts'
import {
  DEFAULT_TUNING,
  deadlineSignal,
  sendWebhook,
  shortText,
  type WebhookDialect,
  type WebhookReply,
  type WebhookTuning,
} from './send-webhook.ts'

export const DISCORD_MAX_LENGTH = 2000

export class DiscordWebhookPoster implements Poster {
  readonly targetName = 'Discord'
  readonly maxLength = DISCORD_MAX_LENGTH
  readonly #url: URL
  readonly #tuning: WebhookTuning

  constructor(url: URL, tuning: Partial<WebhookTuning> = {}) {
    this.#url = new URL(url)
    this.#url.searchParams.set('wait', 'true')
    this.#tuning = { ...DEFAULT_TUNING, ...tuning }
  }

  async post(text: string, budgetMs = 60_000): Promise<PostOutcome> {
    if (text.length > this.maxLength) {
      return {
        status: 'failed',
        code: 'too_long',
        message: `The text is ${text.length} characters; Discord takes at most 2,000: shorten it.`,
      }
    }
    const payload = { content: text, allowed_mentions: { parse: [] } }
    return sendWebhook(this.#url, payload, discordDialect, deadlineSignal(budgetMs), this.#tuning)
  }
}

export const discordDialect: WebhookDialect = {
  targetName: 'Discord',
  retryAfterMs(reply) {
    const fromBody = jsonField(reply, 'retry_after')
    if (typeof fromBody === 'number' && fromBody >= 0) return fromBody * 1000
    return retryAfterHeaderMs(reply.headers) ?? 1000
  },
  settle(reply) {
    if (reply.status >= 200 && reply.status < 300) {
      const id = jsonField(reply, 'id')
      const channel = jsonField(reply, 'channel_id')
      const guild = jsonField(reply, 'guild_id')
      const messageUrl =
        typeof id === 'string' && typeof channel === 'string' && typeof guild === 'string'
          ? `https://discord.com/channels/${guild}/${channel}/${id}`
          : null
      return { status: 'posted', messageUrl }
    }
    const message = jsonField(reply, 'message')
    const said = typeof message === 'string' ? ` ("${shortText(message)}")` : ''
    if (reply.status === 404) {
      return {
        status: 'failed',
        code: 'dead_webhook',
        message: `Discord says the webhook no longer exists${said}: create a new webhook for the channel and update the environment variable. Nothing was posted.`,
      }
    }
    if (reply.status === 401 || reply.status === 403) {
      return {
        status: 'failed',
        code: 'webhook_rejected',
        message: `Discord refused the webhook's credentials${said}: copy the webhook URL again. Nothing was posted.`,
      }
    }
    return {
      status: 'failed',
      code: 'rejected',
      message: `Discord refused the message (HTTP ${reply.status}${said}). Nothing was posted.`,
    }
  },
}

function jsonField(reply: WebhookReply, name: string): unknown {
  try {
    const data: unknown = JSON.parse(reply.body)
    return data && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined
  } catch {
    return undefined
  }
}

/** `Retry-After` in seconds or as an HTTP date. */
export function retryAfterHeaderMs(headers: Headers): number | null {
  const value = headers.get('retry-after')
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now())
}
