/**
 * Remembers delivery ids for a while so a retried or duplicated delivery is
 * acted on once. Bounded in size and age; the flows' atomic claims in the
 * store are the second line of defence (a restart forgets this set).
 * Written by hand: a Map in insertion order is all an LRU-by-age needs here.
 */
export class SeenIds {
  readonly #seen = new Map<string, number>()
  readonly #ttlMs: number
  readonly #max: number
  readonly #now: () => number

  constructor(options: { ttlMs?: number; max?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? 30 * 60_000
    this.#max = options.max ?? 10_000
    this.#now = options.now ?? Date.now
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
