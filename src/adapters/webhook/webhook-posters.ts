/** The poster of each line, from its `announce.webhook` config: the adapter the composition root (`src/compose/`) wires in. */
import type { ReleaseLine } from '../../core/release-line.ts'
import type { PosterLookup } from '../../ports/poster.ts'
import { DiscordWebhookPoster } from './discord-webhook-poster.ts'
import type { WebhookTuning } from './send-webhook.ts'
import { SlackWebhookPoster } from './slack-webhook-poster.ts'
import { resolveWebhookUrl } from './webhook-url.ts'

export function webhookPosters(options: {
  lines: readonly ReleaseLine[]
  env: NodeJS.ProcessEnv
  dotenvPath?: string | undefined
  tuning?: Partial<WebhookTuning> | undefined
}): PosterLookup {
  return (lineName) => {
    const line = options.lines.find((l) => l.name === lineName)
    const webhook = line?.announce?.webhook
    if (!line || !webhook) {
      return {
        ok: false,
        message: `Line "${lineName}" has no announcement target: add \`announce: {webhook: {env: RELEASE_WEBHOOK_URL, kind: discord}}\` to it in herald.config.yaml (\`kind: slack\` for a Slack webhook) and set RELEASE_WEBHOOK_URL to the webhook's URL.`,
      }
    }
    // Read at each post, so a rotated webhook takes effect without a restart.
    const url = resolveWebhookUrl({
      envName: webhook.env,
      env: options.env,
      dotenvPath: options.dotenvPath,
      lineName,
    })
    if (!url.ok) return url
    const poster =
      webhook.kind === 'discord'
        ? new DiscordWebhookPoster(url.url, options.tuning)
        : new SlackWebhookPoster(url.url, options.tuning)
    return { ok: true, poster }
  }
}
