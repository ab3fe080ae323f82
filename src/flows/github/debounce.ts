/**
 * Trailing debounce by key: work scheduled again under a key before its delay
 * ran out replaces the earlier one and restarts the delay, so a burst of
 * pushes gives one refresh. Written here: it is a dozen lines, and the one
 * thing packages for it do not give is `flush`, running what is pending when
 * `herald serve` stops so that no push is forgotten.
 */

export type Timers = {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const REAL_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export class Debouncer {
  readonly #delayMs: number
  readonly #timers: Timers
  readonly #pending = new Map<string, { handle: unknown; run: () => Promise<void> }>()
  readonly #running = new Set<Promise<void>>()

  constructor(delayMs: number, timers: Timers = REAL_TIMERS) {
    this.#delayMs = delayMs
    this.#timers = timers
  }

  /** Runs `run` once nothing else is scheduled under `key` for the delay. */
  schedule(key: string, run: () => Promise<void>): void {
    const earlier = this.#pending.get(key)
    if (earlier) this.#timers.clear(earlier.handle)
    const handle = this.#timers.set(() => this.#fire(key), this.#delayMs)
    this.#pending.set(key, { handle, run })
  }

  /** How many keys wait for their delay. */
  get pending(): number {
    return this.#pending.size
  }

  /** Runs everything still waiting now, and resolves when all work started so far is done. */
  async flush(): Promise<void> {
    for (const [key, { handle }] of this.#pending) {
      this.#timers.clear(handle)
      this.#fire(key)
    }
    await Promise.allSettled([...this.#running])
  }

  #fire(key: string): void {
    const job = this.#pending.get(key)
    if (!job) return
    this.#pending.delete(key)
    // A failure is the job's to report; the debouncer only keeps count of what runs.
    const task: Promise<void> = job
      .run()
      .catch(() => {})
      .finally(() => this.#running.delete(task))
    this.#running.add(task)
  }
}
