/**
 * Versions of a line's tags, and the arithmetic on them. Pure.
 */
import semver from 'semver'
import type { Bump, BumpOrNone } from './release-line.ts'

/** A tag and the commit it points to; `time` is that commit's committer date (unix seconds) when known. */
export type TagRef = { name: string; sha: string; time?: number | undefined }
export type LineTag = {
  tag: string
  version: string
  sha: string
  prerelease: boolean
  time?: number | undefined
}

const ORDER: Record<BumpOrNone, number> = { none: 0, patch: 1, minor: 2, major: 3 }

export function bumpRank(bump: BumpOrNone): number {
  return ORDER[bump]
}

/** The version in `tag` for a line with `prefix`, or null when the tag is not of this line. */
export function versionOfTag(tag: string, prefix: string): string | null {
  if (!tag.startsWith(prefix)) return null
  const rest = tag.slice(prefix.length)
  return semver.valid(rest) === rest ? rest : null
}

export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b)
}

export function isPrerelease(version: string): boolean {
  return semver.prerelease(version) !== null
}

/** The identifier of a prerelease (`rc` in `1.2.0-rc.3`), or null. */
export function prereleaseId(version: string): string | null {
  const first = semver.prerelease(version)?.[0]
  return typeof first === 'string' ? first : null
}

export function coreOf(version: string): string {
  const v = semver.parse(version)!
  return `${v.major}.${v.minor}.${v.patch}`
}

export function incrementVersion(version: string, bump: Bump): string {
  return semver.inc(coreOf(version), bump)!
}

/** The semver-level difference between two versions (`1.2.3` -> `1.3.0` is minor). */
export function bumpBetween(from: string | null, to: string): Bump {
  if (!from) return 'major'
  const a = semver.parse(from)!
  const b = semver.parse(to)!
  if (b.major !== a.major) return 'major'
  if (b.minor !== a.minor) return 'minor'
  return 'patch'
}

/** Accepts `1.2.3` and `v1.2.3`; null when it is not a semantic version. */
export function normaliseVersion(input: string): string | null {
  const trimmed = input.trim().replace(/^v(?=\d)/, '')
  return semver.valid(trimmed) === trimmed ? trimmed : null
}

/** A valid prerelease identifier (`rc`, `beta`, `next`). */
export function isPrereleaseId(id: string): boolean {
  return /^[0-9A-Za-z-]+$/.test(id) && !/^\d+$/.test(id)
}

/**
 * The next version of a prerelease series: `core-id.N+1` where N is the
 * highest number already used for that core and identifier, or `core-id.1`.
 */
export function nextPrerelease(core: string, id: string, taken: readonly string[]): string {
  let highest = 0
  for (const version of taken) {
    const parts = semver.prerelease(version)
    if (!parts || coreOf(version) !== core || parts[0] !== id) continue
    const n = typeof parts[1] === 'number' ? parts[1] : parts.length === 1 ? 0 : Number.NaN
    if (Number.isInteger(n) && n > highest) highest = n
  }
  return `${core}-${id}.${highest + 1}`
}
