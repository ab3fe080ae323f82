/**
 * The message port for previews that change by themselves: where a chat
 * showed a `/release` preview, and how to replace that message when the
 * preview's record changes without a click (CI finishing on its commit).
 */
import type { View } from '../flows/view.ts'

/**
 * Where a preview was shown, as the platform lets Herald edit it later:
 * Slack's `response_url` of the command or click (30 minutes, 5 uses), or
 * Discord's interaction token (the original response, 15 minutes).
 */
export type MessageRef =
  | { platform: 'slack'; responseUrl: string }
  | { platform: 'discord'; applicationId: string; token: string }

export interface PreviewUpdater {
  /**
   * Replaces the message `ref` names with `view`: `expired` when the platform
   * no longer takes the reference (too old, or used up); throws on any other refusal.
   */
  replace(ref: MessageRef, view: View): Promise<'replaced' | 'expired'>
}

/** How long each platform lets Herald edit a message through its reference. */
export const MESSAGE_REF_TTL_MS: Record<MessageRef['platform'], number> = {
  slack: 30 * 60_000,
  discord: 15 * 60_000,
}

/** Slack takes at most this many messages through one `response_url`. */
export const SLACK_RESPONSE_URL_USES = 5
