/**
 * Subsections for a final release's entries, grouped by initiative (feature
 * initiative, system, domain entity, technical pattern, infrastructure). A drafter (the LLM) only proposes; this file
 * checks the proposal against the entries it was given and applies it, or
 * says why not, so the caller can fall back to the flat, deterministic
 * section. A person reviews the result in the preview. Pure.
 */
import { z } from 'zod'
import type { ChangelogCategory } from './changelog-consolidate.ts'
import { err, ok, type Result } from './result.ts'

/** What the drafter is asked to group: each category's entries, by key. */
export type GroupingRequest = {
  version: string
  categories: { title: string; entries: { key: string; text: string }[] }[]
}

export type ProposedGroup = {
  title: string
  /** One or two sentences, past tense: what the group achieved. */
  description: string
  keys: string[]
  /** A significant feature that stands alone may form a one-entry group. */
  standalone?: boolean | undefined
}

export type GroupingProposal = {
  categories: {
    title: string
    groups: ProposedGroup[]
    /** The keys no group takes (printed under `Other {Category}`); checked with `everyEntry`. */
    other?: string[] | undefined
  }[]
}

// Every field is required (nullable where optional): OpenAI's strict
// structured outputs accept no optional properties. Lengths and wording are
// checked by `applyGrouping`, which can say what is wrong.
export const groupingProposalSchema = z.object({
  categories: z
    .array(
      z.object({
        title: z.string().describe('The category title, exactly as given'),
        groups: z
          .array(
            z.object({
              title: z.string().describe('The initiative, system, entity, pattern or area: a few words'),
              description: z.string().describe('One or two sentences, past tense: what the group achieved'),
              keys: z.array(z.string()).describe('The keys of the entries in this group'),
              standalone: z.boolean().describe('true only for a significant feature alone in its group'),
            }),
          )
          .describe('The subsections of this category'),
        other: z.array(z.string()).describe('The keys of the entries that fit no group'),
      }),
    )
    .describe('Every category given, once'),
})

/** The longest subsection title and description accepted (characters). */
export const MAX_GROUP_TITLE = 80
export const MAX_GROUP_DESCRIPTION = 300

export function groupingRequest(version: string, categories: readonly ChangelogCategory[]): GroupingRequest {
  return {
    version,
    categories: categories.map((c) => ({
      title: c.title,
      entries: c.items.map((i) => ({ key: i.key, text: i.text })),
    })),
  }
}

export type GroupingChecks = {
  /**
   * The proposal must account for every entry, in a group or in `other`, and
   * name every category: an entry it leaves out is a problem, not an "Other".
   * The LLM grouper's answers are checked this way, so a dropped entry shows.
   */
  everyEntry?: boolean | undefined
}

/**
 * The categories with the proposal's groups; entries no group takes stay in
 * the category (printed under `Other {Category}`). Every problem is listed:
 * an unknown or repeated category or entry, an entry in two groups, a group
 * of one that is not marked standalone, a title or description that is
 * empty, too long, or carries links, mentions, markup or hidden characters.
 */
export function applyGrouping(
  categories: readonly ChangelogCategory[],
  proposal: GroupingProposal,
  checks: GroupingChecks = {},
): Result<ChangelogCategory[], string[]> {
  const problems: string[] = []
  const byTitle = new Map(categories.map((c) => [c.title, c]))
  const seen = new Set<string>()
  for (const pc of proposal.categories) {
    if (!byTitle.has(pc.title)) problems.push(`unknown category "${shown(pc.title)}"`)
    else if (seen.has(pc.title)) problems.push(`category "${shown(pc.title)}" is proposed twice`)
    seen.add(pc.title)
  }
  const out = categories.map((c) => {
    const proposed = proposal.categories.find((p) => p.title === c.title)
    if (checks.everyEntry && !proposed && c.items.length)
      problems.push(`${c.title}: missing (${c.items.length} entries): name every category`)
    if (!proposed) return { ...c }
    const items = new Map(c.items.map((i) => [i.key, i]))
    const taken = new Set<string>()
    const titles = new Set<string>()
    const groups = proposed.groups.map((g, n) => {
      const title = g.title.trim()
      const where = `${c.title} group ${n + 1}${title ? ` "${shown(title)}"` : ''}`
      if (!title) problems.push(`${where}: empty title`)
      else {
        const bad = textProblem(title, MAX_GROUP_TITLE)
        if (bad) problems.push(`${where}: the title ${bad}`)
        if (/^other\b/i.test(title))
          problems.push(`${where}: "Other …" is reserved for the entries no group takes`)
        if (titles.has(title.toLowerCase())) problems.push(`${where}: the title is used twice`)
        titles.add(title.toLowerCase())
      }
      const description = g.description.trim()
      if (!description) problems.push(`${where}: needs a description of one or two sentences`)
      else {
        const bad = textProblem(description, MAX_GROUP_DESCRIPTION)
        if (bad) problems.push(`${where}: the description ${bad}`)
        else if (sentences(description) > 2)
          problems.push(`${where}: the description has more than two sentences`)
      }
      if (g.keys.length === 0 || (g.keys.length === 1 && !g.standalone))
        problems.push(`${where}: a group needs 2 or more entries, or standalone: true`)
      for (const key of g.keys) {
        if (!items.has(key)) problems.push(`${where}: unknown entry ${shown(key)}`)
        else if (taken.has(key)) problems.push(`${where}: entry ${key} is already in another group`)
        taken.add(key)
      }
      return {
        title: g.title.trim(),
        description: g.description.trim(),
        items: g.keys.filter((k) => items.has(k)).map((k) => items.get(k)!),
      }
    })
    for (const key of proposed.other ?? []) {
      if (!items.has(key)) problems.push(`${c.title} other: unknown entry ${shown(key)}`)
      else if (taken.has(key)) problems.push(`${c.title} other: entry ${key} is already in a group`)
      taken.add(key)
    }
    if (checks.everyEntry)
      for (const i of c.items)
        if (!taken.has(i.key))
          problems.push(`${c.title}: entry ${i.key} is missing: put it in a group or in other`)
    if (groups.length === 0) return { ...c }
    return { ...c, groups, items: c.items.filter((i) => !groups.some((g) => g.items.includes(i))) }
  })
  return problems.length ? err(problems) : ok(out)
}

// What a subsection title or description may hold: words, numbers and plain
// punctuation. No markdown (`#`, `*`, `` ` ``, `[`, `|`), no HTML, no `@`.
const PLAIN = /^[\p{L}\p{M}\p{N} .,:;'’"“”()&/+\-–—%!?]*$/u
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u
const LINK = /:\/\/|\bwww\.|\b[\w-]+\.(?:com|net|org|io|dev|ai|app|co|me|ly|gg|xyz|example)\b/i

/** Why a model-written title or description cannot be printed, or null. */
function textProblem(text: string, max: number): string | null {
  if (HIDDEN.test(text)) return 'has control, invisible or line-break characters'
  if (LINK.test(text)) return 'has a link'
  if (text.includes('@')) return 'has a mention'
  const markup = [...text].find((ch) => !PLAIN.test(ch))
  if (markup) return `has markup ("${markup}"): use plain words`
  if ([...text].length > max) return `is longer than ${max} characters`
  return null
}

function sentences(text: string): number {
  return text.split(/[.!?]+(?:\s+|$)/).filter((s) => s.trim()).length
}

/** Model text quoted in a problem: one line, no hidden characters, clipped. */
function shown(text: string): string {
  const line = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').trim()
  return [...line].length > 60 ? `${[...line].slice(0, 59).join('')}…` : line
}
