/**
 * `HERALD_PUSH_DEBOUNCE`: how long pushes to a `mode: pr` line's branch must
 * stop before its release PR is refreshed (default 10 s). Pure.
 */
import { err, ok, type Result } from './result.ts'

export const DEFAULT_PUSH_DEBOUNCE_MS = 10_000
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 }

/** `500ms`, `10s`, `2m`; unset or empty: the default. Between 100 ms and 10 minutes. */
export function parsePushDebounce(value: string | undefined): Result<number, string> {
  const v = value?.trim()
  if (!v) return ok(DEFAULT_PUSH_DEBOUNCE_MS)
  const m = /^(\d{1,6})\s*(ms|s|m)$/.exec(v)
  const ms = m ? Number(m[1]) * UNITS[m[2]!]! : Number.NaN
  if (!(ms >= 100 && ms <= 10 * UNITS.m!))
    return err(
      `HERALD_PUSH_DEBOUNCE must be a duration like 500ms, 10s or 2m, between 100ms and 10m (got "${v.slice(0, 20)}")`,
    )
  return ok(ms)
}
