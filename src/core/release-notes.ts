/**
 * Release notes from a release's changes: classified into configurable
 * sections, bots and ignored labels left out, breaking changes with their
 * migration notes. `buildNotes` makes the model; `renderReleaseNotes` and the
 * swarm template (`notes-swarm.ts`) print it. Pure.
 */
import { fragmentItem } from './fragments.ts'
import { escapeInline, indent, sanitizeBlock } from './markdown.ts'
import { exclusionOf, type NotesOptions, resolveNotesOptions, sectionIdOf } from './note-sections.ts'
import type { PlannedCommit } from './plan-release.ts'
import {
  type AssetChecksum,
  divergedVersions,
  type PackageVersion,
  renderChecksums,
} from './release-assets.ts'

export type { NoteSection, NotesOptions } from './note-sections.ts'
export { DEFAULT_SECTIONS } from './note-sections.ts'

export type NoteLinks = { commit: (sha: string) => string; pr: (n: number) => string }

/** A change as the notes see it: a planned commit, plus what the forge knows of its pull request. */
export type NoteInput = PlannedCommit & {
  labels?: string[] | undefined
  authorLogin?: string | undefined
  /** The author's first contribution to the repository. */
  firstContribution?: boolean | undefined
  /** The author is not a member of the project's organisation. */
  external?: boolean | undefined
  /** The pull request's description; its `## Migration` section is the migration note. */
  prBody?: string | undefined
}

export type NoteEntry = {
  sha: string
  pr: number | null
  scope: string | null
  subject: string
  type: string | null
  breaking: boolean
  /** Markdown (sanitised) telling users what to change, for breaking changes. */
  migration: string | null
  author: string
  authorLogin: string | null
  firstContribution: boolean
  external: boolean
  /** A towncrier news fragment's entry (`fragments.ts`): printed from its file, not from a commit. */
  fragment?: { name: string; issue: string | null; text: string } | undefined
}

export type NotesModel = {
  /** Non-empty sections, in the configured order. */
  sections: { id: string; title: string; entries: NoteEntry[] }[]
  excluded: { sha: string; subject: string; reason: string }[]
}

/** What a release is, besides its changes. Every field optional. */
export type NotesContext = {
  links?: NoteLinks | undefined
  version?: string | undefined
  tag?: string | undefined
  /** `…/compare/v1.2.2...v1.2.3`. */
  compareUrl?: string | undefined
  packages?: readonly PackageVersion[] | undefined
  assets?: readonly AssetChecksum[] | undefined
  /** The swarm template's `# v0.12.0 — <theme>`. */
  theme?: string | undefined
  knownIssues?: readonly string[] | undefined
}

const MERGE_HEADER = /^Merge (pull request|branch|remote-tracking branch|tag) /

export function buildNotes(changes: readonly NoteInput[], options?: Partial<NotesOptions>): NotesModel {
  const opts = resolveNotesOptions(options)
  const bySection = new Map<string, NoteEntry[]>()
  const excluded: NotesModel['excluded'] = []
  eachChange(changes, opts, (c, at) => {
    if ('excluded' in at) excluded.push({ sha: c.sha, subject: c.subject, reason: at.excluded })
    else append(bySection, at.section, toEntry(c))
  })
  const sections = opts.sections
    .filter((s) => bySection.get(s.id)?.length)
    .map((s) => ({ id: s.id, title: s.title, entries: bySection.get(s.id)! }))
  return { sections, excluded }
}

/**
 * The changes the notes speak of, newest first, each with its section or why
 * it is left out: merge commits are skipped, each pull request counted once
 * (the pull requests seen are returned).
 */
