/**
 * A release's CHANGELOG.md section, and the file with it prepended: the rest
 * of the file is kept byte for byte, in the style the file already uses
 * (release-please, keep-a-changelog, towncrier). A final release takes in its
 * pre-releases' sections (`changelog-consolidate.ts`). Pure: the date comes in.
 */
import {
  type ChangelogCategory,
  type ChangelogGroup,
  type Consolidation,
  consolidate,
  type Duplicate,
} from './changelog-consolidate.ts'
import {
  type ChangelogStyle,
  detectStyle,
  findVersionSections,
  headingOf,
  parseEntries,
  type StyleInfo,
  splitLines,
  TOWNCRIER_MARKER,
  type VersionSection,
} from './changelog-document.ts'
import { escapeInline, headingKey } from './markdown.ts'
import type { NoteSection, NotesOptions } from './note-sections.ts'
import { divergedVersions, type PackageVersion } from './release-assets.ts'
import { type NoteLinks, type NotesModel, renderEntry } from './release-notes.ts'
import { err, ok, type Result } from './result.ts'
import { compareVersions, normaliseVersion } from './versions.ts'

export type ChangelogRelease = {
  version: string
  tag: string
  /** `YYYY-MM-DD`, from the caller's clock. */
  date: string
  compareUrl?: string | null | undefined
  model: NotesModel
  options: NotesOptions
  links?: NoteLinks | undefined
  packages?: readonly PackageVersion[] | undefined
}

export type ChangelogUpdate = {
  text: string
  /** The new section, as inserted. */
  section: string
  style: ChangelogStyle
  /** Versions of the pre-release sections taken in and removed. */
  consolidated: string[]
  duplicates: Duplicate[]
  dropped: string[]
}

export type ChangelogError = { code: 'version_exists'; message: string }

/** `YYYY-MM-DD` of an instant, in UTC (release dates do not depend on where the bot runs). */
export function formatDate(when: Date): string {
  return when.toISOString().slice(0, 10)
}

/** Is a version a pre-release (`1.2.0-rc.1`, or PEP 440 `26.2.0rc1` as towncrier writes it)? */
function sameVersion(section: VersionSection, version: string): boolean {
  // A calendar or PEP 440 version (`2026.01.0`, `26.2.0rc2`) is compared as written.
  const mine = normaliseVersion(version) ?? version.trim().replace(/^v(?=\d)/, '')
  if (!mine) return false
  const theirs = section.prerelease ? `${section.core}-${section.prerelease}` : section.core
  return comparable(theirs) === comparable(mine)
}

function comparable(version: string): string {
  return version.toLowerCase().replace(/[-.](?=[a-z])|(?<=[a-z])\./g, '')
}

/**
 * The words other tools use for the default sections, so that a file written
 * by release-please (`Bug Fixes`), keep-a-changelog (`Fixed`) or towncrier
 * (`Fixes`) keeps its own titles.
 */
const TITLE_ALIASES: Record<string, string[]> = {
  breaking: ['breaking changes', 'breaking change', 'breaking'],
  features: ['features', 'feature', 'added', 'new features'],
  fixes: ['bug fixes', 'fixes', 'fixed', 'bugfixes'],
  performance: ['performance improvements', 'performance'],
  docs: ['documentation', 'docs'],
  maintenance: ['miscellaneous chores', 'maintenance', 'chores'],
  other: ['other changes', 'miscellaneous', 'other'],
}

/** A section's title as the file already writes it (by its words or a known alias), else as configured. */
export function adoptTitle(section: NoteSection, style: StyleInfo): { key: string; title: string } {
  const own = headingKey(section.title)
  for (const key of [own, ...(TITLE_ALIASES[section.id] ?? [])]) {
    const title = style.titles.get(key)
    if (title) return { key, title }
  }
  return { key: own, title: section.title }
}

/** The categories of a release's fresh entries, titled as the file already titles them. */
export function freshCategories(release: ChangelogRelease, style: StyleInfo): ChangelogCategory[] {
  const byId = new Map(release.options.sections.map((s) => [s.id, s]))
  return release.model.sections.map((s) => {
    const { key, title } = adoptTitle(
      byId.get(s.id) ?? { id: s.id, title: s.title, types: [], labels: [] },
      style,
    )
    return {
      key,
      title,
      items: s.entries.map((e) => {
        const text = renderEntry(e, release.links, { scopes: release.options.scopes, bullet: style.bullet })
        // A fragment is its own change: two fragments of one issue (a feature and its fix) are two entries.
        if (e.fragment) return { key: `fragment:${e.fragment.name}`, text }
        return { key: e.pr !== null ? `pr:${e.pr}` : `sha:${e.sha.slice(0, 7)}`, text }
      }),
    }
  })
}

