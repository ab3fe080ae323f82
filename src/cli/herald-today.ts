/**
 * `HERALD_TODAY` (`2027-01-15`): the day the CLI plans calendar versions on,
 * for a reproducible plan. `herald plan`, `herald notes` and `herald
 * changelog` read it alike, so the three agree on the version.
 */
import type { CalendarDay } from '../core/version-scheme/index.ts'
import { type Clock, systemClock } from '../ports/clock.ts'
import { CliError } from './io.ts'

const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** HERALD_TODAY as the planner's day; unset: undefined (the planner reads the clock); a message when malformed. */
export function dayOf(text: string | undefined): CalendarDay | undefined | string {
  if (text === undefined) return undefined
  const m = DAY.exec(text)
  if (!m) return `HERALD_TODAY "${text}": expected a day like 2026-01-31 (or unset it to plan on today)`
  return { year: Number(m[1]), month: Number(m[2]) }
}

/** The clock of `herald notes` / `herald changelog`: noon (UTC) of HERALD_TODAY, else the system clock. */
export function cliClock(env: NodeJS.ProcessEnv): Clock {
  const text = env.HERALD_TODAY
  if (text === undefined) return systemClock
  const day = dayOf(text)
  if (typeof day === 'string') throw new CliError(day)
  const at = new Date(`${text}T12:00:00Z`)
  return { now: () => at }
}
