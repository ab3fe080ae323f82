/**
 * Which release a plan counts from: the line's tags, those reachable from the
 * target, and the last stable one among them.
 */
import { matchesAnyGlob } from './glob.ts'
import type { RawCommit } from './plan-release.ts'
import { isBaseRelease, type ReleaseLine } from './release-line.ts'
import { compareSeriesVersions } from './release-please-versioning.ts'
import { lineVersionOfTag, schemeOf } from './version-scheme/index.ts'
import type { LineTag, TagRef } from './versions.ts'

export type BaseSelection = {
  /** Every tag of the line, minus ignored and hidden ones, highest version first. */
  lineTags: LineTag[]
  /** The line's tags reachable from the target. */
  reachable: LineTag[]
  /**
   * The last stable release reachable from the target (for release-please's
   * `prerelease` strategy, the last release, stable or not).
   */
  stable: LineTag | null
}

export type SelectBaseInput = {
  line: ReleaseLine
  tags: readonly TagRef[]
  /** Names of the tags reachable from the target (`git tag --merged`). */
  merged: ReadonlySet<string>
  targetSha: string
}

/** The line's tags, and the last stable release reachable from the target. */
export function selectBase({ line, tags, merged, targetSha }: SelectBaseInput): BaseSelection {
  const scheme = schemeOf(line)
  const lineTags: LineTag[] = []
  for (const { name, sha, time } of tags) {
    // The line's own tags: its prefix, its scheme, its range (and no other line's).
    const version = lineVersionOfTag(line, name)
    if (!version || sha === targetSha || matchesAnyGlob(name, line.ignoreTags)) continue
    lineTags.push({ tag: name, version, sha, prerelease: scheme.isPrerelease(version), time })
  }
  // A release-please pre-release series counts `beta10` after `beta9`.
  const compare = line.releasePlease?.versioning === 'prerelease' ? compareSeriesVersions : scheme.compare
  lineTags.sort((a, b) => compare(b.version, a.version))
  const reachable = lineTags.filter((t) => merged.has(t.tag))
  return { lineTags, reachable, stable: reachable.find((t) => isBaseRelease(line, t.prerelease)) ?? null }
}

/**
 * The likely last stable release, before reachability is known: the highest
 * stable version among the line's tags whose commit is not newer than the
 * target. Reading the commits since it can then start at once, while the forge
 * confirms that it is an ancestor (a whole-history walk on a big repository,
 * so it runs alongside rather than before). Tags without a date are skipped.
 */
export function guessStableBase(
  line: ReleaseLine,
  tags: readonly TagRef[],
  target: { sha: string; time: number },
): LineTag | null {
  const { lineTags } = selectBase({ line, tags, merged: new Set(), targetSha: target.sha })
  return (
    lineTags.find(
      (t) => isBaseRelease(line, t.prerelease) && t.time !== undefined && t.time <= target.time,
    ) ?? null
  )
}

/** Shas of `start` and its ancestors among `commits`. */
export function ancestorsWithin(commits: readonly RawCommit[], start: string): Set<string> {
  const parents = new Map(commits.map((c) => [c.sha, c.parents]))
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length) {
    const sha = stack.pop()!
    if (seen.has(sha) || !parents.has(sha)) continue
    seen.add(sha)
    stack.push(...parents.get(sha)!)
  }
  return seen
}
