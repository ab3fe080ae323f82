/**
 * The version a release takes, before any prerelease suffix: an explicit
 * one, the highest `Release-As` footer, or the last stable release bumped.
 */
import { type Counted, type highestBump, releasableTypes } from './bump-tally.ts'
import type { PlanRequest, RefusalCode, ReleasePlan } from './plan-release.ts'
import type { Bump, BumpOrNone, ReleaseLine } from './release-line.ts'
import { alwaysBump, releasePleaseNext } from './release-please-versioning.ts'
import { rangeRefusal } from './version-range-check.ts'
import { defaultInitialVersion, schemeOf } from './version-scheme/index.ts'
import type { CalendarDay } from './version-scheme/types.ts'
import type { LineTag } from './versions.ts'

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

/** The version of the next release, or why there is none; a line's range refuses what leaves it. */
export function chooseVersion(input: ChooseVersionInput): VersionChoice | VersionRefusal {
  const choice = chooseAnyVersion(input)
  return 'code' in choice ? choice : (rangeRefusal(input.line, choice, input.counted) ?? choice)
}

function chooseAnyVersion(input: ChooseVersionInput): VersionChoice | VersionRefusal {
  const { line, stable, request, counted, tally } = input
  const scheme = schemeOf(line)
  const stableVersion = stable?.version ?? null
  if (request.version !== undefined) {
    const explicit = scheme.normalise(request.version)
    if (!explicit) return refuse('invalid-version', notAVersion(line, request.version))
    if (stable && scheme.compare(explicit, stable.version) <= 0)
      return refuse(
        'version-not-greater',
        `${explicit} is not greater than the last release ${stable.tag}: pick a higher version`,
      )
    return { version: explicit, reason: 'explicit-version', bump: tally.bump, drivers: tally.drivers }
  }
  // release-please's always-bump strategies ignore what the commits ask, Release-As included.
  const always = line.releasePlease ? alwaysBump(line.releasePlease.versioning) : null
  const releaseAs = always ? null : highestReleaseAs(line, counted, stableVersion)
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
      version: nextVersion(line, current, bump, request.today),
      reason: forced ? 'forced-bump' : 'commits',
      bump,
      drivers,
    }
  const initial = line.initialVersion ?? defaultInitialVersion(line, request.today)
  return { version: initial, reason: forced ? 'forced-bump' : 'initial', bump, drivers }
}

/** The version after `current` for a bump, under the line's versioning (a calendar scheme reads `today`). */
export function nextVersion(
  line: Pick<ReleaseLine, 'releasePlease' | 'tagPrefix' | 'scheme' | 'calver'>,
  current: string,
  bump: Bump,
  today?: CalendarDay,
): string {
  const rp = line.releasePlease
  return rp
    ? releasePleaseNext(current, bump, rp.versioning, rp.prereleaseType)
    : schemeOf(line).increment(current, bump, today)
}

/** Why `input` is no version of the line's scheme; a SemVer line given a PEP 440 one says which scheme takes it. */
function notAVersion(line: ReleaseLine, input: string): string {
  const scheme = schemeOf(line)
  if (scheme.name === 'semver') {
    const pep440 = schemeOf({ tagPrefix: '', scheme: 'pep440' }).normalise(input)
    const hint = pep440 ? `; ${pep440} is a PEP 440 version: set the line's \`scheme: pep440\`` : ''
    return `not a semantic version: "${input}" (expected like 1.2.3)${hint}`
  }
  const format = line.calver ? ` ${line.calver}` : ''
  return `not a ${scheme.name}${format} version: "${input}" (expected like ${scheme.example})`
}

function refuse(code: RefusalCode, message: string): VersionRefusal {
  return { code, message }
}

function highestReleaseAs(
  line: ReleaseLine,
  counted: readonly Counted[],
  stable: string | null,
): { version: string; commit: Counted } | null {
  const { normalise, compare } = schemeOf(line)
  let best: { version: string; commit: Counted } | null = null
  for (const c of counted) {
    const v = c.releaseAs ? normalise(c.releaseAs) : null
    if (!v || (stable && compare(v, stable) <= 0)) continue
    if (!best || compare(v, best.version) > 0) best = { version: v, commit: c }
  }
  return best
}
