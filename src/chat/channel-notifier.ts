/**
 * The `ChannelNotifier` of `herald serve`: Slack with `SLACK_BOT_TOKEN`,
 * Discord with `DISCORD_TOKEN`, each pointed at `SLACK_API_URL` /
 * `DISCORD_API_URL` when set (tests, proxies). A line whose `notify` names a
 * platform without its token gets a `notify_unconfigured` error saying which
 * variable to set.
 */

import type { View } from '../flows/view.ts'
import { type ChannelNotifier, NotifyError, type NotifyTarget } from '../ports/notifier.ts'
import { discordChannelPoster } from './discord/discord-channel-notifier.ts'
import { slackChannelPoster } from './slack/slack-channel-notifier.ts'

export function buildChannelNotifier(env: NodeJS.ProcessEnv): ChannelNotifier {
  const slackToken = env['SLACK_BOT_TOKEN']?.trim()
  const discordToken = env['DISCORD_TOKEN']?.trim()
  const slack = slackToken
    ? slackChannelPoster({ botToken: slackToken, apiUrl: env['SLACK_API_URL'] || undefined })
    : null
  const discord = discordToken
    ? discordChannelPoster({ token: discordToken, apiUrl: env['DISCORD_API_URL'] || undefined })
    : null
  return {
    async notify(target: NotifyTarget, view: View) {
      if ('slack' in target) {
        if (!slack) throw unconfigured('SLACK_BOT_TOKEN', 'Slack')
        return slack.post(target.slack, view)
      }
      if (!discord) throw unconfigured('DISCORD_TOKEN', 'Discord')
      return discord.post(target.discord, view)
    },
  }
}

function unconfigured(variable: string, platform: string): NotifyError {
  return new NotifyError(
    'notify_unconfigured',
    `a ${platform} channel is set in lines[].notify but ${variable} is not: set ${variable} (the bot posts the message)`,
  )
}
