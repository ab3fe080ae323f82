/**
 * Button ids on the wire. A flow's action id is opaque and under 100
 * characters; the transports prefix one character that says what the click
 * is, which keeps Discord's `custom_id` within its 100-character limit:
 * `a` a plain action, `e` an edit button (opens a modal), `m` a modal submit.
 */
import type { ViewAction } from '../../flows/view.ts'

export type WireAction = { kind: 'action' | 'edit' | 'submit'; id: string }

const PREFIX = { action: 'a', edit: 'e', submit: 'm' } as const
const KIND_OF: Record<string, WireAction['kind']> = { a: 'action', e: 'edit', m: 'submit' }

export function encodeActionId(kind: WireAction['kind'], id: string): string {
  return `${PREFIX[kind]}${id}`
}

export function decodeActionId(wire: unknown): WireAction | undefined {
  if (typeof wire !== 'string' || wire.length < 2 || wire.length > 100) return undefined
  const kind = KIND_OF[wire[0]!]
  return kind ? { kind, id: wire.slice(1) } : undefined
}

export function wireIdFor(action: ViewAction): string {
  return encodeActionId(action.edit ? 'edit' : 'action', action.id)
}

export type EditSpec = NonNullable<ViewAction['edit']>

/** The part of the state store that edit texts are shared through (`StateStore.get`/`set`). */
export type SharedTexts = {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, ttlMs?: number): Promise<void>
}

/** As long as a draft waits for sign-off. */
const SHARED_TTL_MS = 24 * 60 * 60 * 1000

/**
 * The prefilled text of edit buttons, by action id, from the views rendered
 * recently. Discord buttons carry no payload beyond their id, so the text waits
 * here until the click; with `shared`, also in the store every replica reads, so
 * the click may reach another replica or this one after a restart.
 * Without it, after a restart the user is asked to run the command again.
 */
export class EditTexts {
  readonly #texts = new Map<string, EditSpec>()
  readonly #max: number
  readonly #shared: SharedTexts | undefined

  constructor(options: { max?: number; shared?: SharedTexts | undefined } = {}) {
    this.#max = options.max ?? 1_000
    this.#shared = options.shared
  }

  async remember(actions: readonly ViewAction[]): Promise<void> {
    for (const action of actions) {
      if (!action.edit) continue
      this.#texts.delete(action.id)
      this.#texts.set(action.id, action.edit)
      if (this.#texts.size > this.#max) this.#texts.delete(this.#texts.keys().next().value!)
      // This replica still has it in memory if the store is unreachable.
      await this.#shared?.set(`edit:${action.id}`, action.edit, SHARED_TTL_MS).catch(() => {})
    }
  }

  async get(id: string): Promise<EditSpec | undefined> {
    return this.#texts.get(id) ?? (await this.#shared?.get<EditSpec>(`edit:${id}`).catch(() => undefined))
  }
}
