/**
 * Several releases in one announcement (`/announce-release
 * tag:v0.12.4,v2026.1.4`, or **Announce both** on a cut of several lines):
 * each tag found as its own release, then one set of facts naming every
 * version (the first tag's line speaks: its product, channel and upgrade
 * command) and the commits of all of them, so every bullet is still checked
 * against a change that shipped.
 */
import type { PlannedCommit } from '../../core/plan-release.ts'
import type { Bump } from '../../core/release-line.ts'
import { bumpRank } from '../../core/versions.ts'
import type { AnnouncementFacts } from '../../core/voice/facts.ts'
import { isTagArg } from '../actions.ts'
import type { FindFailure, FoundRelease, ReleaseFinder } from '../find-release.ts'

/** At most this many releases in one announcement: one message stays readable. */
const MAX_TOGETHER = 5

/** The tags a `tag:` argument names (`v0.12.4,v2026.1.4`), or why it names none. */
function tagsOf(arg: string): string[] | { error: string } {
  const tags = arg.split(',').map((t) => t.trim())
  if (tags.some((t) => !isTagArg(t)))
    return {
      error:
        'That is not a tag name: use the tag as it appears in git, like cli-v1.2.0, or several separated by commas (v0.12.4,v2026.1.4).',
    }
  if (tags.length > MAX_TOGETHER)
    return {
      error: `At most ${MAX_TOGETHER} releases can be announced together: announce the others on their own.`,
    }
  const twice = tags.find((t, i) => tags.indexOf(t) !== i)
  if (twice) return { error: `${twice} is named twice: name each release once.` }
  return tags
}

/** The release `arg` names: one tag as the finder finds it, several combined into one. */
export async function findAnnounced(
  finder: ReleaseFinder,
  arg: string | undefined,
): Promise<FoundRelease | FindFailure> {
  if (arg === undefined) return finder.find(undefined)
  const tags = tagsOf(arg)
  if ('error' in tags) return { ok: false, code: 'bad_tag', message: tags.error }
  if (tags.length === 1) return finder.find(tags[0])
  const found: FoundRelease[] = []
  for (const tag of tags) {
    const one = await finder.find(tag)
    if (!one.ok) return { ...one, message: `${tag}: ${one.message}` }
    const same = found.find((f) => f.line.name === one.line.name)
    if (same)
      return {
        ok: false,
        code: 'same_line',
        message: `${same.tag} and ${tag} are both releases of line ${one.line.name}: announce one release of each line together.`,
      }
    found.push(one)
  }
  const [first, ...others] = found as [FoundRelease, ...FoundRelease[]]
  return {
    ok: true,
    line: first.line,
    tag: tags.join(','),
    facts: together(
      first.facts,
      others.map((o) => o.facts),
    ),
    commits: unionOf(found.map((f) => f.commits)),
  }
}

/** The first release's facts, naming the others too: the highest bump, fix-only when all are. */
function together(first: AnnouncementFacts, others: AnnouncementFacts[]): AnnouncementFacts {
  const all = [first, ...others]
  return {
    ...first,
    bump: all.reduce<Bump>((top, f) => (bumpRank(f.bump) > bumpRank(top) ? f.bump : top), 'patch'),
    fixOnly: all.every((f) => f.fixOnly),
    also: others.map((o) => ({
      line: o.line,
      tag: o.tag,
      version: o.version,
      previousVersion: o.previousVersion,
      releaseUrl: o.releaseUrl,
    })),
  }
}

/** Every release's commits, each commit once (a backport is its own commit of the same pull request). */
function unionOf(lists: PlannedCommit[][]): PlannedCommit[] {
  const seen = new Set<string>()
  return lists.flat().filter((c) => !seen.has(c.sha) && Boolean(seen.add(c.sha)))
}
