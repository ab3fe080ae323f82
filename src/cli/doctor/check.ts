/**
 * `herald doctor`'s vocabulary: one result per check, and what the platform
 * checks share (time bound, unreachable platforms, the environment).
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

/** Every check gives up after this long: a doctor that hangs helps nobody. SDK retries are off. */
export const CHECK_TIMEOUT_MS = 10_000

/**
 * Why a platform could not be reached, from an SDK's error: the system's
 * code (ECONNREFUSED, ENOTFOUND…) or "no answer in time", never a URL's secret.
 */
export function networkError(error: unknown): string {
  let said = (error as Error)?.message ?? String(error)
  let e = error as { name?: string; code?: unknown; message?: string; cause?: unknown } | undefined
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++, e = e.cause as typeof e) {
    if (/Timeout|AbortError/.test(e.name ?? '') || e.code === 'ETIMEDOUT') return 'no answer in time'
    if (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) return e.code
    // The innermost cause says most ("bad port", not "fetch failed" or "Connection error.").
    if (e.message) said = e.message
  }
  return said
}

/** A platform that could not be reached: check the network and the base-URL variable. */
export function unreachable(id: string, what: string, base: string, variable: string, error: unknown) {
  return fail(
    id,
    `${what}: cannot reach ${base} (${networkError(error)})`,
    `check outbound HTTPS from this host (proxy, firewall) and ${variable}, then run herald doctor again`,
  )
}

/** `name` from the environment, trimmed; unset when empty. */
export const envValue = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined

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

export function field(body: unknown, key: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
}
