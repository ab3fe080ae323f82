/**
 * The next development version a line keeps in a file (`nextVersion`): after
 * a final release whose last number is 0 (26.7.0), the placeholder moves to
 * the next sprint (26.8.0), or to the version a person names (`next:27.1.0`,
 * a year rollover). Patch releases and pre-releases leave it alone. Pure.
 */
import type { Bump } from './release-line.ts'
import { err, ok, type Result } from './result.ts'
import { compareVersions, coreOf, incrementVersion, isPrerelease, normaliseVersion } from './versions.ts'

/** Whether a release moves the placeholder: a final release whose last number is 0. */
export function advancesNext(version: string): boolean {
  // The last number of the version's core, whatever the scheme (26.7.0, 2026.1.0).
  return !isPrerelease(version) && /(^|\.)0$/.test(coreOf(version))
}

/**
 * The next development version after releasing `released`: `override` when
 * given (it must be a version above the release), else `released` bumped by
 * `advance`. Null when the release does not move it.
 */
export function nextDevelopmentVersion(
  released: string,
  advance: Bump,
  override?: string | undefined,
): Result<string | null, string> {
  if (!advancesNext(released))
    return override === undefined
      ? ok(null)
      : err(
          `next:${override} goes with a final release ending in .0; ${released} does not move the next development version`,
        )
  if (override === undefined) return ok(incrementVersion(released, advance))
  const next = normaliseVersion(override)
  if (!next) return err(`next:${override} is not a version: give one like 27.1.0`)
  if (compareVersions(next, released) <= 0)
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
