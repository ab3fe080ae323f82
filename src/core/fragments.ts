/**
 * towncrier news fragments: `changes/<issue>.<type>.md` files, each one entry
 * of the notes. Their names are parsed as towncrier parses them
 * (`123.feature.md`, `123.feature.2.md`, the orphan `+tidy.misc.md`), their
 * entries grouped by type under towncrier's section titles. Pure: the files
 * come in already read. Hand-written: towncrier itself is Python, and no npm
 * package reads its fragments.
 */
import { escapeInline, sanitizeBlock } from './markdown.ts'
import type { Bump } from './release-line.ts'
import type { NoteEntry, NotesModel } from './release-notes.ts'

export type Fragment = {
  /** The file name, e.g. `123.feature.md`. */
  name: string
  /** The issue part: `123`, `gh-7`; null for an orphan (`+tidy.misc.md`). */
  issue: string | null
  type: string
  /** The file's markdown: the first line is the entry, the rest continues it. */
  text: string
}

/** A fragment name parsed: what it says, or why it is not one. */
export type FragmentName =
  | { ok: true; issue: string | null; type: string; counter: number }
  | { ok: false; problem: string }

/** towncrier's section titles for its default types, and for the usual other names. */
const TITLES: Record<string, string> = {
  feature: 'Features',
  features: 'Features',
  feat: 'Features',
  bugfix: 'Bugfixes',
  fix: 'Bugfixes',
  bugfixes: 'Bugfixes',
  doc: 'Improved Documentation',
  docs: 'Improved Documentation',
  removal: 'Deprecations and Removals',
  deprecation: 'Deprecations and Removals',
  breaking: 'Breaking Changes',
  misc: 'Misc',
  security: 'Security',
  perf: 'Performance Improvements',
}

/** The section title of a fragment type: towncrier's, else the type capitalised. */
export function fragmentTitle(type: string): string {
  return TITLES[type] ?? `${type.charAt(0).toUpperCase()}${type.slice(1).replace(/[-_]/g, ' ')}`
}

/** Files in a fragment folder that are not fragments (towncrier leaves them alone too). */
export function isIgnoredFile(name: string): boolean {
  return name.startsWith('.') || /^(readme|template)(\.|$)/i.test(name)
}

/**
 * `<issue>.<type>[.<counter>][.<ext>]`, the type being the last part that is
 * a configured type (an issue may hold dots, as towncrier allows).
 */
export function parseFragmentName(name: string, types: readonly string[]): FragmentName {
  const parts = name.split('.')
  for (let i = parts.length - 1; i >= 1; i--) {
    if (!types.includes(parts[i]!)) continue
    const issue = parts.slice(0, i).join('.')
    const rest = parts.slice(i + 1)
    const counter = rest.length > 0 && /^\d+$/.test(rest[0]!) ? Number(rest.shift()) : 0
    if (rest.length > 1 || issue === '' || issue === '+') break
    return { ok: true, issue: issue.startsWith('+') ? null : issue, type: parts[i]!, counter }
  }
  return {
    ok: false,
    problem: `not a fragment name: expected <issue>.<type>.md with a type among ${types.join(', ')} (or +<name>.<type>.md without an issue)`,
  }
}

/** The bump fragments call for when no commit decides: breaking → major, feature → minor, else patch. */
export function fragmentBump(fragments: readonly Pick<Fragment, 'type'>[]): Bump | null {
  if (fragments.length === 0) return null
  if (fragments.some((f) => f.type === 'breaking')) return 'major'
  if (fragments.some((f) => f.type === 'feature' || f.type === 'features' || f.type === 'feat'))
    return 'minor'
  return 'patch'
}

/** Numeric issues in order, then named ones, then orphans; the file name breaks ties. */
function compareFragments(a: Fragment, b: Fragment): number {
  const rank = (f: Fragment) => (f.issue === null ? 2 : /^\d+$/.test(f.issue) ? 0 : 1)
  return (
    rank(a) - rank(b) ||
    (rank(a) === 0 ? Number(a.issue) - Number(b.issue) : 0) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  )
}

/**
 * The notes model of a release's fragments: one section per title, in the
 * order of `types`, entries in issue order. An entry carries its fragment;
 * `renderEntry` prints it (`fragmentItem`).
 */
export function fragmentNotes(fragments: readonly Fragment[], types: readonly string[]): NotesModel {
  const byTitle = new Map<string, NoteEntry[]>()
  for (const type of types) byTitle.set(fragmentTitle(type), [])
  for (const f of [...fragments].sort(compareFragments)) {
    byTitle.get(fragmentTitle(f.type))?.push(fragmentEntry(f))
  }
  const sections = [...byTitle]
    .filter(([, entries]) => entries.length > 0)
    .map(([title, entries]) => ({
      id: `fragment-${title.toLowerCase().replace(/\W+/g, '-')}`,
      title,
      entries,
    }))
  return { sections, excluded: [] }
}

function fragmentEntry(f: Fragment): NoteEntry {
  const numeric = f.issue !== null && /^\d+$/.test(f.issue)
  return {
    sha: '',
    pr: numeric ? Number(f.issue) : null,
    scope: null,
    subject: f.text.split('\n')[0] ?? '',
    type: f.type,
    breaking: f.type === 'breaking',
    migration: null,
    author: '',
    authorLogin: null,
    firstContribution: false,
    external: false,
    fragment: { name: f.name, issue: f.issue, text: f.text },
  }
}

/**
 * A fragment as a list item: its first line, then its issue link, then the
 * further lines indented under it. The markdown is the author's (formatting
 * and links kept, raw HTML escaped).
 */
export function fragmentItem(
  fragment: NonNullable<NoteEntry['fragment']>,
  prLink: ((n: number) => string) | undefined,
  bullet: '-' | '*' = '-',
): string {
  const [first = '', ...rest] = sanitizeBlock(fragment.text).split('\n')
  const { issue } = fragment
  let ref = ''
  if (issue !== null && /^\d+$/.test(issue))
    ref = prLink ? `[#${issue}](${prLink(Number(issue))})` : `#${issue}`
  else if (issue !== null) ref = escapeInline(issue)
  const head = [first.trim(), ref && `(${ref})`].filter(Boolean).join(' ')
  const more = rest.map((l) => (l.trim() ? `  ${l}` : '')).join('\n')
  return `${bullet} ${head}${more.trim() ? `\n${more}` : ''}`
}
