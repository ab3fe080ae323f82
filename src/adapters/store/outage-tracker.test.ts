import { describe, expect, it } from 'vitest'
import type { StateStore } from '../../ports/store.ts'
import { openStore } from './open-store.ts'
import { type OutageEvent, trackOutages } from './outage-tracker.ts'

/** A memory store whose calls fail while `broken.now` is true. */
async function flakyStore(broken: { now: boolean }): Promise<StateStore> {
  const store = await openStore({ kind: 'memory' })
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        if (broken.now) throw new Error('connect ECONNREFUSED 127.0.0.1:6379\nat …')
        return value.apply(target, args)
      }
    },
  })
}

describe('trackOutages', () => {
  it.each([
    ['no outage', 'ooo', []],
    ['one outage, many failing calls', 'oxxxxo', ['down', 'up 4']],
    ['two outages', 'oxxoxo', ['down', 'up 2', 'down', 'up 1']],
    ['down at the end', 'oxx', ['down']],
  ])('%s (%s)', async (_name, calls, expected) => {
    const broken = { now: false }
    let clock = 0
    const tracked = trackOutages(await flakyStore(broken), () => clock)
    const events: OutageEvent[] = []
    tracked.onChange((e) => events.push(e))
    for (const c of calls) {
      clock++
      broken.now = c === 'x'
      await tracked.store.set('k', 'v').catch(() => {})
    }
    expect(events.map((e) => (e.kind === 'down' ? 'down' : `up ${e.downForMs}`))).toEqual(expected)
    for (const e of events) if (e.kind === 'down') expect(e.error).toBe('connect ECONNREFUSED 127.0.0.1:6379')
  })

  it('passes values and errors through unchanged', async () => {
    const broken = { now: false }
    const { store } = trackOutages(await flakyStore(broken))
    await store.set('k', { a: 1 })
    expect(await store.get('k')).toEqual({ a: 1 })
    broken.now = true
    await expect(store.get('k')).rejects.toThrow('ECONNREFUSED')
  })

  it('closes a store whose methods use private fields', async () => {
    const { store } = trackOutages(await openStore({ kind: 'sqlite', path: ':memory:' }))
    await store.set('k', 'v')
    await expect(store.close()).resolves.toBeUndefined()
  })
})
