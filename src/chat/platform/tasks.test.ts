import { describe, expect, it } from 'vitest'
import { afterPendingIo } from './tasks.ts'

describe('afterPendingIo', () => {
  it('resumes one waiter per turn of the event loop, letting what arrived meanwhile go between them', async () => {
    const order: string[] = []
    const a = afterPendingIo().then(() => order.push('a'))
    const b = afterPendingIo().then(() => order.push('b'))
    // Stands for I/O that comes in while the deferred work is waiting.
    setImmediate(() => order.push('arrived'))
    await Promise.all([a, b])
    expect(order).toEqual(['a', 'arrived', 'b'])
  })

  it('keeps going after the queue empties', async () => {
    await afterPendingIo()
    await expect(afterPendingIo()).resolves.toBeUndefined()
  })
})
