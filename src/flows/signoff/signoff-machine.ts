/**
 * The one sign-off machine every release action goes through. A record has a
 * state, a sequence number and the facts it pinned; every click is
 * authorised → checked against the state and the revision the person saw →
 * claimed atomically in the store (`SignoffLog.transition`) with its audit
 * entry → acted on → its outcome recorded the same way. Refusals are audited
 * too. The flows (release, announcement) say what they pin and what they do
 * on approval; the rules of moving live here once.
 */
import {
  type AuthAction,
  type AuthConfig,
  type AuthContext,
  type AuthDecision,
  authorize,
} from '../../core/authorize.ts'
import type { Clock } from '../../ports/clock.ts'
import type { AuditEntry, StateStore } from '../../ports/store.ts'
import type { Actor } from '../view.ts'
import type { SignoffKind } from './signoff-kind.ts'
import { SignoffLog, type SignoffRecord, type TransitionResult } from './signoff-log.ts'
import { HERALD, type Who, whoOf } from './who.ts'

/** A click refused (and audited): why, and whether to show the record beside the reason. */
export type Refusal = { why: string; showRecord: boolean }

/** What a click needs to be allowed to do. */
export type Step<R> = {
  /** The state the click would move the record to (the audit log's `action` on a refusal). */
  attempted: string
  /** The role it needs, and the facts the two-person rule looks at; or a decision already made. */
  auth: { action: AuthAction; context?: AuthContext | undefined } | AuthDecision
  /** The states the record must be in. */
  states: readonly string[]
  /** Why the record's state does not allow it, for people. */
  stateRefusal: (record: R) => string
  /** The revision the person saw, and the one the record is at now. */
  revision?: { seen: number; current: number; message: string } | undefined
  /** The audit hash of a refusal (default: the kind's `hashOf`). */
  hash?: string | undefined
}

/** A move's audit entry details beyond the default (the new state, the kind's hash, the detail after the tag). */
export type MoveAudit = {
  action?: string | undefined
  hash?: string | undefined
  /** false: the detail stands alone, without the record's tag before it. */
  labelled?: boolean | undefined
}

export class SignoffMachine<R extends SignoffRecord> {
  readonly log: SignoffLog<R>
  readonly #store: StateStore
  readonly #clock: Clock
  readonly #kind: SignoffKind<R>
  readonly #auth: AuthConfig | undefined

  constructor(store: StateStore, clock: Clock, kind: SignoffKind<R>, auth: AuthConfig | undefined) {
    this.#store = store
    this.#clock = clock
    this.#kind = kind
    this.#auth = auth
    this.log = new SignoffLog(store, kind.name, kind.inFlight)
  }

  now(): Date {
    return this.#clock.now()
  }

  subject(id: string): string {
    return this.log.subject(id)
  }

  authorize(actor: Actor, action: AuthAction, context: AuthContext = {}): AuthDecision {
    return authorize(this.#auth, actor, action, context)
  }

  /** The record with its overdue moves applied (expiry, an interrupted cut or post), as Herald. */
  async load(id: string): Promise<R | undefined> {
    for (let round = 0; round < 5; round++) {
      const record = await this.log.load(id)
      if (!record) return undefined
      const due = this.#kind.overdue(record, this.now())
      if (!due) return record
      const moved = await this.move(record, due.patch, HERALD, 'overdue')
      if (moved.ok) return moved.record
    }
    return this.log.load(id)
  }

  /** Stores a new record with its first audit entry. */
  create(record: R, actor: Actor | Who, detail: string, audit: MoveAudit = {}): Promise<void> {
    return this.log.create(record, this.#entry(actor, record, null, detail, audit))
  }

  /** Moves `record` by `patch` unless someone else moved it first; audited in the same claim. */
  move(
    record: R,
    patch: Partial<R>,
    actor: Actor | Who,
    detail: string,
    audit: MoveAudit = {},
  ): Promise<TransitionResult<R>> {
    const next = { ...record, ...patch, seq: record.seq + 1 } as R
    return this.log.transition(record, next, this.#entry(actor, next, record.state, detail, audit))
  }

  /** Authorisation, state and revision checks shared by every click; a refusal is audited. */
  async check(actor: Actor, record: R, step: Step<R>): Promise<Refusal | null> {
    const decision =
      'ok' in step.auth ? step.auth : this.authorize(actor, step.auth.action, step.auth.context)
    let refusal: Refusal | null = null
    if (!decision.ok) refusal = { why: decision.message, showRecord: false }
    else if (!step.states.includes(record.state))
      refusal = { why: step.stateRefusal(record), showRecord: true }
    else if (step.revision && step.revision.seen !== step.revision.current)
      refusal = { why: step.revision.message, showRecord: true }
    if (refusal) await this.refuse(actor, record, step.attempted, refusal.why, step.hash)
    return refusal
  }

  /** Writes a refusal to the audit log; reported even if the log is unreachable (nothing changed). */
  async refuse(
    actor: Actor,
    target: R | string,
    attempted: string,
    why: string,
    hash?: string | undefined,
  ): Promise<void> {
    const record = typeof target === 'string' ? null : target
    const state = record?.state ?? null
    const entry: AuditEntry = {
      at: this.now().toISOString(),
      actor: whoOf(actor),
      subject: record ? this.subject(record.id) : (target as string),
      action: attempted,
      outcome: 'refused',
      from: state,
      to: state,
      hash: hash ?? (record ? this.#kind.hashOf(record) : undefined),
      detail: why,
    }
    await this.#store.appendAudit(entry).catch(() => {})
  }

  #entry(actor: Actor | Who, record: R, from: string | null, detail: string, audit: MoveAudit): AuditEntry {
    return {
      at: this.now().toISOString(),
      actor: whoOf(actor),
      subject: this.subject(record.id),
      action: audit.action ?? record.state,
      outcome: 'done',
      from,
      to: record.state,
      hash: 'hash' in audit ? audit.hash : this.#kind.hashOf(record),
      detail: audit.labelled === false ? detail : `${this.#kind.labelOf(record)}: ${detail}`,
    }
  }
}
