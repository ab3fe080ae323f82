/**
 * Messages Herald posts to a Discord channel by itself (the "published"
 * message): a create-message request with the bot token through discord.js's
 * REST client (rate limits and retries handled there). The **Announce**
 * button's click comes back as a normal interaction.
 */
import { Routes } from 'discord.js'
import type { View } from '../../flows/view.ts'
import { NotifyError } from '../../ports/notifier.ts'
import { createDiscordRest } from './discord-rest.ts'
import { renderDiscordMessage } from './render-discord.ts'

export type DiscordChannelPoster = { post(channel: string, view: View): Promise<void> }

export function discordChannelPoster(options: {
  token: string
  apiUrl?: string | undefined
}): DiscordChannelPoster {
  const rest = createDiscordRest(options.apiUrl, options.token, { retries: 2 })
  return {
    async post(channel, view) {
      try {
        await rest.post(Routes.channelMessages(channel), {
          body: renderDiscordMessage({ ...view, private: false }),
        })
      } catch (error) {
        const status = (error as { status?: unknown }).status
        throw new NotifyError(
          'notify_refused',
          `Discord create-message in channel ${channel} failed: ${error instanceof Error ? error.message : String(error)}${status ? ` (HTTP ${status})` : ''} (give the bot "Send Messages" there and check lines[].notify)`,
        )
      }
    },
  }
}
