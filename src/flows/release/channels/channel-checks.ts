/** The soak check of a promotion, and what a channel move needs before it can be previewed. */
import { durationMs } from '../../../config/channels-schema.ts'
import type { IndexSigned } from '../../../core/index/release-index.ts'
import type { ReleaseLine } from '../../../core/release-line.ts'
import type { ReleaseCheck } from '../release-checks.ts'
import type { Prepared, ReleaseDeps } from '../release-kind.ts'

/** Why a line cannot move channels here, or null. */
export function channelsUnavailable(deps: ReleaseDeps, line: ReleaseLine): Prepared | null {
  if (!line.channels)
    return refusal(
      `line ${line.name} has no channels: add \`channels:\` to it in herald.config.yaml (docs/channels.md)`,
    )
  if (!deps.index)
    return refusal(
      'channels need a release index, and this Herald was started without one: run it with `herald serve` (docs/channels.md)',
    )
  return null
}

export function refusal(message: string, level: 'info' | 'error' = 'error'): Prepared {
  return { ok: false, level, message }
}

/** Whether `version` has soaked on the canary channel for the line's `soak` period at `now`. */
export function soakCheck(line: ReleaseLine, index: IndexSigned, version: string, now: Date): ReleaseCheck {
  const soak = line.channels?.canary?.soak
  const entry = index.versions.find((v) => v.version === version)
  if (!soak || !entry) return { id: 'soak', status: 'skip', text: 'this line has no canary soak period' }
  const since = now.getTime() - Date.parse(entry.publishedAt)
  const left = durationMs(soak) - since
  if (left <= 0) return { id: 'soak', status: 'pass', text: `${version} soaked ${soak} on canary` }
  return {
    id: 'soak',
    status: 'fail',
    text: `${version} has been on canary for ${human(since)} of ${soak} (${human(left)} left): wait, or someone allowed to cut releases may override with a reason`,
  }
}

/** `3h 5m`, `12m`, `40s`. */
export function human(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (d) return `${d}d ${h}h`
  if (h) return `${h}h ${m}m`
  if (m) return `${m}m`
  return `${s}s`
}
