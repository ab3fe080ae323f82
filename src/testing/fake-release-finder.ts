/** A release finder that knows exactly one release. */
import type { AnnouncementFacts } from '../core/voice/facts.ts'
import type { ReleaseFinder } from '../flows/find-release.ts'
import { FACTS } from './signoff-fixtures.ts'

export function finderOf(facts: AnnouncementFacts = FACTS): ReleaseFinder {
  return {
    async find(tag) {
      if (tag !== undefined && tag !== facts.tag)
        return { ok: false, code: 'unknown_tag', message: `There is no tag "${tag}".` }
      return {
        ok: true,
        tag: facts.tag,
        facts,
        commits: [],
        line: { name: facts.line } as never,
      }
    },
  }
}
