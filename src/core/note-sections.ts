/**
 * Which section of the release notes a change goes in, and which changes are
 * left out. Pull request labels decide when the forge knows them (the
 * default label table below, or GitHub's `.github/release.yml`); the commit's
 * Conventional type decides otherwise. Pure.
 */

export type NoteSection = {
  /** Stable id; `breaking` collects breaking changes, `other` everything no section takes. */
  id: string
  title: string
  /** Conventional commit types that land here. */
  types: string[]
  /** Pull request labels that land here (`*`: any label). */
  labels: string[]
}

export type NotesTemplate = 'default' | 'swarm'

export type NotesOptions = {
  template: NotesTemplate
  /** Sections in the order they are printed. */
  sections: NoteSection[]
  exclude: {
    /** A change with any of these labels is left out. */
    labels: string[]
    /** Conventional types left out. */
    types: string[]
    /** Authors (login or git name, case-insensitive, `*` wildcard) left out: bots. */
    authors: string[]
  }
  /** Print `**scope:**` before the subject. */
  scopes: boolean
}

/** Default sections, in order, each with the labels and commit types it takes. */
export const DEFAULT_SECTIONS: readonly NoteSection[] = [
  { id: 'breaking', title: '⚠️ Breaking Changes', types: [], labels: ['breaking-change', 'breaking'] },
  { id: 'features', title: '🚀 Features', types: ['feat', 'feature'], labels: ['feature', 'enhancement'] },
  { id: 'fixes', title: '🐛 Bug Fixes', types: ['fix'], labels: ['bug', 'fix'] },
  { id: 'performance', title: '⚡ Performance', types: ['perf'], labels: ['performance', 'perf'] },
  { id: 'docs', title: '📚 Documentation', types: ['docs'], labels: ['documentation', 'docs'] },
  {
    id: 'maintenance',
    title: '🧰 Maintenance',
    types: ['chore', 'refactor', 'test', 'tests', 'ci', 'build', 'style', 'deps'],
    labels: ['chore', 'refactor', 'test', 'ci'],
  },
  { id: 'other', title: 'Other Changes', types: [], labels: [] },
]

export const DEFAULT_EXCLUDE: NotesOptions['exclude'] = {
  labels: ['ignore-for-release', 'dependencies'],
  types: [],
  authors: ['dependabot[bot]', 'dependabot-preview[bot]', 'github-actions[bot]', 'renovate[bot]'],
}

export const DEFAULT_NOTES_OPTIONS: NotesOptions = {
  template: 'default',
  sections: [...DEFAULT_SECTIONS],
  exclude: DEFAULT_EXCLUDE,
  scopes: true,
}

/** What classification needs to know of a change. */
export type Classifiable = {
  type: string | null
  breaking: boolean
  /** PR labels; undefined when the forge does not know them (local git). */
  labels?: readonly string[] | undefined
  author: string
  authorLogin?: string | undefined
}

/** The config's `notes` (partial) over the defaults; sections always end with an `other` catch-all. */
export function resolveNotesOptions(partial?: Partial<NotesOptions> | undefined): NotesOptions {
  const sections = partial?.sections?.length ? partial.sections : DEFAULT_NOTES_OPTIONS.sections
  return {
    template: partial?.template ?? DEFAULT_NOTES_OPTIONS.template,
    sections: sections.some((s) => s.id === 'other')
      ? sections
      : [...sections, { id: 'other', title: 'Other Changes', types: [], labels: [] }],
    exclude: { ...DEFAULT_EXCLUDE, ...partial?.exclude },
    scopes: partial?.scopes ?? DEFAULT_NOTES_OPTIONS.scopes,
  }
}

/** Why a change is left out of the notes, or null when it is in. */
export function exclusionOf(change: Classifiable, options: NotesOptions): string | null {
  const labels = change.labels ?? []
  const label = labels.find((l) => options.exclude.labels.some((x) => sameLabel(x, l)))
  if (label !== undefined) return `label "${label}"`
  if (change.type !== null && options.exclude.types.includes(change.type)) return `type "${change.type}"`
  const author = excludedAuthor(change.authorLogin ?? '', change.author ?? '', options.exclude)
  return author === null ? null : `author "${author}"`
}

// What each author matches, worked out once per exclusion list: authors repeat
// from change to change, and each comparison goes through the collator (four
// patterns by default, for each of 50,000 commits of a big release).
const authorVerdicts = new WeakMap<NotesOptions['exclude'], Map<string, string | null>>()

/** The first author pattern the login or the name matches, or null. */
function excludedAuthor(login: string, name: string, exclude: NotesOptions['exclude']): string | null {
  let known = authorVerdicts.get(exclude)
  if (!known) {
    known = new Map()
    authorVerdicts.set(exclude, known)
  }
  const key = `${login}\u0000${name}`
  let verdict = known.get(key)
  if (verdict === undefined) {
    const who = [login, name].filter(Boolean)
    verdict = exclude.authors.find((pattern) => who.some((w) => authorMatches(pattern, w))) ?? null
    known.set(key, verdict)
  }
  return verdict
}

/**
 * The section id of a change: a breaking change goes to `breaking` (when the
 * config has that section); then the first section with one of its labels;
 * then the first with its type; else `other`. Labels win because a person
 * chose them after the commit was written.
 */
export function sectionIdOf(change: Classifiable, sections: readonly NoteSection[]): string {
  const labels = change.labels ?? []
  const breaking = sections.find((s) => s.id === 'breaking')
  if (breaking && (change.breaking || labels.some((l) => breaking.labels.some((x) => sameLabel(x, l)))))
    return 'breaking'
  if (labels.length) {
    const byLabel = sections.find(
      (s) => s.id !== 'breaking' && s.labels.some((x) => x === '*' || labels.some((l) => sameLabel(x, l))),
    )
    if (byLabel) return byLabel.id
  }
  if (change.type !== null) {
    const byType = sections.find((s) => s.types.includes(change.type!))
    if (byType) return byType.id
  }
  return 'other'
}

// One collator for all comparisons: `localeCompare` with options builds a new
// one per call, which cost 600 ms over the 50,000 commits of the plan benchmark.
const labelCollator = new Intl.Collator('en', { sensitivity: 'accent' })

function sameLabel(a: string, b: string): boolean {
  return a === b || labelCollator.compare(a, b) === 0
}

// Not picomatch: author names like `dependabot[bot]` hold brackets, which a
// glob reads as a character class. Only `*` is special here.
function authorMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return sameLabel(pattern, name)
  const source = pattern
    .split('*')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${source}$`, 'i').test(name)
}
