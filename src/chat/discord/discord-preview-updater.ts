/**
 * Replaces a Discord preview by editing its interaction's original response
 * (`PATCH /webhooks/{application}/{token}/messages/@original`), which the
 * interaction token allows for 15 minutes; no bot token is needed.
 */
import type { View } from '../../flows/view.ts'
import type { PreviewUpdater } from '../../ports/preview-updater.ts'
import { DiscordAPIError, type REST } from './discord-rest.ts'
import { interactionRoutes } from './discord-routes.ts'
import { renderDiscordMessage } from './render-discord.ts'

/** Unknown Webhook, Invalid Webhook Token: the interaction token is too old. */
const EXPIRED_CODES = new Set([10015, 50027])

export async function replaceDiscordPreview(
  rest: REST,
  ref: { applicationId: string; token: string },
  view: View,
): ReturnType<PreviewUpdater['replace']> {
  try {
    await rest.patch(interactionRoutes.original(ref.applicationId, ref.token), {
      body: renderDiscordMessage(view),
      auth: false,
    })
    return 'replaced'
  } catch (error) {
    if (
      error instanceof DiscordAPIError &&
      (error.status === 401 || error.status === 404 || EXPIRED_CODES.has(Number(error.code)))
    )
      return 'expired'
    throw error
  }
}
