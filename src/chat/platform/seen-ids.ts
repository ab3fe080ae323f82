/**
 * Claims a delivery id in the store every replica shares (`StateStore.claim`):
 * true for the first claimant only, whichever process it is.
 */
export type ClaimDelivery = (id: string, ttlMs: number) => Promise<boolean>

/**
 * Remembers delivery ids for a while so a retried or duplicated delivery is
 * acted on once. Bounded in size and age; with `shared`, a repeat that reaches
 * another replica (or this one after a restart) is caught in the shared store
 * too. The flows' atomic claims are the second line of defence.
 * Written by hand: a Map in insertion order is all an LRU-by-age needs here.
 */
export class SeenIds {
  readonly #seen = new Map<string, number>()
  readonly #ttlMs: number
  readonly #max: number
  readonly #now: () => number
  readonly #shared: ClaimDelivery | undefined

  constructor(
    options: { ttlMs?: number; max?: number; now?: () => number; shared?: ClaimDelivery | undefined } = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 30 * 60_000
    this.#max = options.max ?? 10_000
    this.#now = options.now ?? Date.now
    this.#shared = options.shared
  }

  /** `firstTime`, then the shared claim: false when any replica already took this delivery. */
  async firstDelivery(id: string): Promise<boolean> {
    if (!this.firstTime(id)) return false
    if (!this.#shared) return true
    try {
      return await this.#shared(id, this.#ttlMs)
    } catch {
      // An unreachable store fails the flow anyway; its claims still keep every transition once-only.
      return true
    }
  }

  /** True the first time `id` is offered within the window; false for every repeat. */
  firstTime(id: string): boolean {
    const now = this.#now()
    for (const [key, at] of this.#seen) {
      if (now - at < this.#ttlMs && this.#seen.size < this.#max) break
      this.#seen.delete(key)
    }
    if (this.#seen.has(id)) return false
    this.#seen.set(id, now)
    return true
  }
}
