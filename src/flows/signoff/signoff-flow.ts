/**
 * What every flow on the sign-off machine shares: its dependencies, its
 * machine, the audited refusal of someone who may not start a record, and how
 * a refusal is shown (beside the record, or alone).
 */
import type { AuthAction, AuthConfig } from '../../core/authorize.ts'
import type { Clock } from '../../ports/clock.ts'
import type { StateStore } from '../../ports/store.ts'
import { type Actor, messageView, type View } from '../view.ts'
import type { SignoffKind } from './signoff-kind.ts'
import type { SignoffRecord } from './signoff-log.ts'
import { type Refusal, SignoffMachine } from './signoff-machine.ts'

export type SignoffDeps = { store: StateStore; clock: Clock; auth: AuthConfig | undefined }

export type Notice = { level: 'info' | 'warning' | 'error'; text: string }

/** A record waiting for a person, as chat shows it. */
export type PendingItem = { subject: string; line: string; tag: string; state: string; view: View }

export abstract class SignoffFlow<R extends SignoffRecord, D extends SignoffDeps> {
  protected readonly deps: D
  protected readonly machine: SignoffMachine<R>
  readonly #kind: SignoffKind<R>

  constructor(deps: D, kind: SignoffKind<R>) {
    this.deps = deps
    this.#kind = kind
    this.machine = new SignoffMachine(deps.store, deps.clock, kind, deps.auth)
  }

  /**
   * Every record waiting for a person, oldest first, each as chat shows it
   * (overdue moves applied on the way, as when one is opened). Ids of records
   * that stopped waiting are dropped from the index.
   */
  async pending(): Promise<PendingItem[]> {
    const found: { record: R; item: PendingItem }[] = []
    for (const id of await this.machine.log.pendingIds()) {
      const record = await this.machine.load(id)
      if (!record || !this.#kind.pending.has(record.state)) {
        await this.machine.log.forgetPending(id).catch(() => {})
        continue
      }
      const item = {
        subject: this.machine.subject(id),
        line: this.#kind.lineOf(record),
        tag: this.#kind.labelOf(record),
        state: record.state,
        view: this.render(record),
      }
      found.push({ record, item })
    }
    return found.sort((a, b) => a.record.expiresAt.localeCompare(b.record.expiresAt)).map((f) => f.item)
  }

  /** The record as people see it, with notices above it. */
  protected abstract render(record: R, notices?: Notice[]): View

  /** Null when `actor` may start a new record with `action`; else the refusal, audited. */
  protected async refuseStart(actor: Actor, action: AuthAction, attempted: string): Promise<View | null> {
    const allowed = this.machine.authorize(actor, action)
    if (allowed.ok) return null
    await this.machine.refuse(actor, `${this.machine.log.kind}:new`, attempted, allowed.message)
    return messageView('error', allowed.message)
  }

  protected show(record: R, refusal: Refusal): View {
    return refusal.showRecord
      ? this.render(record, [{ level: 'error', text: refusal.why }])
      : messageView('error', refusal.why)
  }
}