function eachChange(
  changes: readonly NoteInput[],
  opts: NotesOptions,
  visit: (c: NoteInput, at: { section: string } | { excluded: string }) => void,
  /** The pull requests of the changes before these (newer ones, handed over earlier). */
  seenPrs = new Set<number>(),
): Set<number> {
  for (const c of changes) {
    if (MERGE_HEADER.test(c.header)) continue
    // A pull request merged as several commits is one change; the first (newest) commit speaks for it.
    if (c.pr !== null && seenPrs.has(c.pr)) continue
    if (c.pr !== null) seenPrs.add(c.pr)
    const reason = exclusionOf(c, opts)
    visit(c, reason ? { excluded: reason } : { section: sectionIdOf(c, opts.sections) })
  }
  return seenPrs
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function toEntry(c: NoteInput): NoteEntry {
  return {
    sha: c.sha,
    pr: c.pr,
    scope: c.scope,
    subject: c.subject,
    type: c.type,
    breaking: c.breaking,
    migration: c.breaking ? migrationOf(c) : null,
    author: c.author,
    authorLogin: c.authorLogin ?? null,
    firstContribution: c.firstContribution ?? false,
    external: c.external ?? false,
  }
}

/** The PR's `## Migration` section when the forge knows it, else the `BREAKING CHANGE:` footers. */
export function migrationOf(c: Pick<NoteInput, 'prBody' | 'breakingNotes' | 'subject'>): string | null {
  const fromPr = c.prBody ? migrationFromPrBody(c.prBody) : null
  if (fromPr) return fromPr
  const notes = c.breakingNotes.map((n) => n.trim()).filter((n) => n && n !== c.subject.trim())
  return notes.length ? sanitizeBlock(notes.join('\n\n')) : null
}

/** The text under a `Migration` (or `Migration guide`, `Migrating`) heading of a PR body, up to the next heading at its level. */
export function migrationFromPrBody(body: string): string | null {
  const lines = body.replace(/\r\n?/g, '\n').split('\n')
  let fence = false
  let level = 0
  const taken: string[] = []
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence
    const heading = fence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (level === 0) {
      if (heading && /^migrat(e|ion|ing)\b/i.test(heading[2]!)) level = heading[1]!.length
      continue
    }
    if (heading && heading[1]!.length <= level) break
    taken.push(line)
  }
  const text = sanitizeBlock(taken.join('\n'))
  return text || null
}

export type EntryFormat = { scopes: boolean; bullet?: '-' | '*' | undefined; migration?: boolean | undefined }

/** One change as a list item: `- **scope:** subject ([#12](…), [abc1234](…))`, with its migration below. */
export function renderEntry(e: NoteEntry, links: NoteLinks | undefined, format: EntryFormat): string {
  if (e.fragment) return fragmentItem(e.fragment, links?.pr, format.bullet)
  const scope = format.scopes && e.scope ? `**${escapeInline(e.scope)}:** ` : ''
  const refs: string[] = []
  if (e.pr !== null) refs.push(links ? `[#${e.pr}](${links.pr(e.pr)})` : `#${e.pr}`)
  const short = e.sha.slice(0, 7)
  refs.push(links ? `[${short}](${links.commit(e.sha)})` : short)
  const head = `${format.bullet ?? '-'} ${scope}${escapeInline(e.subject)} (${refs.join(', ')})`
  return format.migration !== false && e.migration ? `${head}\n${indent(e.migration)}` : head
}

export function renderSections(
  model: NotesModel,
  links: NoteLinks | undefined,
  format: EntryFormat & { level?: number | undefined },
): string {
  const hashes = '#'.repeat(format.level ?? 3)
  return model.sections
    .map((s) => `${hashes} ${s.title}\n\n${s.entries.map((e) => renderEntry(e, links, format)).join('\n')}`)
    .join('\n\n')
}

/** The default notes: the diverged-versions line, the sections, the asset checksums, the full diff link. */
export function renderNotesBody(
  model: NotesModel,
  options: NotesOptions,
  context: NotesContext = {},
): string {
  const blocks: string[] = []
  const diverged =
    context.version && context.packages ? divergedVersions(context.packages, context.version) : null
  if (diverged) blocks.push(`**Packages:** ${escapeInline(diverged)}`)
  if (model.sections.length) blocks.push(renderSections(model, context.links, { scopes: options.scopes }))
  if (context.assets?.length) blocks.push(`### Checksums\n\n${renderChecksums(context.assets)}`)
  if (context.compareUrl && model.sections.length) blocks.push(`**Full diff:** ${context.compareUrl}`)
  return blocks.length ? `${blocks.join('\n\n')}\n` : ''
}

