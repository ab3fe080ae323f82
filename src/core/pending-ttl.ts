/**
 * `HERALD_PENDING_TTL`: how long a release preview or an announcement draft
 * waits for sign-off before it expires (default 24 h). Pure.
 */
import { err, ok, type Result } from './result.ts'

export const DEFAULT_PENDING_TTL_MS = 24 * 60 * 60 * 1000
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90m`, `24h`, `7d`; unset or empty: the default. Between 1 minute and 30 days. */
export function parsePendingTtl(value: string | undefined): Result<number, string> {
  const v = value?.trim()
  if (!v) return ok(DEFAULT_PENDING_TTL_MS)
  const m = /^(\d{1,6})\s*([mhd])$/.exec(v)
  const ms = m ? Number(m[1]) * UNITS[m[2]!]! : Number.NaN
  if (!(ms >= UNITS.m! && ms <= 30 * UNITS.d!)) {
    return err(
      `HERALD_PENDING_TTL must be a duration like 90m, 24h or 7d, between 1m and 30d (got "${v.slice(0, 20)}")`,
    )
  }
  return ok(ms)
}
