/**
 * A final release's CHANGELOG section takes in its pre-releases' sections:
 * every entry of the rc/alpha/beta sections of that
 * version, plus the entries that are new, deduplicated by pull request (the
 * latest wording wins); the pre-release sections are then removed. Pure.
 */
import type { ParsedEntry } from './changelog-document.ts'
import { headingKey } from './markdown.ts'

export type ChangelogItem = {
  /** What identifies the change across sections: `pr:123`, `sha:abc1234`, or its text. */
  key: string
  /** The list item as markdown (bullet included, continuation lines indented). */
  text: string
}

export type ChangelogGroup = { title: string; description: string; items: ChangelogItem[] }

export type ChangelogCategory = {
  key: string
  title: string
  items: ChangelogItem[]
  /** Subsections (`#### Fair Share Scheduler`) when a grouping was applied; `items` are then the rest. */
  groups?: ChangelogGroup[] | undefined
}

export type PrereleaseSection = { version: string; entries: ParsedEntry[]; prose: string[] }

export type Duplicate = { key: string; kept: string; dropped: string[] }

export type Consolidation = {
  categories: ChangelogCategory[]
  duplicates: Duplicate[]
  /** Lines of the removed sections that were not entries (prose), so a person can carry them over. */
  dropped: string[]
}

const PR_REF = /\[#(\d+)\]|\(#(\d+)\)|\/pull\/(\d+)\b|\bPR #(\d+)/
const SHA_REF = /\[([0-9a-f]{7,40})\]\(|\(([0-9a-f]{7,40})\)|\/commit\/([0-9a-f]{7,40})\b/

/** The identity of a list item: its pull request, else its commit, else its words. */
export function itemKey(text: string): string {
  const pr = PR_REF.exec(text)
  if (pr) return `pr:${pr[1] ?? pr[2] ?? pr[3] ?? pr[4]}`
  const sha = SHA_REF.exec(text)
  if (sha) return `sha:${(sha[1] ?? sha[2] ?? sha[3])!.slice(0, 7)}`
  return `text:${headingKey(text.replace(/^[*+-]\s+/, ''))}`
}

/**
 * Merge the fresh categories with the pre-releases' entries. `pre` is newest
 * first. Precedence, highest first: the newest pre-release, …, the oldest,
 * then the fresh entries, because a pre-release's wording is what was
 * published (and maybe edited by hand) after the commit was written. Order in
 * each category: the entries no pre-release had, then the pre-releases'
 * entries, newest pre-release first.
 */
export function consolidate(
  fresh: readonly ChangelogCategory[],
  pre: readonly PrereleaseSection[],
  options: { bullet: '-' | '*'; order: readonly string[]; fallbackTitle: string },
): Consolidation {
  type Seen = { category: string; title: string; text: string; rank: number; others: string[] }
  const byKey = new Map<string, Seen>()
  const orderOfKeys: string[] = []
  const offer = (key: string, category: string, title: string, text: string, rank: number) => {
    const seen = byKey.get(key)
    if (!seen) {
      byKey.set(key, { category, title, text, rank, others: [] })
      orderOfKeys.push(key)
      return
    }
    if (rank < seen.rank) {
      seen.others.push(seen.text)
      Object.assign(seen, { category, title, text, rank })
    } else seen.others.push(text)
  }
  // Fresh entries first in the order, lowest in precedence.
  for (const c of fresh) for (const item of c.items) offer(item.key, c.key, c.title, item.text, pre.length)
  pre.forEach((section, rank) => {
    const categoryOf = new Map<string, string>()
    for (const e of section.entries) {
      const title = e.category ?? options.fallbackTitle
      let key = itemKey(e.text)
      // One section naming an issue under two headings (a feature fragment and a fix fragment of #12) holds two changes.
      const first = categoryOf.get(key)
      if (first !== undefined && first !== headingKey(title)) key = `${key}@${headingKey(title)}`
      else categoryOf.set(key, headingKey(title))
      offer(key, headingKey(title), title, rebullet(e.text, options.bullet), rank)
    }
  })
  // Fresh-only entries lead; entries the pre-releases had follow, newest pre-release first.
  const order = (key: string) => {
    const r = byKey.get(key)!.rank
    return r === pre.length ? -1 : r
  }
  const keys = [...orderOfKeys].sort((a, b) => order(a) - order(b))
  const categories = new Map<string, ChangelogCategory>()
  for (const key of keys) {
    const seen = byKey.get(key)!
    const category = categories.get(seen.category) ?? { key: seen.category, title: seen.title, items: [] }
    category.items.push({ key, text: seen.text })
    categories.set(seen.category, category)
  }
  const rank = (key: string) => {
    const i = options.order.indexOf(key)
    return i < 0 ? options.order.length : i
  }
  const sorted = [...categories.values()].sort((a, b) => rank(a.key) - rank(b.key))
  const duplicates = keys
    .map((key) => ({ key, seen: byKey.get(key)! }))
    .filter(({ seen }) => seen.others.some((o) => normalise(o) !== normalise(seen.text)))
    .map(({ key, seen }) => ({ key, kept: seen.text, dropped: seen.others }))
  return { categories: sorted, duplicates, dropped: pre.flatMap((s) => s.prose) }
}

function rebullet(text: string, bullet: '-' | '*'): string {
  return text.replace(/^[*+-](?=[ \t])/, bullet)
}

function normalise(text: string): string {
  return text
    .replace(/^[*+-]\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()
}
