/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack),
 * stricter than Bolt's: a timestamp more than five minutes off in *either*
 * direction is refused (Bolt checks only the past), so a request captured
 * with a future timestamp cannot be replayed later. Pure; the clock is passed in.
 */
import { verifySlackRequest } from '@slack/bolt'

export const SLACK_MAX_SKEW_SECONDS = 5 * 60

export type SlackVerifyFailure = 'missing-headers' | 'bad-timestamp' | 'stale' | 'future' | 'bad-signature'

export function verifySlackSignature(input: {
  signingSecret: string
  signature: string | undefined
  timestamp: string | undefined
  rawBody: string
  nowMs: number
}): SlackVerifyFailure | undefined {
  const { signature, timestamp } = input
  if (!signature || !timestamp) return 'missing-headers'
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad-timestamp'
  const skew = Number(timestamp) - Math.floor(input.nowMs / 1000)
  if (skew < -SLACK_MAX_SKEW_SECONDS) return 'stale'
  if (skew > SLACK_MAX_SKEW_SECONDS) return 'future'
  try {
    // Bolt's check: HMAC-SHA256 over `v0:<timestamp>:<body>`, compared in constant time.
    verifySlackRequest({
      signingSecret: input.signingSecret,
      body: input.rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
      nowMilliseconds: input.nowMs,
    })
    return undefined
  } catch {
    return 'bad-signature'
  }
}