export function renderHeading(release: ChangelogRelease, style: StyleInfo): string {
  const hashes = '#'.repeat(style.level)
  const diverged = release.packages ? divergedVersions(release.packages, release.version) : null
  const suffix = diverged ? ` (${escapeInline(diverged)})` : ''
  const url = release.compareUrl
  switch (style.style) {
    case 'keep-a-changelog':
      return `${hashes} [${release.version}] - ${release.date}${suffix}`
    case 'towncrier':
      return `${hashes} ${style.prefix}${release.version} (${release.date})${suffix}`
    default:
      return url
        ? `${hashes} [${release.version}](${url}) (${release.date})${suffix}`
        : `${hashes} ${release.version} (${release.date})${suffix}`
  }
}

/** A section: the heading, then each category with its items (and subsections, when grouped). */
export function renderSection(
  heading: string,
  categories: readonly ChangelogCategory[],
  level: number,
): string {
  const sub = '#'.repeat(level + 1)
  const blocks = [heading]
  for (const c of categories) {
    if (c.items.length === 0 && !c.groups?.length) continue
    blocks.push(`${sub} ${c.title}`)
    if (c.groups?.length) {
      for (const g of c.groups) blocks.push(renderGroup(g, level + 2))
      if (c.items.length)
        blocks.push(`${'#'.repeat(level + 2)} Other ${c.title}`, c.items.map((i) => i.text).join('\n'))
    } else blocks.push(c.items.map((i) => i.text).join('\n'))
  }
  return `${blocks.join('\n\n')}\n`
}

function renderGroup(g: ChangelogGroup, level: number): string {
  const head = `${'#'.repeat(level)} ${escapeInline(g.title)}`
  const description = g.description ? `${escapeInline(g.description)}\n\n` : ''
  return `${head}\n${description ? `\n${description}` : '\n'}${g.items.map((i) => i.text).join('\n')}`
}

export type ChangelogPlan = {
  style: StyleInfo
  /** Pre-release sections of this version, newest first (empty for a pre-release). */
  prereleases: VersionSection[]
  consolidation: Consolidation
}

/** Read the file and merge what the new section holds, before it is rendered (so a grouping can be applied). */
export function planChangelog(
  text: string,
  release: ChangelogRelease,
): Result<ChangelogPlan, ChangelogError> {
  const lines = splitLines(text)
  const style = detectStyle(text, lines)
  const sections = findVersionSections(text, lines)
  const existing = sections.find((s) => sameVersion(s, release.version))
  if (existing)
    return err({
      code: 'version_exists',
      message: `the changelog already has a section for ${release.version} ("${existing.heading}"): remove it first to regenerate it`,
    })
  // A final calendar version (`2026.01.0`) is plain numbers, as a final SemVer one.
  const stable =
    normaliseVersion(release.version) ?? (/^\d+(\.\d+)+$/.test(release.version) ? release.version : null)
  const prereleases =
    stable && !stable.includes('-')
      ? sections
          .filter((s) => s.prerelease !== null && s.core === stable)
          .sort((a, b) => comparePrerelease(b, a) || a.start - b.start)
      : []
  const adopted = release.options.sections.map((s) => ({ id: s.id, ...adoptTitle(s, style) }))
  const order = adopted.map((s) => s.key)
  const fallback = adopted.find((s) => s.id === 'other')?.title ?? 'Other Changes'
  const consolidation = consolidate(
    freshCategories(release, style),
    prereleases.map((s) => ({ version: s.version, ...parseEntries(text, s) })),
    { bullet: style.bullet, order, fallbackTitle: fallback },
  )
  return ok({ style, prereleases, consolidation })
}

/** Order of two pre-release sections of one version; 0 when their versions do not compare. */
function comparePrerelease(a: VersionSection, b: VersionSection): number {
  const semverOf = (s: VersionSection) =>
    normaliseVersion(`${s.core}-${s.prerelease!.replace(/^([a-z]+)\.?(\d+)$/i, '$1.$2')}`)
  const x = semverOf(a)
  const y = semverOf(b)
  return x && y ? compareVersions(x, y) : 0
}

