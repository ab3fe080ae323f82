/**
 * The start-up sweep: a cut or a post whose process stopped mid-flight stays
 * `cutting` / `posting` until someone opens it. At start, `herald serve`
 * (and `herald audit`) move those past their deadline — the deadline the flow
 * wrote from its budget — by the same overdue rule the flows apply when a
 * record is opened (`SignoffKind.overdue`): `cut_failed` with **Retry cut**
 * (a tag already on the pinned commit is reused, never moved), `post_unknown`
 * (never re-sent by itself; a person checks the channel). Each move is the
 * same atomic claim + audit entry (actor Herald) as any transition, so of
 * several replicas sweeping at once exactly one moves a record. Nothing is
 * re-cut or re-sent here. Records still within their deadline are left alone.
 */
import type { Clock } from '../../ports/clock.ts'
import type { StateStore } from '../../ports/store.ts'
import { announceKind } from '../announce/announce-record.ts'
import { releaseKind } from '../release/release-record.ts'
import type { SignoffKind } from './signoff-kind.ts'
import { type InFlightEntry, SignoffLog, type SignoffRecord } from './signoff-log.ts'
import { HERALD } from './who.ts'

/** A record this sweep moved. */
export type Interrupted = {
  subject: string
  tag: string
  from: 'cutting' | 'posting'
  to: 'cut_failed' | 'post_unknown'
  /** One line for the operator's log. */
  message: string
}

/** A record still in flight within its deadline: left alone, to be swept again after `deadline`. */
export type StillInFlight = { subject: string; deadline: string }

export type SweepResult = { interrupted: Interrupted[]; inFlight: StillInFlight[] }

export async function sweepInterrupted(store: StateStore, clock: Clock): Promise<SweepResult> {
  const result: SweepResult = { interrupted: [], inFlight: [] }
  await sweepKind(store, releaseKind, clock, result)
  await sweepKind(store, announceKind, clock, result)
  return result
}

async function sweepKind<R extends SignoffRecord>(
  store: StateStore,
  kind: SignoffKind<R>,
  clock: Clock,
  result: SweepResult,
): Promise<void> {
  const log = new SignoffLog<R>(store, kind.name, kind.inFlight)
  for (const entry of await log.inFlight()) await sweepOne(log, kind, entry, clock, result)
}

async function sweepOne<R extends SignoffRecord>(
  log: SignoffLog<R>,
  kind: SignoffKind<R>,
  entry: InFlightEntry,
  clock: Clock,
  result: SweepResult,
): Promise<void> {
  const record = await log.load(entry.id)
  // The claim at `seq` is not decided yet (or never will be): leave the entry.
  if (record && record.seq < entry.seq) return
  if (!record || record.seq > entry.seq || !log.isInFlight(record.state)) {
    await log.forget(entry)
    return
  }
  const subject = log.subject(record.id)
  const now = clock.now()
  const due = kind.overdue(record, now)
  if (!due?.interrupted) {
    // A record in flight without a deadline predates deadlines: the flow decides when it is opened.
    const deadline = kind.inFlightDeadline(record)
    if (deadline) result.inFlight.push({ subject, deadline })
    return
  }
  const next = { ...record, ...due.patch, seq: record.seq + 1 } as R
  const moved = await log.transition(record, next, {
    at: now.toISOString(),
    actor: HERALD,
    subject,
    action: next.state,
    outcome: 'done',
    from: record.state,
    to: next.state,
    hash: kind.hashOf(record),
    detail: `${kind.labelOf(record)}: interrupted: still ${record.state} after its deadline ${due.deadline} (found at start)`,
  })
  // Lost: another replica's sweep, or someone opening it, moved it first and said so.
  if (!moved.ok) return
  result.interrupted.push({
    subject,
    tag: kind.labelOf(record),
    from: record.state as Interrupted['from'],
    to: next.state as Interrupted['to'],
    message: kind.interruptedMessage(record, subject),
  })
}
