/**
 * Which release `/announce-release [tag]` is about: the given tag, or the
 * newest release of any line (legacy `ignoreTags` skipped); its line from the
 * tag prefix; its commits since the previous release of the line; its facts.
 */

import { matchesAnyGlob } from '../core/glob.ts'
import type { PlannedCommit } from '../core/plan-release.ts'
import type { ReleaseLine } from '../core/release-line.ts'
import { lineVersionOfTag, schemeOf } from '../core/version-scheme/index.ts'
import { type AnnouncementFacts, factsFromPlan } from '../core/voice/facts.ts'
import type { Forge } from '../ports/forge.ts'
import { planLine } from './plan-line.ts'

export type FoundRelease = {
  ok: true
  line: ReleaseLine
  tag: string
  facts: AnnouncementFacts
  commits: PlannedCommit[]
}
export type FindFailure = { ok: false; code: string; message: string }

/** How the announce flow finds a release; injected so tests and the GitHub forge can supply their own. */
export interface ReleaseFinder {
  find(tag: string | undefined): Promise<FoundRelease | FindFailure>
}

/** The line a tag belongs to: the longest prefix that yields a version and is not an ignored tag. */
export function lineOfTag(lines: readonly ReleaseLine[], tag: string): ReleaseLine | null {
  const candidates = lines
    .filter((l) => lineVersionOfTag(l, tag) !== null && !matchesAnyGlob(tag, l.ignoreTags))
    .sort((a, b) => b.tagPrefix.length - a.tagPrefix.length)
  return candidates[0] ?? null
}

export class ForgeReleaseFinder implements ReleaseFinder {
  readonly #forge: Forge
  readonly #lines: readonly ReleaseLine[]
  readonly #repoWebUrl: string | null

  constructor(forge: Forge, lines: readonly ReleaseLine[], repoWebUrl: string | null) {
    this.#forge = forge
    this.#lines = lines
    this.#repoWebUrl = repoWebUrl
  }

  async find(tag: string | undefined): Promise<FoundRelease | FindFailure> {
    const tags = await this.#forge.tags()
    let chosen = tag
    if (chosen === undefined) {
      // Newest commit first; on the same commit (or the same second), the higher version.
      const releases = tags
        .flatMap((t) => {
          const line = lineOfTag(this.#lines, t.name)
          return line
            ? [{ name: t.name, time: t.time ?? 0, line, version: lineVersionOfTag(line, t.name)! }]
            : []
        })
        .sort(
          (a, b) =>
            b.time - a.time || (a.line === b.line ? schemeOf(a.line).compare(b.version, a.version) : 0),
        )
      chosen = releases[0]?.name
      if (!chosen)
        return fail('no_release', 'No release to announce yet: cut one with /release, or name a tag.')
    } else if (!tags.some((t) => t.name === chosen)) {
      return fail('unknown_tag', `There is no tag "${chosen}": check the name, or cut it with /release.`)
    }
    const line = lineOfTag(this.#lines, chosen)
    if (!line) {
      const prefixes = this.#lines.map((l) => `${l.tagPrefix}X.Y.Z`).join(', ')
      return fail(
        'no_line',
        `"${chosen}" is not a release of any line (tags look like ${prefixes}, legacy tags are skipped).`,
      )
    }
    const version = lineVersionOfTag(line, chosen)!
    const planned = await planLine(this.#forge, this.#lines, {
      line: line.name,
      at: chosen,
      bump: 'auto',
      version,
    })
    if (!planned.ok) return fail(planned.code, planned.message)
    // Without a web page (no GitHub remote, no `repo`) the announcement links nothing.
    const web = this.#repoWebUrl ?? (await this.#forge.webUrl())
    const previous = planned.plan.from?.version ?? null
    const facts = factsFromPlan({
      line,
      tag: chosen,
      version,
      previousVersion: previous,
      bump: schemeOf(line).bumpBetween(previous, version),
      commits: planned.plan.commits,
      repoWebUrl: web,
    })
    if (!facts.ok) return fail('no_announce_config', facts.message)
    return { ok: true, line, tag: chosen, facts: facts.facts, commits: planned.plan.commits }
  }
}

function fail(code: string, message: string): FindFailure {
  return { ok: false, code, message }
}
