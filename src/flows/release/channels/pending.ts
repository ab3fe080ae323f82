/**
 * The sign-offs of a line still waiting for a click, for `/release status`
 * and `herald status`: the release records the sign-off log lists as pending
 * (every record is listed when it is made; the web console reads the same
 * list), narrowed to the line's previews still waiting for a confirmation.
 */
import type { StateStore } from '../../../ports/store.ts'
import { passed } from '../../signoff/signoff-kind.ts'
import { SignoffLog } from '../../signoff/signoff-log.ts'
import { who } from '../../signoff/who.ts'
import { type ReleaseRecord, releaseKind } from '../release-record.ts'
import { human } from './channel-checks.ts'

export type PendingSignoff = {
  /** `promote v1.1.0`, `canary v1.2.0`, `tag v1.2.0`. */
  what: string
  /** Who asked for the preview. */
  who: string
  /** When it was asked (ISO), and how long ago, as `3h 5m`. */
  since: string
  age: string
}

/** The previews of `line` waiting for a click at `now`, oldest first, from the sign-off log's index of pending records. */
export async function pendingSignoffs(store: StateStore, line: string, now: Date): Promise<PendingSignoff[]> {
  const log = new SignoffLog<ReleaseRecord>(store, 'release', releaseKind.inFlight)
  const pending: PendingSignoff[] = []
  for (const id of await log.pendingIds()) {
    const record = await log.load(id)
    if (!record || !releaseKind.pending.has(record.state)) {
      // A record never returns to waiting: the entry is stale.
      await log.forgetPending(id).catch(() => {})
      continue
    }
    // A preview of several lines (`main,lts`) waits for each of them.
    const lines = record.plan.line.split(',')
    if (!lines.includes(line) || record.state !== 'planned' || passed(now, record.expiresAt)) continue
    pending.push({
      what: `${record.action ?? 'tag'} ${record.plan.tag}`,
      who: who(record.requester),
      since: record.createdAt,
      age: human(now.getTime() - Date.parse(record.createdAt)),
    })
  }
  return pending.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0))
}
