/**
 * Calendar version formats as calver.org names their parts: `YYYY.MINOR.MICRO`,
 * `YY.MINOR.MICRO`, `YYYY.0M.MICRO`. Always three parts: a year, then a minor
 * number or the month, then a micro number. Pure: the day comes in.
 *
 * Hand-written rather than the `calver` npm package: that package reads the
 * system clock itself (the core never does) and gives minor/patch its own
 * meaning; what Herald needs is small (check a part, write a number, and the
 * bump rules below). Ordering is left to `semver` on the numbers (calver.ts).
 */
import type { Bump } from '../release-line.ts'
import type { CalendarDay } from './types.ts'

const YEARS = { YYYY: /^[1-9]\d{3}$/, YY: /^(0|[1-9]\d{0,2})$/, '0Y': /^\d{2,3}$/ } as const
const SECONDS = { MINOR: /^(0|[1-9]\d*)$/, MM: /^([1-9]|1[0-2])$/, '0M': /^(0[1-9]|1[0-2])$/ } as const
const MICRO = /^(0|[1-9]\d*)$/

export type CalverFormat = {
  text: string
  year: keyof typeof YEARS
  second: keyof typeof SECONDS
}

const CALVER_EXAMPLES = 'YYYY.MINOR.MICRO, YY.MINOR.MICRO, YYYY.0M.MICRO or YY.MM.MICRO'

/** The format, or what is wrong with it. */
export function parseCalverFormat(text: string): CalverFormat | string {
  const [year, second, micro, ...more] = text.split('.')
  if (more.length > 0 || micro !== 'MICRO' || !year || !second)
    return `calver format "${text}": expected three parts ending in MICRO, like ${CALVER_EXAMPLES}`
  if (!(year in YEARS))
    return `calver format "${text}": the first part is the year: YYYY (2026), YY (26) or 0Y (06)`
  if (!(second in SECONDS))
    return `calver format "${text}": the second part is MINOR (a number), MM (the month, 1-12) or 0M (the month, 01-12)`
  return { text, year: year as CalverFormat['year'], second: second as CalverFormat['second'] }
}

/** Whether the three release segments, as written, fit the format. */
export function fitsCalver(format: CalverFormat, parts: readonly string[]): boolean {
  return (
    parts.length === 3 &&
    YEARS[format.year].test(parts[0]!) &&
    SECONDS[format.second].test(parts[1]!) &&
    MICRO.test(parts[2]!)
  )
}

export function formatCalver(format: CalverFormat, [year, second, micro]: readonly number[]): string {
  const y = format.year === '0Y' ? String(year).padStart(2, '0') : String(year)
  const s = format.second === '0M' ? String(second).padStart(2, '0') : String(second)
  return `${y}.${s}.${micro}`
}

/** The year as the format writes it: 2026, or 26 for `YY`/`0Y`. */
function yearIn(format: CalverFormat, day: CalendarDay): number {
  return format.year === 'YYYY' ? day.year : day.year - 2000
}

/**
 * The segments after `current` for a bump on `today`. A patch raises MICRO
 * and keeps the year (a maintenance line stays in its range). A minor or
 * major moves to today: with MINOR, a new year starts at YEAR.0.0 and the same
 * year raises MINOR; with a month, a new month starts at YEAR.MONTH.0 and the
 * same month raises MICRO. The date never goes backwards: a clock behind the
 * last release counts as its day. Without a day, nothing rolls over.
 */
export function incrementCalver(
  format: CalverFormat,
  [year = 0, second = 0, micro = 0]: readonly number[],
  bump: Bump,
  today: CalendarDay | undefined,
): number[] {
  if (bump === 'patch') return [year, second, micro + 1]
  const ty = today ? yearIn(format, today) : year
  if (format.second === 'MINOR') return ty > year ? [ty, 0, 0] : [year, second + 1, 0]
  const tm = today?.month ?? second
  if (ty > year || (ty === year && tm > second)) return [ty, tm, 0]
  return [year, second, micro + 1]
}

/** A line's first calendar version: the year's (or month's) first release (callers always pass the day). */
export function initialCalver(format: CalverFormat, today: CalendarDay | undefined): number[] {
  const day = today ?? { year: 2000, month: 1 }
  return [yearIn(format, day), format.second === 'MINOR' ? 0 : day.month, 0]
}
