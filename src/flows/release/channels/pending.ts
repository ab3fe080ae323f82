/**
 * The sign-offs of a line still waiting for a click, for `/release status`
 * and `herald status`. Each release preview is listed, when it is made, in a
 * small per-line index of the state store; status reads the records back and
 * drops from the index those no longer waiting (confirmed, carried out,
 * cancelled, expired: a record never returns to `planned`).
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

const pendingKey = (line: string) => `release:pending:${line}`

/** Lists a new preview among its line's pending sign-offs. */
export function notePending(store: StateStore, record: ReleaseRecord): Promise<void> {
  return store.addToIndex(pendingKey(record.plan.line), record.id)
}

/** The previews of `line` waiting for a click at `now`, oldest first. */
export async function pendingSignoffs(store: StateStore, line: string, now: Date): Promise<PendingSignoff[]> {
  const log = new SignoffLog<ReleaseRecord>(store, 'release', releaseKind.inFlight)
  const pending: PendingSignoff[] = []
  for (const id of await store.listIndex(pendingKey(line))) {
    const record = await log.load(id)
    if (record?.state !== 'planned' || passed(now, record.expiresAt)) {
      await store.removeFromIndex(pendingKey(line), id)
      continue
    }
    pending.push({
      what: `${record.action ?? 'tag'} ${record.plan.tag}`,
      who: who(record.requester),
      since: record.createdAt,
      age: human(now.getTime() - Date.parse(record.createdAt)),
    })
  }
  return pending.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0))
}
