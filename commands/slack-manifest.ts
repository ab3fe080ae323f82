/**
 * The Slack app manifest generated from the definitions: paste it at
 * https://api.slack.com/apps -> Create New App -> From a manifest.
 */
import { renderUsage } from './parse-args.ts'
import type { CommandDefinition } from './types.ts'

export type SlackManifestOptions = {
  /** App name in Slack (at most 35 characters). */
  name: string
  /** Public base URL of `herald serve` (HTTP mode); omitted in Socket Mode. */
  url?: string | undefined
  socketMode: boolean
}

/**
 * `commands` lets the app own slash commands; `usergroups:read` lets Herald
 * learn which user groups a requester is in, for the `groups` rules in `auth`.
 */
export const SLACK_BOT_SCOPES = ['commands', 'usergroups:read'] as const

export function renderSlackManifest(defs: readonly CommandDefinition[], options: SlackManifestOptions) {
  const requestUrl = options.socketMode ? undefined : `${options.url!.replace(/\/+$/, '')}/slack/events`
  return {
    display_information: {
      name: options.name,
      description: 'Cuts and announces releases from Conventional Commits, after a human signs off.',
    },
    features: {
      bot_user: { display_name: options.name, always_online: false },
      slash_commands: defs.map((def) => ({
        command: `/${def.name}`,
        ...(requestUrl ? { url: requestUrl } : {}),
        description: def.description,
        usage_hint: renderUsage(def).replace(/^\/\S+\s*/, ''),
        should_escape: false,
      })),
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  }
}
