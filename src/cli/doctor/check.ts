/**
 * `herald doctor`'s vocabulary: one result per check, and the plain `fetch`
 * every platform check goes through (so each is testable against a local
 * `node:http` server through the `*_API_URL` variables).
 */

export type CheckStatus = 'ok' | 'fail' | 'note'

export type CheckResult = {
  /** Stable id for `--json` consumers: `config`, `slack`, `webhook:cli`, … */
  id: string
  status: CheckStatus
  /** One line; never a secret's value. */
  message: string
  /** What to do, on a failure. */
  fix?: string | undefined
  /** Further lines (the config errors, one each). */
  details?: string[] | undefined
}

export const pass = (id: string, message: string): CheckResult => ({ id, status: 'ok', message })
export const note = (id: string, message: string): CheckResult => ({ id, status: 'note', message })
export const fail = (id: string, message: string, fix: string, details?: string[]): CheckResult => ({
  id,
  status: 'fail',
  message,
  fix,
  ...(details?.length ? { details } : {}),
})

export type HttpAnswer =
  | { ok: true; status: number; headers: Headers; body: unknown }
  | { ok: false; error: string }

/** Every check gives up after this long: a doctor that hangs helps nobody. */
export const CHECK_TIMEOUT_MS = 10_000

/** One HTTP request; network failures and timeouts come back as values, with their code only. */
export async function request(
  url: string,
  init: RequestInit,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<HttpAnswer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' })
    const text = await response.text()
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      // Not JSON (a proxy's error page): keep the text for the status alone.
    }
    return { ok: true, status: response.status, headers: response.headers, body }
  } catch (error) {
    return { ok: false, error: networkError(error) }
  }
}

function networkError(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string } }
  if (e?.name === 'TimeoutError') return 'no answer in time'
  return e?.cause?.code ?? e?.cause?.message ?? (error as Error)?.message ?? String(error)
}

/** Rejects after `ms` with `what` in the message (the store check: a Redis that never answers). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** `base` + `path`, whether or not `base` ends in a slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

export function field(body: unknown, key: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
}