/** The file with the release's section prepended (and its pre-release sections taken in). */
export function updateChangelog(
  text: string,
  release: ChangelogRelease,
  planned?: ChangelogPlan,
): Result<ChangelogUpdate, ChangelogError> {
  let plan = planned
  if (!plan) {
    const p = planChangelog(text, release)
    if (!p.ok) return p
    plan = p.value
  }
  const { style, prereleases, consolidation } = plan
  const heading = renderHeading(release, style)
  const section = renderSection(heading, consolidation.categories, style.level)
  const crlf = text.includes('\r\n')
  const eol = (s: string) => (crlf ? s.replace(/\r?\n/g, '\r\n') : s)

  type Edit = { start: number; end: number; text: string }
  const edits: Edit[] = prereleases.map((s) => ({ start: s.start, end: s.end, text: '' }))
  const lines = splitLines(text)
  const sections = findVersionSections(text, lines)
  const first = sections[0]
  if (first) {
    const removed = edits.find((e) => e.start === first.start)
    if (removed) removed.text = eol(`${section}\n`)
    else edits.push({ start: first.start, end: first.start, text: eol(`${section}\n`) })
  } else edits.push(insertionWithoutSections(text, lines, eol(section), eol))

  if (style.style === 'keep-a-changelog' && release.compareUrl)
    edits.push(...linkDefinitionEdits(text, lines, release, eol))

  let out = text
  for (const e of edits.sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end)
  }
  return ok({
    text: out,
    section,
    style: style.style,
    consolidated: prereleases.map((s) => s.version),
    duplicates: consolidation.duplicates,
    dropped: consolidation.dropped,
  })
}

/** Where the first section goes: after the towncrier marker or the `[Unreleased]` block, else at the end. */
function insertionWithoutSections(
  text: string,
  lines: ReturnType<typeof splitLines>,
  section: string,
  eol: (s: string) => string,
): { start: number; end: number; text: string } {
  if (text.trim() === '') return { start: 0, end: text.length, text: eol(`# Changelog\n\n${section}`) }
  let after = lines.findIndex((l) => l.text.trim() === TOWNCRIER_MARKER)
  if (after < 0) {
    const unreleased = lines.findIndex((l) => /^\[?unreleased\]?/i.test(headingOf(l)?.text ?? ''))
    if (unreleased >= 0) {
      const level = headingOf(lines[unreleased]!)!.level
      const next = lines.findIndex((l, i) => i > unreleased && (headingOf(l)?.level ?? 9) <= level)
      after = (next < 0 ? lines.length : next) - 1
      while (after > unreleased && /^ {0,3}\[[^\]]+\]:\s*\S/.test(lines[after]!.text)) after--
    }
  }
  if (after >= 0) {
    let i = after + 1
    while (i < lines.length && lines[i]!.text.trim() === '') i++
    if (i < lines.length)
      return { start: lines[i]!.start, end: lines[i]!.start, text: `${section}${eol('\n')}` }
    const blank = lines.length > after + 1 ? '' : eol('\n')
    const at = lines[after]!.end
    return { start: at, end: at, text: `${text.endsWith('\n') ? '' : eol('\n')}${blank}${section}` }
  }
  const gap =
    text.endsWith('\n\n') || text.endsWith('\r\n\r\n') ? '' : text.endsWith('\n') ? eol('\n') : eol('\n\n')
  return { start: text.length, end: text.length, text: `${gap}${section}` }
}

/**
 * keep-a-changelog's headings link through definitions at the end of the file:
 * add `[1.2.3]: <compare>` after `[unreleased]: …`, and point that one at the new tag.
 */
function linkDefinitionEdits(
  text: string,
  lines: ReturnType<typeof splitLines>,
  release: ChangelogRelease,
  eol: (s: string) => string,
): { start: number; end: number; text: string }[] {
  const def = eol(`[${release.version}]: ${release.compareUrl}\n`)
  const defs = lines.filter((l) => !l.inFence && /^ {0,3}\[[^\]]+\]:\s*\S/.test(l.text))
  const unreleased = defs.find((l) => /^ {0,3}\[unreleased\]:/i.test(l.text))
  if (unreleased) {
    const edits = [{ start: unreleased.end, end: unreleased.end, text: def }]
    const m = /^(.*\/compare\/)(\S+?)(\.\.\.?)(HEAD\s*)$/i.exec(unreleased.text)
    if (m) {
      const end = unreleased.start + unreleased.text.length
      edits.push({ start: unreleased.start, end, text: `${m[1]}${release.tag}${m[3]}${m[4]}` })
    }
    return edits
  }
  const firstVersionDef = defs.find((l) => /^ {0,3}\[v?\d+\.\d+\.\d+/.test(l.text))
  if (firstVersionDef) return [{ start: firstVersionDef.start, end: firstVersionDef.start, text: def }]
  const gap = text.endsWith('\n') ? eol('\n') : eol('\n\n')
  return [{ start: text.length, end: text.length, text: `${gap}${def}` }]
}
