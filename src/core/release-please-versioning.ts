/**
 * release-please's versioning strategies, for lines read from a
 * `release-please-config.json` (`versioning` and `prerelease-type` per
 * package). Pure.
 *
 * Written here rather than taken from the `release-please` package: that
 * package pulls in its GitHub client and dozens of dependencies for these
 * forty lines of arithmetic, and it works on its own commit objects.
 */
import semver from 'semver'
import type { Bump } from './release-line.ts'

export const VERSIONING_STRATEGIES = [
  'default',
  'always-bump-patch',
  'always-bump-minor',
  'always-bump-major',
  'prerelease',
] as const
export type Versioning = (typeof VERSIONING_STRATEGIES)[number]

/** The bump an `always-bump-*` strategy makes whatever the commits ask, or null. */
export function alwaysBump(versioning: Versioning): Bump | null {
  const m = /^always-bump-(major|minor|patch)$/.exec(versioning)
  return m ? (m[1] as Bump) : null
}

/**
 * The version after `version` for a bump of `bump` under `versioning`.
 * `default` and `always-bump-*` keep a pre-release text as it is (release-please
 * does: `1.2.3-beta1` + a minor bump is `1.3.0-beta1`). `prerelease` continues
 * the series: its number goes up when the bump stays within the series'
 * version, otherwise the version moves up and keeps the text; a stable version
 * starts a series only when a `prereleaseType` is given (`1.2.3` + a feature is
 * `1.3.0-beta`).
 */
export function releasePleaseNext(
  version: string,
  bump: Bump,
  versioning: Versioning,
  prereleaseType?: string,
): string {
  const v = semver.parse(version)
  if (!v) throw new Error(`release-please versioning: not a semantic version (${version})`)
  const pre = v.prerelease.length ? v.prerelease.join('.') : null
  const level = alwaysBump(versioning) ?? bump
  if (versioning !== 'prerelease') return build(moved(v, level), pre)
  if (pre !== null) {
    const withinSeries =
      level === 'patch' ||
      (level === 'minor' && v.patch === 0) ||
      (level === 'major' && v.minor === 0 && v.patch === 0)
    return withinSeries
      ? build([v.major, v.minor, v.patch], nextPrereleaseText(pre))
      : build(moved(v, level), pre)
  }
  return build(moved(v, level), prereleaseType ?? null)
}

/**
 * The next pre-release text: the last number in it goes up by one, keeping
 * its width (`beta01` → `beta02`, `beta09` → `beta10`, `beta2023.1` →
 * `beta2023.2`); without a number, `.1` is added (`beta` → `beta.1`).
 */
export function nextPrereleaseText(pre: string): string {
  const m = /(\d+)(?=\D*$)/.exec(pre)
  if (!m) return `${pre}.1`
  const digits = m[1]!
  const next = String(Number(digits) + 1).padStart(digits.length, '0')
  return pre.slice(0, m.index) + next + pre.slice(m.index + digits.length)
}

/**
 * Orders versions as release-please reads a series: the cores by semver,
 * then the pre-release texts by their numbers (`beta10` after `beta9`, which
 * semver's text comparison would put first); a stable version after its
 * pre-releases.
 */
export function compareSeriesVersions(a: string, b: string): number {
  const x = semver.parse(a)!
  const y = semver.parse(b)!
  const core = semver.compare(`${x.major}.${x.minor}.${x.patch}`, `${y.major}.${y.minor}.${y.patch}`)
  if (core !== 0) return core
  const px = x.prerelease.join('.')
  const py = y.prerelease.join('.')
  if (!px || !py) return (px ? -1 : 0) - (py ? -1 : 0)
  return px.localeCompare(py, 'en', { numeric: true })
}

function moved(v: semver.SemVer, level: Bump): [number, number, number] {
  if (level === 'major') return [v.major + 1, 0, 0]
  if (level === 'minor') return [v.major, v.minor + 1, 0]
  return [v.major, v.minor, v.patch + 1]
}

function build([major, minor, patch]: [number, number, number], pre: string | null): string {
  return `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`
}
