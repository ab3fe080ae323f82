/**
 * The version a release takes, before any prerelease suffix: an explicit
 * one, the highest `Release-As` footer, or the last stable release bumped.
 */
import { type Counted, type highestBump, releasableTypes } from './bump-tally.ts'
import type { PlanRequest, RefusalCode, ReleasePlan } from './plan-release.ts'
import type { Bump, BumpOrNone, ReleaseLine } from './release-line.ts'
import { alwaysBump, releasePleaseNext } from './release-please-versioning.ts'
import { compareVersions, incrementVersion, type LineTag, normaliseVersion } from './versions.ts'

export type VersionChoice = {
  version: string
  reason: ReleasePlan['reason']
  bump: BumpOrNone
  /** The commits that decided the version. */
  drivers: Counted[]
}

export type VersionRefusal = { code: RefusalCode; message: string }

export type ChooseVersionInput = {
  line: ReleaseLine
  stable: LineTag | null
  request: PlanRequest
  counted: readonly Counted[]
  tally: ReturnType<typeof highestBump>
}

export function chooseVersion(input: ChooseVersionInput): VersionChoice | VersionRefusal {
  const { line, stable, request, counted, tally } = input
  const stableVersion = stable?.version ?? null
  if (request.version !== undefined) {
    const explicit = normaliseVersion(request.version)
    if (!explicit)
      return refuse('invalid-version', `not a semantic version: "${request.version}" (expected like 1.2.3)`)
    if (stable && compareVersions(explicit, stable.version) <= 0)
      return refuse(
        'version-not-greater',
        `${explicit} is not greater than the last release ${stable.tag}: pick a higher version`,
      )
    return { version: explicit, reason: 'explicit-version', bump: tally.bump, drivers: tally.drivers }
  }
  // release-please's always-bump strategies ignore what the commits ask, Release-As included.
  const always = line.releasePlease ? alwaysBump(line.releasePlease.versioning) : null
  const releaseAs = always ? null : highestReleaseAs(counted, stableVersion)
  if (releaseAs) {
    return { version: releaseAs.version, reason: 'release-as', bump: tally.bump, drivers: [releaseAs.commit] }
  }
  const forced = request.bump !== 'auto'
  const bump: BumpOrNone =
    request.bump !== 'auto' ? request.bump : tally.bump === 'none' ? 'none' : (always ?? tally.bump)
  if (bump === 'none') {
    const since = stable ? `since ${stable.tag}` : 'in this line'
    return refuse(
      'nothing-to-release',
      counted.length === 0
        ? `nothing to release: no commits for line "${line.name}" ${since}`
        : `nothing to release: none of the ${counted.length} commits ${since} is a releasable type (${releasableTypes(line)}); pass --bump to force one`,
    )
  }
  const drivers = tally.drivers
  // Without a tag, a release-please package's manifest says which version it is at.
  const current = stable?.version ?? line.releasePlease?.manifestVersion
  if (current)
    return {
      version: nextVersion(line, current, bump),
      reason: forced ? 'forced-bump' : 'commits',
      bump,
      drivers,
    }
  return { version: line.initialVersion, reason: forced ? 'forced-bump' : 'initial', bump, drivers }
}

/** The version after `current` for a bump, under the line's versioning. */
export function nextVersion(line: Pick<ReleaseLine, 'releasePlease'>, current: string, bump: Bump): string {
  const rp = line.releasePlease
  return rp
    ? releasePleaseNext(current, bump, rp.versioning, rp.prereleaseType)
    : incrementVersion(current, bump)
}

function refuse(code: RefusalCode, message: string): VersionRefusal {
  return { code, message }
}

function highestReleaseAs(
  counted: readonly Counted[],
  stable: string | null,
): { version: string; commit: Counted } | null {
  let best: { version: string; commit: Counted } | null = null
  for (const c of counted) {
    const v = c.msg.releaseAs ? normaliseVersion(c.msg.releaseAs) : null
    if (!v || (stable && compareVersions(v, stable) <= 0)) continue
    if (!best || compareVersions(v, best.version) > 0) best = { version: v, commit: c }
  }
  return best
}
