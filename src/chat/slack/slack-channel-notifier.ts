/**
 * Messages Herald posts to a Slack channel by itself (the "published"
 * message): Block Kit through the Web API's `chat.postMessage` with the bot
 * token (`@slack/web-api`, which retries and waits out rate limits). The
 * **Announce** button's click comes back through the normal Slack endpoint.
 */
import { webApi } from '@slack/bolt'
import type { View } from '../../flows/view.ts'
import { NotifyError } from '../../ports/notifier.ts'
import { renderSlackMessage } from './render-block-kit.ts'

export type SlackChannelPoster = { post(channel: string, view: View): Promise<void> }

export function slackChannelPoster(options: {
  botToken: string
  apiUrl?: string | undefined
}): SlackChannelPoster {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl
      ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` }
      : {}),
    retryConfig: { retries: 2, factor: 1, minTimeout: 100, maxTimeout: 1_000 },
  })
  return {
    async post(channel, view) {
      const message = renderSlackMessage(view)
      try {
        await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
        })
      } catch (error) {
        // The Web API's `data.error` (`channel_not_found`, `not_in_channel`) says what to fix.
        const code = (error as { data?: { error?: unknown } }).data?.error
        throw new NotifyError(
          'notify_refused',
          `Slack chat.postMessage to ${channel} failed: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)} (invite the bot to the channel and check lines[].notify)`,
        )
      }
    },
  }
}
