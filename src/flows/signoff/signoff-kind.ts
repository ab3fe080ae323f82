/**
 * What one kind of sign-off record (a release preview, an announcement draft)
 * tells the generic machine: which states may be left in flight by a stopped
 * process, and the pure rule that moves a record on once its time is up.
 */
import type { SignoffRecord } from './signoff-log.ts'

/** A move Herald makes by itself because a deadline passed. */
export type OverdueMove<R> = {
  patch: Partial<R>
  /** The deadline that passed (ISO). */
  deadline: string
  /** Whether the record was in flight (`cutting`, `posting`): the start-up sweep moves only those. */
  interrupted: boolean
}

export interface SignoffKind<R extends SignoffRecord> {
  /** `release` or `announce`: the subject prefix in the store and the audit log. */
  readonly name: 'release' | 'announce'
  /** States in which work may have been under way when a process stopped. */
  readonly inFlight: ReadonlySet<string>
  /** States in which a record waits for a person (the web console's Pending page lists those). */
  readonly pending: ReadonlySet<string>
  /** Pure: the move a record is due at `now` (expiry, an interrupted cut or post), or null. */
  overdue(record: R, now: Date): OverdueMove<R> | null
  /** The deadline of a record in flight (`cutting`, `posting`): past it, the work is taken as interrupted. */
  inFlightDeadline(record: R): string | undefined
  /** What the audit log names the record by: its tag. */
  labelOf(record: R): string
  /** The release line the record belongs to. */
  lineOf(record: R): string
  /** The hash an audit entry of this record carries by default (what the actor saw). */
  hashOf(record: R): string | undefined
  /** One line for the operator's log when the sweep finds `record` interrupted. */
  interruptedMessage(record: R, subject: string): string
}

/** Whether the ISO `deadline` has passed at `now` (no deadline: never). */
export function passed(now: Date, deadline: string | undefined | null): boolean {
  return typeof deadline === 'string' && now.toISOString() > deadline
}
