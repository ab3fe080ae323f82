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
