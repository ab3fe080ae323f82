/**
 * A store that says when it goes down and when it is back, once each: while
 * the store fails, every click still answers "could not finish" (the flows
 * never half-do a step), but the log gets one line for the outage rather than
 * one per failing call or retry.
 */
import type { StateStore } from '../../ports/store.ts'

export type OutageEvent = { kind: 'down'; error: string } | { kind: 'up'; downForMs: number }

export type TrackedStore = {
  store: StateStore
  /** Called once when calls start failing, once when one succeeds again. */
  onChange(listener: (event: OutageEvent) => void): void
}

export function trackOutages(store: StateStore, now: () => number = Date.now): TrackedStore {
  const listeners: ((event: OutageEvent) => void)[] = []
  let downSince: number | null = null
  const emit = (event: OutageEvent) => {
    for (const l of listeners) l(event)
  }
  const succeeded = () => {
    if (downSince === null) return
    const downForMs = now() - downSince
    downSince = null
    emit({ kind: 'up', downForMs })
  }
  const failed = (error: unknown) => {
    if (downSince !== null) return
    downSince = now()
    emit({ kind: 'down', error: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
  }
  const tracked = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      // Called on the store itself: its methods use private fields a proxy does not have.
      if (prop === 'close') return value.bind(target)
      return async (...args: unknown[]) => {
        try {
          const result = await value.apply(target, args)
          succeeded()
          return result
        } catch (error) {
          failed(error)
          throw error
        }
      }
    },
  })
  return { store: tracked, onChange: (listener) => void listeners.push(listener) }
}
