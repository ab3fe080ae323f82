/**
 * How a line writes and orders its versions: SemVer (the default), calendar
 * versions, or Python's PEP 440. Pure; the planner asks the line's scheme
 * instead of assuming SemVer.
 */
import type { Bump } from '../release-line.ts'

export const schemeNames = ['semver', 'calver', 'pep440'] as const
export type SchemeName = (typeof schemeNames)[number]

/** The day a release is planned on (UTC), passed in by the caller: the core never reads a clock. */
export type CalendarDay = { year: number; month: number }

export interface VersionScheme {
  readonly name: SchemeName
  /** `text` when it is a version written as this scheme writes it, else null. */
  parse(text: string): string | null
  /** A version as a person typed it (`v1.2.3` too); null when it is none. */
  normalise(input: string): string | null
  /** What a valid version looks like, for messages: `1.2.3`. */
  readonly example: string
  compare(a: string, b: string): number
  isPrerelease(version: string): boolean
  /** The identifier of a pre-release (`rc`), or null. */
  prereleaseId(version: string): string | null
  isPrereleaseId(id: string): boolean
  /** What a bad `--prerelease` should be, for messages. */
  readonly prereleaseIds: string
  /** The version without any pre-release or other suffix. */
  core(version: string): string
  /** The numeric release segments (`[2026, 1, 3]`): what a range matches. */
  release(version: string): number[]
  /** The final version of three release segments, as the scheme writes it (`[2026, 4, 0]` → `2026.04.0`). */
  fromRelease(release: readonly number[]): string
  /** The version after `version`'s core for a bump, on `today`. */
  increment(version: string, bump: Bump, today: CalendarDay | undefined): string
  /** Which segment moved between two versions. */
  bumpBetween(from: string | null, to: string): Bump
  /** The next number of the pre-release series `id` of `core`, given the versions already taken. */
  nextPrerelease(core: string, id: string, taken: readonly string[]): string
  /** A first version when the line has no release and no `initialVersion`. */
  initial(today: CalendarDay | undefined): string
}

/** Which segment differs first between two release-segment lists. */
export function segmentBump(from: readonly number[], to: readonly number[]): Bump {
  if ((from[0] ?? 0) !== (to[0] ?? 0)) return 'major'
  if ((from[1] ?? 0) !== (to[1] ?? 0)) return 'minor'
  return 'patch'
}
