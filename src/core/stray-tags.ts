/**
 * Tags that look like releases but belong to no line: a sign that a line's
 * tag prefix is wrong (a release-please component named differently, a
 * renamed package). Pure.
 */
import { matchesAnyGlob } from './glob.ts'
import type { ReleaseLine } from './release-line.ts'
import { lineVersionOfTag, type SchemedLine } from './version-scheme/index.ts'
import type { TagRef } from './versions.ts'

/** Fewer stray tags than this are legacy noise, not worth a word. */
export const STRAY_TAGS_WORTH_SAYING = 3

const LOOKS_LIKE_RELEASE = /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/

type Lines = readonly (Pick<ReleaseLine, 'tagPrefix' | 'ignoreTags'> & SchemedLine)[]

/** The tags ending in a version that no line takes as its own or lists in `ignoreTags`, newest first. */
export function strayTags(lines: Lines, tags: readonly Pick<TagRef, 'name' | 'time'>[]): string[] {
  return tags
    .filter(
      ({ name }) =>
        LOOKS_LIKE_RELEASE.test(name) &&
        !lines.some((l) => lineVersionOfTag(l, name) !== null || matchesAnyGlob(name, l.ignoreTags)),
    )
    .sort((a, b) => (b.time ?? 0) - (a.time ?? 0) || b.name.localeCompare(a.name))
    .map((t) => t.name)
}

/** One sentence about the stray tags, naming a few; null when there are too few to matter. */
export function strayTagsNote(lines: Lines, tags: readonly Pick<TagRef, 'name' | 'time'>[]): string | null {
  const stray = strayTags(lines, tags)
  if (stray.length < STRAY_TAGS_WORTH_SAYING) return null
  const few = stray.slice(0, 3).join(', ')
  const prefixes = [...new Set(lines.map((l) => l.tagPrefix))].join(', ')
  return `${stray.length} tags look like releases but match no line (e.g. ${few}; the lines' tag prefixes are ${prefixes}): correct a line's tagPrefix (for lines read from release-please-config.json, a package's component), or list legacy tags in a line's ignoreTags`
}
