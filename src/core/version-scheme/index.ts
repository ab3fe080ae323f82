/**
 * The version scheme and range of a release line, and which tags are the
 * line's own. Pure.
 */
import { calverScheme } from './calver.ts'
import { parseCalverFormat } from './calver-format.ts'
import { pep440Scheme } from './pep440.ts'
import { inRange, parseRange, rangeFloor, type VersionRange } from './range.ts'
import { semverScheme } from './semver.ts'
import type { CalendarDay, SchemeName, VersionScheme } from './types.ts'

export { schemeNames } from './types.ts'
export type { CalendarDay, SchemeName, VersionScheme }

/** What of a line decides its versions; every key absent means SemVer, any version. */
export type SchemedLine = {
  tagPrefix: string
  scheme?: SchemeName | undefined
  calver?: string | undefined
  range?: string | undefined
  /** The ranges of the other lines with the same tag prefix: their tags are not this line's. */
  otherRanges?: readonly string[] | undefined
}

const cache = new WeakMap<object, VersionScheme>()

/** The line's scheme (config validation has checked its calver format). */
export function schemeOf(line: SchemedLine): VersionScheme {
  const known = cache.get(line)
  if (known) return known
  const format = line.calver ? parseCalverFormat(line.calver) : null
  if (typeof format === 'string') throw new Error(format)
  const scheme =
    line.scheme === 'pep440'
      ? pep440Scheme(format ?? undefined)
      : line.scheme === 'calver' && format
        ? calverScheme(format)
        : semverScheme
  cache.set(line, scheme)
  return scheme
}

function rangeOf(line: Pick<SchemedLine, 'range'>): VersionRange | null {
  const range = line.range ? parseRange(line.range) : null
  return typeof range === 'string' ? null : range
}

/** Whether the line's range (if any) holds `version`. */
export function lineHolds(line: SchemedLine, version: string): boolean {
  const range = rangeOf(line)
  return !range || inRange(range, schemeOf(line).release(version))
}

/**
 * The version in `tag` when the tag is the line's: its prefix, a version of
 * its scheme, in its range, and in no other same-prefix line's range.
 */
export function lineVersionOfTag(line: SchemedLine, tag: string): string | null {
  if (!tag.startsWith(line.tagPrefix)) return null
  const scheme = schemeOf(line)
  const version = scheme.parse(tag.slice(line.tagPrefix.length))
  if (!version || !lineHolds(line, version)) return null
  if (!line.otherRanges?.length) return version
  const release = scheme.release(version)
  return line.otherRanges.some((r) => {
    const other = parseRange(r)
    return typeof other !== 'string' && inRange(other, release)
  })
    ? null
    : version
}

/** A line's first version without `initialVersion`: the bottom of its range, else the scheme's first. */
export function defaultInitialVersion(line: SchemedLine, today: CalendarDay | undefined): string {
  const range = rangeOf(line)
  if (!range) return schemeOf(line).initial(today)
  const scheme = schemeOf(line)
  const first = scheme.initial(today)
  // The scheme's first version when the range holds it, else the range's lowest (1.2.x: 1.2.0).
  return inRange(range, scheme.release(first)) ? first : scheme.fromRelease(rangeFloor(range))
}

/** A `Date` as the planner's day (UTC). */
export function calendarDay(date: Date): CalendarDay {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 }
}

/**
 * Each line with the ranges of the other lines sharing its tag prefix: a tag
 * in another line's range is that line's (`main` leaves `v2026.1.3` to `lts-2026.1`).
 */
export function withRangeClaims<T extends SchemedLine>(lines: readonly T[]): T[] {
  return lines.map((line) => {
    const otherRanges = lines.flatMap((l) =>
      l !== line && l.tagPrefix === line.tagPrefix && l.range ? [l.range] : [],
    )
    return otherRanges.length ? { ...line, otherRanges } : line
  })
}

/** Whether `version` is a pre-release as the line's scheme reads it (any version: false when it is none of the scheme's). */
export function isPrereleaseOf(line: SchemedLine | undefined, version: string): boolean {
  const scheme = line ? schemeOf(line) : semverScheme
  return scheme.parse(version) !== null && scheme.isPrerelease(version)
}
