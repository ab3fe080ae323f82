/**
 * Posting to a Slack incoming webhook. `&`, `<` and `>` are escaped as Slack
 * asks, so `<!channel>`, `<!subteam^…>` or `<https://x|label>` arrive as
 * plain text; `link_names` is never set, so `@channel` notifies nobody; link
 * previews are off. Slack's error bodies become messages that say what to do.
 */
import type { Poster, PostOutcome } from '../../ports/poster.ts'
import { retryAfterHeaderMs } from './discord-webhook-poster.ts'
import {
  DEFAULT_TUNING,
  deadlineSignal,
  sendWebhook,
  shortText,
  type WebhookDialect,
  type WebhookTuning,
} from './send-webhook.ts'

/** Slack's advised size for a message's text (TARGET_LIMITS in the voice rules). */
export const SLACK_MAX_LENGTH = 4000

/** Slack's control characters, escaped (api.slack.com "Escaping text"). */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export class SlackWebhookPoster implements Poster {
  readonly targetName = 'Slack'
  readonly maxLength = SLACK_MAX_LENGTH
  readonly #url: URL
  readonly #tuning: WebhookTuning

  constructor(url: URL, tuning: Partial<WebhookTuning> = {}) {
    this.#url = url
    this.#tuning = { ...DEFAULT_TUNING, ...tuning }
  }

  async post(text: string, budgetMs = 60_000): Promise<PostOutcome> {
    if (text.length > this.maxLength) {
      return {
        status: 'failed',
        code: 'too_long',
        message: `The text is ${text.length} characters; Herald posts at most ${SLACK_MAX_LENGTH} to Slack: shorten it.`,
      }
    }
    const payload = { text: escapeSlackText(text), unfurl_links: false, unfurl_media: false }
    return sendWebhook(this.#url, payload, slackDialect, deadlineSignal(budgetMs), this.#tuning)
  }
}

const SLACK_ERRORS: Record<string, { code: string; message: string }> = {
  invalid_payload: { code: 'rejected', message: 'Slack could not read the message (invalid_payload).' },
  no_text: { code: 'rejected', message: 'Slack received no text (no_text).' },
  too_many_attachments: { code: 'rejected', message: 'Slack refused the message (too_many_attachments).' },
  channel_is_archived: {
    code: 'channel_archived',
    message:
      'The webhook’s channel is archived (channel_is_archived): unarchive it, or create a webhook for another channel and update the environment variable.',
  },
  channel_not_found: {
    code: 'dead_webhook',
    message:
      'The webhook’s channel no longer exists (channel_not_found): create a webhook for the channel and update the environment variable.',
  },
  no_service: {
    code: 'dead_webhook',
    message:
      'Slack says the webhook was removed or disabled (no_service): create a new incoming webhook and update the environment variable.',
  },
  no_service_id: {
    code: 'dead_webhook',
    message: 'Slack does not know this webhook (no_service_id): create a new one.',
  },
  no_team: {
    code: 'dead_webhook',
    message: 'Slack does not know this webhook’s workspace (no_team): create a new one.',
  },
  team_disabled: { code: 'dead_webhook', message: 'The Slack workspace is disabled (team_disabled).' },
  invalid_token: {
    code: 'webhook_rejected',
    message: 'Slack refused the webhook’s token (invalid_token): copy the webhook URL again.',
  },
  action_prohibited: {
    code: 'webhook_rejected',
    message:
      'A Slack admin has restricted posting to this channel (action_prohibited): ask them, or use another channel.',
  },
  posting_to_general_channel_denied: {
    code: 'webhook_rejected',
    message: 'Only admins may post to this channel (posting_to_general_channel_denied): use another channel.',
  },
}

export const slackDialect: WebhookDialect = {
  targetName: 'Slack',
  retryAfterMs: (reply) => retryAfterHeaderMs(reply.headers) ?? 1000,
  settle(reply) {
    const said = shortText(reply.body)
    if (reply.status >= 200 && reply.status < 300 && (said === 'ok' || said === '')) {
      return { status: 'posted', messageUrl: null }
    }
    const known = SLACK_ERRORS[said]
    if (known) return { status: 'failed', code: known.code, message: `${known.message} Nothing was posted.` }
    if (reply.status === 404 || reply.status === 410) return { status: 'failed', ...SLACK_ERRORS.no_service! }
    return {
      status: 'failed',
      code: 'rejected',
      message: `Slack refused the message (HTTP ${reply.status}${said ? `: ${said}` : ''}). Nothing was posted.`,
    }
  },
}
