/**
 * Versioned sign-off records (release plans, announcement drafts) on the state
 * port. Every change of a record is a claim of its next sequence number, whose
 * value is the whole new record: of two racing changes exactly one wins, and
 * a process that dies right after winning loses nothing, because the claim is
 * the record. The keyv head is only a shortcut to the latest claim.
 *
 * Records entering a state in flight (`cutting`, `posting`) are listed in an
 * index first, as `<id>#<seq>`, so the startup sweep finds those a stopped
 * process left behind without scanning the store. The entry is
 * written before the claim, so no record in flight is ever missing from it;
 * an entry whose claim was lost, or whose record has moved on, is stale and
 * `inFlight` callers prune it with `forget`.
 *
 * Every new record is also listed in a second index, `<kind>:pending`, by id,
 * for the web console's Pending page; whoever lists it drops the ids of
 * records that no longer wait for a person (`forgetPending`).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { AuditEntry, StateStore } from '../../ports/store.ts'

export type SignoffRecord = {
  id: string
  seq: number
  state: string
  /** When a pending record stops being actionable (ISO). */
  expiresAt: string
}

export type TransitionResult<R> = { ok: true; record: R } | { ok: false; current: R }

/** How long records stay in the store after they stop changing: long enough to answer a late click truthfully. */
const KEEP_MS = 30 * 24 * 60 * 60 * 1000

/** An index entry: the record `id` entered a state in flight at `seq`. */
export type InFlightEntry = { member: string; id: string; seq: number }

export class SignoffLog<R extends SignoffRecord> {
  readonly #store: StateStore
  readonly kind: 'release' | 'announce'
  readonly #inFlight: ReadonlySet<string>

  /** `inFlight`: the states in which work may have been under way when a process stopped. */
  constructor(store: StateStore, kind: 'release' | 'announce', inFlight: ReadonlySet<string>) {
    this.#store = store
    this.kind = kind
    this.#inFlight = inFlight
  }

  /** Whether `state` is one this kind of record may be left in by a stopped process. */
  isInFlight(state: string): boolean {
    return this.#inFlight.has(state)
  }

  /** The index of records that entered a state in flight, stale entries included. */
  async inFlight(): Promise<InFlightEntry[]> {
    const members = await this.#store.listIndex(this.#indexKey())
    return members.flatMap((member) => {
      const m = /^(.+)#(\d+)$/.exec(member)
      return m ? [{ member, id: m[1]!, seq: Number(m[2]) }] : []
    })
  }

  /** Drops a stale index entry. */
  forget(entry: InFlightEntry): Promise<void> {
    return this.#store.removeFromIndex(this.#indexKey(), entry.member)
  }

  subject(id: string): string {
    return `${this.kind}:${id}`
  }

  /** The ids of records created since they were last pruned: some may no longer be pending. */
  pendingIds(): Promise<string[]> {
    return this.#store.listIndex(`${this.kind}:pending`)
  }

  forgetPending(id: string): Promise<void> {
    return this.#store.removeFromIndex(`${this.kind}:pending`, id)
  }

  async create(record: R, audit: AuditEntry): Promise<void> {
    // Listed first, so no pending record is ever missing from the index.
    await this.#store.addToIndex(`${this.kind}:pending`, record.id)
    const won = await this.#store.claim(this.#claimKey(record.id, 0), JSON.stringify(record), KEEP_MS, audit)
    if (!won) throw new Error(`state store: record ${this.subject(record.id)} already exists (id collision)`)
    await this.#store.set(this.subject(record.id), record, KEEP_MS)
  }

  async load(id: string): Promise<R | undefined> {
    let record = await this.#store.get<R>(this.subject(id))
    if (!record) {
      const first = await this.#store.readClaim(this.#claimKey(id, 0))
      if (first === undefined) return undefined
      record = JSON.parse(first) as R
    }
    // Roll forward over changes whose writer has not (or never) updated the head.
    for (;;) {
      const next = await this.#store.readClaim(this.#claimKey(id, record.seq + 1))
      if (next === undefined) return record
      record = JSON.parse(next) as R
    }
  }

  /** Moves `current` to `next` (whose seq must be current.seq + 1) unless someone else changed it first. */
  async transition(current: R, next: R, audit: AuditEntry): Promise<TransitionResult<R>> {
    if (next.seq !== current.seq + 1)
      throw new Error('signoff: a transition must advance the sequence by one')
    // Listed at every sequence it is in flight at (a cut of several lines records each line's
    // outcome while still `cutting`), so the sweep always finds the record at its current seq.
    const inFlight = this.isInFlight(next.state)
    if (inFlight) await this.#store.addToIndex(this.#indexKey(), `${next.id}#${next.seq}`)
    const won = await this.#store.claim(
      this.#claimKey(next.id, next.seq),
      JSON.stringify(next),
      KEEP_MS,
      audit,
    )
    if (!won) return { ok: false, current: (await this.load(current.id)) ?? current }
    await this.#store.set(this.subject(next.id), next, KEEP_MS)
    if (this.isInFlight(current.state))
      // Best effort: an entry left behind is pruned by the next sweep (the record moved past it).
      await this.#store.removeFromIndex(this.#indexKey(), `${current.id}#${current.seq}`).catch(() => {})
    return { ok: true, record: next }
  }

  #indexKey(): string {
    return `${this.kind}:in-flight`
  }

  #claimKey(id: string, seq: number): string {
    return `${this.subject(id)}#${seq}`
  }
}

/** `sha256:<hex>` of a text, over its UTF-8 bytes. */
export function hashText(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`
}

/** A short random id for records; URL- and action-id-safe. */
export function newId(): string {
  return randomBytes(9).toString('base64url')
}
