/**
 * The startup sweep (issues 4 and 8): a cut or a post whose process stopped
 * mid-flight stays `cutting` / `posting` until someone opens it. At start,
 * `herald serve` (and `herald audit`) move those past their deadline — the
 * deadline the flow wrote from its budget (`cutBudgetMs`, `postBudgetMs`) —
 * to the state the flows use for it: `cut_failed` with **Retry cut** (a tag
 * already on the pinned commit is reused, never moved), `post_unknown` (never
 * re-sent by itself; a person checks the channel). Each move is the same
 * atomic claim + audit entry (actor Herald) as any transition, so of several
 * replicas sweeping at once exactly one moves a record. Nothing is re-cut or
 * re-sent here. Records still within their deadline are left alone.
 */
import type { Clock } from '../../ports/clock.ts'
import type { AuditEntry, StateStore } from '../../ports/store.ts'
import { type AnnounceRecord, HERALD } from '../announce/announce-record.ts'
import type { ReleaseRecord } from '../release/release-views.ts'
import { type InFlightEntry, SignoffLog, type SignoffRecord } from './signoff-log.ts'

/** The message a post left in flight gets in `post_unknown`. */
export const INTERRUPTED_POST =
  'Posting did not finish in time (Herald may have stopped mid-post): the message may or may not be in the channel.'
/** The error a cut left in flight gets in `cut_failed`. */
export const INTERRUPTED_CUT =
  'The cut did not finish (Herald may have stopped): retry it; a tag already on the pinned commit is reused, never moved.'

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
  const releases = new SignoffLog<ReleaseRecord>(store, 'release')
  for (const entry of await releases.inFlight()) {
    await sweepOne(releases, entry, clock, result, (record) => ({
      deadline: record.cutDeadline,
      next: {
        state: 'cut_failed',
        result: {
          releaseUrl: null,
          tagCreated: false,
          error: { code: 'interrupted', message: INTERRUPTED_CUT },
        },
      },
      tag: record.plan.tag,
      hash: record.planHash,
      message: (subject) =>
        `interrupted: the cut of ${record.plan.tag} (${subject}) did not finish before its deadline; now cut_failed: press Retry cut on its preview (a tag already on the pinned commit is reused) or run /release again`,
    }))
  }
  const announcements = new SignoffLog<AnnounceRecord>(store, 'announce')
  for (const entry of await announcements.inFlight()) {
    await sweepOne(announcements, entry, clock, result, (record) => ({
      deadline: record.posting?.deadline,
      next: {
        state: 'post_unknown',
        outcome: { code: 'interrupted', message: INTERRUPTED_POST, messageUrl: null },
      },
      tag: record.tag,
      hash: record.approved?.hash,
      message: (subject) =>
        `interrupted: the post of the ${record.tag} announcement (${subject}) did not finish before its deadline; now post_unknown: check the channel, then press "It is in the channel" or "It is not there: post again" on the draft`,
    }))
  }
  return result
}

type Plan<R> = {
  deadline: string | undefined
  next: Partial<R>
  tag: string
  hash: string | undefined
  message: (subject: string) => string
}

async function sweepOne<R extends SignoffRecord>(
  log: SignoffLog<R>,
  entry: InFlightEntry,
  clock: Clock,
  result: SweepResult,
  plan: (record: R) => Plan<R>,
): Promise<void> {
  const record = await log.load(entry.id)
  // The claim at `seq` is not decided yet (or never will be): leave the entry.
  if (record && record.seq < entry.seq) return
  if (!record || record.seq > entry.seq || !log.isInFlight(record.state)) {
    await log.forget(entry)
    return
  }
  const p = plan(record)
  const subject = log.subject(record.id)
  const now = clock.now().toISOString()
  // A record in flight without a deadline predates deadlines: the flow decides when it is opened.
  if (!p.deadline) return
  if (now <= p.deadline) {
    result.inFlight.push({ subject, deadline: p.deadline })
    return
  }
  const next = { ...record, ...p.next, seq: record.seq + 1 } as R
  const audit: AuditEntry = {
    at: now,
    actor: HERALD,
    subject,
    action: next.state,
    outcome: 'done',
    from: record.state,
    to: next.state,
    hash: p.hash,
    detail: `${p.tag}: interrupted: still ${record.state} after its deadline ${p.deadline} (found at start)`,
  }
  const moved = await log.transition(record, next, audit)
  // Lost: another replica's sweep, or someone opening it, moved it first and said so.
  if (!moved.ok) return
  result.interrupted.push({
    subject,
    tag: p.tag,
    from: record.state as Interrupted['from'],
    to: next.state as Interrupted['to'],
    message: p.message(subject),
  })
}
