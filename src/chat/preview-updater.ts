/**
 * The `PreviewUpdater` of `herald serve`: Slack previews replaced through
 * their `response_url`, Discord previews through their interaction token, at
 * `DISCORD_API_URL` when set (tests, proxies). Each platform's code is loaded
 * on its first use.
 */
import type { View } from '../flows/view.ts'
import type { MessageRef, PreviewUpdater } from '../ports/preview-updater.ts'
import type { createDiscordRest } from './discord/discord-rest.ts'

export function buildPreviewUpdater(env: NodeJS.ProcessEnv, redact: (view: View) => View): PreviewUpdater {
  let discordRest: Promise<ReturnType<typeof createDiscordRest>> | undefined
  return {
    async replace(ref: MessageRef, view: View) {
      if (ref.platform === 'slack') {
        const { replaceSlackPreview } = await import('./slack/slack-preview-updater.ts')
        return replaceSlackPreview(ref.responseUrl, redact(view))
      }
      discordRest ??= import('./discord/discord-rest.ts').then((m) =>
        // One try: a preview edit is best effort, and a stale one is worth nothing.
        m.createDiscordRest(env['DISCORD_API_URL'] || undefined, undefined, {
          retries: 0,
          timeoutMs: 10_000,
        }),
      )
      const { replaceDiscordPreview } = await import('./discord/discord-preview-updater.ts')
      return replaceDiscordPreview(await discordRest, ref, redact(view))
    },
  }
}
