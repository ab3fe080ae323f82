/**
 * The next development version a line keeps in a file (`nextVersion`): after
 * a final release whose last number is 0 (26.7.0), the placeholder moves to
 * the next sprint (26.8.0), or to the version a person names (`next:27.1.0`,
 * a year rollover). Patch releases, pre-releases (26.2.0rc2) and
 * post-releases (26.2.0.post1) leave it alone. Every step follows the line's
 * version scheme (SemVer, calendar, PEP 440). Pure.
 */
import type { Bump } from './release-line.ts'
import { err, ok, type Result } from './result.ts'
import { parseCalverFormat } from './version-scheme/calver-format.ts'
import { type SchemedLine, schemeOf } from './version-scheme/index.ts'

/** Whether a release moves the placeholder: a final release whose last release number is 0. */
export function advancesNext(line: SchemedLine, version: string): boolean {
  const scheme = schemeOf(line)
  if (!scheme.parse(version) || scheme.isPrerelease(version)) return false
  // A post-release (26.2.0.post1) re-releases 26.2.0, which moved the placeholder already.
  if (scheme.compare(version, scheme.core(version)) !== 0) return false
  return scheme.release(version).at(-1) === 0
}

/**
 * `released`'s release numbers bumped by `advance`, written in the line's
 * scheme. The date is never read: `minor` is the next MINOR (26.7.0 → 26.8.0)
 * whatever the day, `major` the next first number (a calendar line's next
 * year, 26.7.0 → 27.0.0); a month format's `minor` is the next month
 * (2026.12.0 → 2027.01.0). A year rollover on a MINOR line is `next:`.
 */
export function advanceVersion(line: SchemedLine, released: string, advance: Bump): string {
  const scheme = schemeOf(line)
  const release = scheme.release(released)
  const format = line.calver ? parseCalverFormat(line.calver) : null
  const months = typeof format === 'object' && format !== null && format.second !== 'MINOR'
  const [a = 0, b = 0, c = 0] = release
  let next =
    advance === 'major' ? [a + 1, months ? 1 : 0, 0] : advance === 'minor' ? [a, b + 1, 0] : [a, b, c + 1]
  if (months && next[1]! > 12) next = [a + 1, 1, 0]
  // A two-number PEP 440 version (26.2) keeps two numbers unless a patch adds the third.
  const keep = advance === 'patch' || format ? 3 : Math.min(3, Math.max(2, release.length))
  const epoch = /^\d+!/.exec(scheme.core(released))?.[0] ?? ''
  return `${epoch}${scheme.fromRelease(next.slice(0, keep))}`
}

const SCHEME_WORDS = { semver: 'semantic', calver: 'calendar', pep440: 'PEP 440' } as const

/**
 * The next development version after releasing `released`: `override` when
 * given (a version of the line's scheme above the release), else `released`
 * advanced by `advance`. Null when the release does not move it.
 */
export function nextDevelopmentVersion(
  line: SchemedLine,
  released: string,
  advance: Bump,
  override?: string | undefined,
): Result<string | null, string> {
  if (!advancesNext(line, released))
    return override === undefined
      ? ok(null)
      : err(
          `next:${override} goes with a final release ending in .0; ${released} does not move the next development version`,
        )
  const advanced = advanceVersion(line, released, advance)
  if (override === undefined) return ok(advanced)
  const scheme = schemeOf(line)
  const next = scheme.normalise(override)
  if (!next)
    return err(`next:${override} is not a ${SCHEME_WORDS[scheme.name]} version: give one like ${advanced}`)
  if (scheme.compare(next, released) <= 0)
    return err(`next:${override} must be above the version released, ${released}`)
  return ok(next)
}

/**
 * `text` with the `version` group of the first match of `pattern` replaced
 * by `version`; an error when the pattern finds nothing.
 */
export function writeNextVersion(text: string, pattern: string, version: string): Result<string, string> {
  const m = new RegExp(pattern, 'd').exec(text)
  const at = m?.indices?.groups?.version
  if (!m || !at) return err('the nextVersion pattern finds no version in it')
  return ok(`${text.slice(0, at[0])}${version}${text.slice(at[1])}`)
}
