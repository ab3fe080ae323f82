/** Work that continues after the platform got its acknowledgement; `drain()` waits for it on shutdown. */
export class BackgroundTasks {
  readonly #running = new Set<Promise<unknown>>()

  run(task: () => Promise<unknown>): void {
    const p = task().finally(() => this.#running.delete(p))
    // Each task handles and logs its own failures; this only keeps Node from calling them unhandled.
    p.catch(() => {})
    this.#running.add(p)
  }

  get size(): number {
    return this.#running.size
  }

  /** Resolves when every running task has settled, or after `timeoutMs`, with how many are still running. */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs)
      timer.unref()
    })
    while (this.#running.size > 0) {
      const settled = Promise.allSettled([...this.#running]).then(() => 'settled' as const)
      if ((await Promise.race([settled, deadline.then(() => 'timeout' as const)])) === 'timeout') break
    }
    clearTimeout(timer)
    return this.#running.size
  }
}

const waiting: (() => void)[] = []
let pumping = false

/**
 * Resolves on a later turn of the event loop, one waiter per turn, in order:
 * work deferred past an ack (Bolt's listener chain, a flow) then runs one
 * piece at a time, with the I/O that arrived meanwhile (more requests to
 * verify and ack) served between pieces rather than after all of them, as a
 * batch of plain `setImmediate`s queued together would be.
 */
export function afterPendingIo(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve)
    if (!pumping) {
      pumping = true
      setImmediate(pump)
    }
  })
}

function pump(): void {
  waiting.shift()?.()
  // Scheduled from the check phase, the next waiter runs after the next poll for I/O.
  if (waiting.length > 0) setImmediate(pump)
  else pumping = false
}
