/**
 * The channel port: a message Herald posts by itself, not in answer to a
 * person (the "published" message after a merged release PR is published),
 * to a line's `notify` channel through the platform's bot API.
 */
import type { View } from '../flows/view.ts'

/** A line's `notify` setting: one channel on one platform. */
export type NotifyTarget = { slack: string } | { discord: string }

export interface ChannelNotifier {
  /** Posts `view` to the channel; throws a `NotifyError` when the platform refuses it. */
  notify(target: NotifyTarget, view: View): Promise<void>
}

/** A message the platform did not take: `code` is stable, the message says what to do. */
export class NotifyError extends Error {
  readonly code: 'notify_unconfigured' | 'notify_refused'
  constructor(code: NotifyError['code'], message: string) {
    super(message)
    this.name = 'NotifyError'
    this.code = code
  }
}

/** `slack` or `discord`, and the channel id. */
export function describeTarget(target: NotifyTarget): string {
  return 'slack' in target ? `Slack channel ${target.slack}` : `Discord channel ${target.discord}`
}
