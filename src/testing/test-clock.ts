/** A clock that stands still until a test moves it. */
import type { Clock } from '../ports/clock.ts'

export class TestClock implements Clock {
  #t = Date.parse('2026-03-01T10:00:00.000Z')
  now(): Date {
    return new Date(this.#t)
  }
  advance(ms: number): void {
    this.#t += ms
  }
}
