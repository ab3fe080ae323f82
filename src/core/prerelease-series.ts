/**
 * Pre-release series: which number a new pre-release takes, and which
 * release its notes count from.
 */
import type { BaseSelection } from './base-selection.ts'
import { semverScheme } from './version-scheme/semver.ts'
import type { VersionScheme } from './version-scheme/types.ts'
import type { LineTag } from './versions.ts'

/**
 * The prerelease of `version` for `id`: continue the series of that core and
 * identifier, or a higher one already reachable (semantic-release keeps a
 * channel's series going), or start one at `.1`.
 */
export function prereleaseVersion(
  version: string,
  id: string,
  base: BaseSelection,
  scheme: VersionScheme = semverScheme,
): string {
  const { compare } = scheme
  let core = scheme.core(version)
  for (const t of base.reachable) {
    if (scheme.prereleaseId(t.version) !== id) continue
    const tCore = scheme.core(t.version)
    if (compare(tCore, core) > 0 && (!base.stable || compare(tCore, base.stable.version) > 0)) core = tCore
  }
  // Numbered from the series reachable from the target: what exists elsewhere
  // is caught by the tag-exists check, never skipped over silently.
  return scheme.nextPrerelease(
    core,
    id,
    base.reachable.map((t) => t.version),
  )
}

/**
 * A prerelease lists what is new since the previous release of its series
 * (the highest reachable release below it); without one, since the last
 * stable release.
 */
export function previousInSeries(
  base: BaseSelection,
  version: string,
  scheme: VersionScheme = semverScheme,
): LineTag | null {
  return base.reachable.find((t) => scheme.compare(t.version, version) < 0) ?? base.stable
}