/**
 * The planner's notes (`plan.notes`): the default template over a plan's
 * commits. Empty when no change is worth a line.
 */
export function renderReleaseNotes(
  commits: readonly NoteInput[],
  links?: NoteLinks,
  options?: Partial<NotesOptions>,
): string {
  return notesText(notesDraft(commits, links, options))
}

/**
 * The planner's notes in pieces (what `renderNotesBody(buildNotes(…), …, { links })`
 * prints, section by section), so that the notes of a list with new changes in
 * front can be written from the old list's (`extendNotes`): `herald serve`'s
 * repeated plans write only the new lines.
 */
export type NotesDraft = {
  readonly links: NoteLinks | undefined
  readonly options: Partial<NotesOptions> | undefined
  /** The pull requests the changes name (a change naming one of them again is left out). */
  readonly prs: ReadonlySet<number>
  /** Each non-empty section's lines, joined. */
  readonly sections: ReadonlyMap<string, string>
}

export function notesDraft(
  commits: readonly NoteInput[],
  links: NoteLinks | undefined,
  options: Partial<NotesOptions> | undefined,
): NotesDraft {
  const drafter = notesDrafter(links, options)
  drafter.add(commits)
  return drafter.draft()
}

/**
 * `notesDraft` of changes handed over a batch at a time, newest first (as a
 * log prints them): the notes of a long range are written while the rest of
 * it is still being read. `draft` is the draft of every change added so far.
 */
export function notesDrafter(
  links: NoteLinks | undefined,
  options: Partial<NotesOptions> | undefined,
): { add(changes: readonly NoteInput[]): void; draft(): NotesDraft } {
  const opts = resolveNotesOptions(options)
  const prs = new Set<number>()
  const lines = new Map<string, string[]>()
  return {
    add: (changes) => void sectionLines(changes, links, opts, { prs, lines }),
    draft() {
      const sections = new Map<string, string>()
      for (const [id, texts] of lines) sections.set(id, texts.join('\n'))
      return { links, options, prs, sections }
    },
  }
}

/**
 * The draft of `front` followed by the changes of `tail`'s draft, for the same
 * links and options; null when it cannot be told from the draft alone (a change
 * in front names a pull request the tail names: the tail's line goes).
 */
export function extendNotes(
  tail: NotesDraft,
  front: readonly NoteInput[],
  links: NoteLinks | undefined,
  options: Partial<NotesOptions> | undefined,
): NotesDraft | null {
  if (tail.links !== links || tail.options !== options) return null
  const { prs, lines } = sectionLines(front, links, resolveNotesOptions(options))
  for (const pr of prs) if (tail.prs.has(pr)) return null
  const sections = new Map(tail.sections)
  for (const [id, texts] of lines) {
    const old = sections.get(id)
    sections.set(id, old === undefined ? texts.join('\n') : `${texts.join('\n')}\n${old}`)
  }
  return { links, options, prs: prs.size ? new Set([...tail.prs, ...prs]) : tail.prs, sections }
}

export function notesText(draft: NotesDraft): string {
  const blocks = resolveNotesOptions(draft.options).sections.flatMap((s) => {
    const lines = draft.sections.get(s.id)
    return lines === undefined ? [] : [`### ${s.title}\n\n${lines}`]
  })
  return blocks.length ? `${blocks.join('\n\n')}\n` : ''
}

/** Each section's lines for the changes, added to `into` (the lines and pull requests of newer changes). */
function sectionLines(
  commits: readonly NoteInput[],
  links: NoteLinks | undefined,
  opts: NotesOptions,
  into: { prs: Set<number>; lines: Map<string, string[]> } = { prs: new Set(), lines: new Map() },
): { prs: Set<number>; lines: Map<string, string[]> } {
  const format = { scopes: opts.scopes }
  eachChange(
    commits,
    opts,
    (c, at) => {
      if ('section' in at) append(into.lines, at.section, renderEntry(toEntry(c), links, format))
    },
    into.prs,
  )
  return into
}
