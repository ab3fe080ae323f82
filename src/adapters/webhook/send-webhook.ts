/**
 * One webhook post with the retry rules both platforms share: 429 waits as
 * told (when the wait fits the budget), 5xx retried a bounded number of
 * times, a request that may have reached the server never sent again.
 */
import type { PostOutcome } from '../../ports/poster.ts'

export type WebhookTuning = {
  /** Give up on one attempt after this long; the post is then `unknown`. */
  attemptTimeoutMs: number
  /** Attempts on 5xx or a refused connection, in all. */
  maxAttempts: number
  /** First back-off after a 5xx; doubles each time. */
  backoffMs: number
  /** 429 waits honoured before giving up. */
  maxRateLimitWaits: number
}

export const DEFAULT_TUNING: WebhookTuning = {
  attemptTimeoutMs: 15_000,
  maxAttempts: 3,
  backoffMs: 500,
  maxRateLimitWaits: 3,
}

export type WebhookReply = { status: number; headers: Headers; body: string }

/** What differs between Discord and Slack. */
export type WebhookDialect = {
  targetName: string
  /** Milliseconds to wait after a 429, from the body or `Retry-After`. */
  retryAfterMs(reply: WebhookReply): number
  /** The outcome of a reply that is neither 429 nor 5xx. */
  settle(reply: WebhookReply): PostOutcome
}

type Attempt =
  | { kind: 'reply'; reply: WebhookReply }
  | { kind: 'not_sent' }
  | { kind: 'maybe_sent'; why: string }

// Errors raised before any byte of the request can have left this machine.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

export async function sendWebhook(
  url: URL,
  payload: unknown,
  dialect: WebhookDialect,
  signal: AbortSignal,
  tuning: WebhookTuning,
): Promise<PostOutcome> {
  const body = JSON.stringify(payload)
  let attempts = 0
  let rateLimitWaits = 0
  for (;;) {
    if (signal.aborted) return budgetSpent(dialect)
    attempts++
    const attempt = await attemptOnce(url, body, signal, tuning.attemptTimeoutMs)
    if (attempt.kind === 'maybe_sent') {
      return {
        status: 'unknown',
        code: 'post_unknown',
        message: `${dialect.targetName} did not answer (${attempt.why}): the message may have been posted. Check the channel, then post again or close.`,
      }
    }
    if (attempt.kind === 'not_sent') {
      if (attempts >= tuning.maxAttempts) {
        return {
          status: 'failed',
          code: 'unreachable',
          message: `${dialect.targetName} could not be reached: nothing was posted. Check the network, then retry.`,
        }
      }
      await sleep(tuning.backoffMs * 2 ** (attempts - 1), signal)
      continue
    }
    const { reply } = attempt
    if (reply.status === 429) {
      const wait = dialect.retryAfterMs(reply)
      rateLimitWaits++
      attempts-- // a rate-limited request was not processed; it does not use up an attempt
      if (rateLimitWaits > tuning.maxRateLimitWaits || !fits(wait, signal)) {
        return {
          status: 'failed',
          code: 'rate_limited',
          message: `${dialect.targetName} is rate limiting this webhook (retry in ${Math.ceil(wait / 1000)} s): nothing was posted. Retry in a moment.`,
        }
      }
      await sleep(wait, signal)
      continue
    }
    if (reply.status >= 500) {
      if (attempts >= tuning.maxAttempts) {
        return {
          status: 'failed',
          code: 'server_error',
          message: `${dialect.targetName} answered ${reply.status} ${attempts} times: nothing was posted. Retry later.`,
        }
      }
      await sleep(tuning.backoffMs * 2 ** (attempts - 1), signal)
      continue
    }
    return dialect.settle(reply)
  }
}

async function attemptOnce(url: URL, body: string, signal: AbortSignal, timeoutMs: number): Promise<Attempt> {
  const timeout = AbortSignal.timeout(timeoutMs)
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Herald' },
      body,
      redirect: 'error',
      signal: AbortSignal.any([signal, timeout]),
    })
    const text = await response.text()
    return { kind: 'reply', reply: { status: response.status, headers: response.headers, body: text } }
  } catch (error) {
    const code = errorCode(error)
    if (code && NOT_SENT.has(code)) return { kind: 'not_sent' }
    const timedOut = timeout.aborted || signal.aborted
    // Never the error's own message: it may carry the URL.
    return { kind: 'maybe_sent', why: timedOut ? 'timed out' : `connection lost${code ? `: ${code}` : ''}` }
  }
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

function budgetSpent(dialect: WebhookDialect): PostOutcome {
  return {
    status: 'failed',
    code: 'deadline',
    message: `Posting to ${dialect.targetName} ran out of time before a request was sent: nothing was posted. Retry.`,
  }
}

/** Whether waiting `ms` leaves the overall deadline intact (AbortSignal.timeout carries no deadline, so it is tracked). */
function fits(ms: number, signal: AbortSignal): boolean {
  const deadline = deadlines.get(signal)
  return deadline === undefined || Date.now() + ms < deadline
}

const deadlines = new WeakMap<AbortSignal, number>()

/** A signal that aborts at `ms` from now and remembers when, so 429 waits can be checked against it. */
export function deadlineSignal(ms: number): AbortSignal {
  const signal = AbortSignal.timeout(ms)
  deadlines.set(signal, Date.now() + ms)
  return signal
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}

/** A platform's error text, as one short line (it is shown in chat). */
export function shortText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200)
}
