/**
 * Replaces a Slack preview through the `response_url` it was shown with
 * (`replace_original: true`), as Slack's interactive messages allow for 30
 * minutes and 5 messages. A plain `fetch`: a response_url takes no token, and
 * the Web API client has no call for it.
 */
import type { View } from '../../flows/view.ts'
import type { PreviewUpdater } from '../../ports/preview-updater.ts'
import { renderSlackMessage } from './render-block-kit.ts'

/** Slack's answers for a response_url it no longer takes. */
const EXPIRED = /expired_url|used_url|invalid_url/

export async function replaceSlackPreview(
  responseUrl: string,
  view: View,
): ReturnType<PreviewUpdater['replace']> {
  const res = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...renderSlackMessage(view), response_type: 'ephemeral', replace_original: true }),
    signal: AbortSignal.timeout(10_000),
  })
  const answer = await res.text().catch(() => '')
  if (res.status === 404 || res.status === 410 || EXPIRED.test(answer)) return 'expired'
  if (!res.ok)
    throw Object.assign(
      new Error(
        `Slack response_url: HTTP ${res.status} (${answer.slice(0, 100)}); the preview keeps its old checks`,
      ),
      { code: 'replace_refused' },
    )
  return 'replaced'
}
