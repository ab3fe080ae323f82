/** Time is passed in, never read inside `core` (STYLE.md). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
