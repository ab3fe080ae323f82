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

export abstract class SignoffFlow<R extends SignoffRecord, D extends SignoffDeps> {
  protected readonly deps: D
  protected readonly machine: SignoffMachine<R>

  constructor(deps: D, kind: SignoffKind<R>) {
    this.deps = deps
    this.machine = new SignoffMachine(deps.store, deps.clock, kind, deps.auth)
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
