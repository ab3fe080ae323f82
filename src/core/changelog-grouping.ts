/**
 * Subsections for a final release's entries, grouped by initiative (the
 * Backend.AI seed: Feature Initiative / System / Domain Entity / Technical
 * Pattern / Infrastructure). A drafter (the LLM) only proposes; this file
 * checks the proposal against the entries it was given and applies it, or
 * says why not, so the caller can fall back to the flat, deterministic
 * section. A person reviews the result in the preview. Pure.
 */
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

export type GroupingProposal = { categories: { title: string; groups: ProposedGroup[] }[] }

export function groupingRequest(version: string, categories: readonly ChangelogCategory[]): GroupingRequest {
  return {
    version,
    categories: categories.map((c) => ({
      title: c.title,
      entries: c.items.map((i) => ({ key: i.key, text: i.text })),
    })),
  }
}

/**
 * The categories with the proposal's groups; entries no group takes stay in
 * the category (printed under `Other {Category}`). Every problem is listed:
 * an unknown category or entry, an entry in two groups, a group of one that
 * is not marked standalone, an empty title.
 */
export function applyGrouping(
  categories: readonly ChangelogCategory[],
  proposal: GroupingProposal,
): Result<ChangelogCategory[], string[]> {
  const problems: string[] = []
  const byTitle = new Map(categories.map((c) => [c.title, c]))
  for (const pc of proposal.categories) {
    if (!byTitle.has(pc.title)) problems.push(`unknown category "${pc.title}"`)
  }
  const out = categories.map((c) => {
    const proposed = proposal.categories.find((p) => p.title === c.title)
    if (!proposed || proposed.groups.length === 0) return { ...c }
    const items = new Map(c.items.map((i) => [i.key, i]))
    const taken = new Set<string>()
    const groups = proposed.groups.map((g, n) => {
      const where = `${c.title} group ${n + 1}${g.title.trim() ? ` "${g.title.trim()}"` : ''}`
      if (!g.title.trim()) problems.push(`${where}: empty title`)
      if (g.keys.length === 0 || (g.keys.length === 1 && !g.standalone))
        problems.push(`${where}: a group needs 2 or more entries, or standalone: true`)
      for (const key of g.keys) {
        if (!items.has(key)) problems.push(`${where}: unknown entry ${key}`)
        else if (taken.has(key)) problems.push(`${where}: entry ${key} is already in another group`)
        taken.add(key)
      }
      return {
        title: g.title.trim(),
        description: g.description.trim(),
        items: g.keys.filter((k) => items.has(k)).map((k) => items.get(k)!),
      }
    })
    return { ...c, groups, items: c.items.filter((i) => !taken.has(i.key)) }
  })
  return problems.length ? err(problems) : ok(out)
}
