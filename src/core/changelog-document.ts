/**
 * Reading a CHANGELOG.md without rewriting it: where each version's section
 * starts and ends (as character offsets, so the rest of the file is kept byte
 * for byte), its entries and their categories, and the file's style.
 *
 * Why a line scanner and not a markdown parser (remark): what matters here is
 * the exact offsets of a few ATX headings and list items, fences aside; a
 * full syntax tree costs a dependency and a round trip to get those back. Pure.
 */
import { headingKey } from './markdown.ts'

export type ChangelogStyle = 'release-please' | 'keep-a-changelog' | 'towncrier'

export type Line = { text: string; start: number; end: number; inFence: boolean }

export type VersionSection = {
  version: string
  /** Core `x.y.z` and prerelease part (`rc.1`, `rc1`, `beta.2`), as written. */
  core: string
  prerelease: string | null
  level: number
  heading: string
  /** Offsets: the heading line's start, and the start of the next section (or of trailing link definitions). */
  start: number
  end: number
}

export type ParsedEntry = {
  /** The item, bullet and continuation lines, without the trailing newline. */
  text: string
  /** The category heading above it (`### Features`), or null when directly under the version. */
  category: string | null
}

// Linear: the closing `#`s are trimmed after the match (a lazy group with an optional tail backtracks).
const HEADING = /^(#{1,6})(?:[ \t]+(.*))?$/
// A version in a heading: `1.2.3`, `v1.2.3`, `[1.2.3]`, `1.2.3-rc.1`, PEP 440 `26.2.0rc1`, `1.0.0.dev2`.
const VERSION =
  /(?<![\w.])v?(\d+\.\d+\.\d+)(-[0-9A-Za-z][0-9A-Za-z.-]*|\.?(?:rc|alpha|beta|a|b|c|dev|pre)\.?\d*)?(?![\w])/i
const LINK_DEF = /^ {0,3}\[[^\]]+\]:\s*\S+/
const TOWNCRIER_MARKER = '<!-- towncrier release notes start -->'

/** The file's lines with their offsets; lines inside code fences are marked. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let fence: string | null = null
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    const end = nl < 0 ? text.length : nl + 1
    let raw = text.slice(start, nl < 0 ? text.length : nl)
    if (raw.endsWith('\r')) raw = raw.slice(0, -1)
    const c = raw.charCodeAt(0)
    // Only lines starting with a space, ` or ~ can open or close a fence (a cheap test first).
    const marker = c === 32 || c === 96 || c === 126 ? /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1] : undefined
    let inFence = fence !== null
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null
    } else if (marker) {
      fence = marker
      inFence = true
    }
    lines.push({ text: raw, start, end, inFence })
    start = end
  }
  return lines
}

export function headingOf(line: Line): { level: number; text: string } | null {
  // ATX headings only, at the start of the line (indented ones are rare in changelogs).
  if (line.inFence || line.text.charCodeAt(0) !== 35) return null
  const m = HEADING.exec(line.text)
  if (!m) return null
  const raw = m[2] ?? ''
  const text = (raw.trimEnd().endsWith('#') ? raw.replace(/(?:^|[ \t]+)#+[ \t]*$/, '') : raw).trim()
  return { level: m[1]!.length, text }
}

/** The version a heading names, or null (`[Unreleased]`, `Features`). */
export function versionInHeading(text: string): { core: string; prerelease: string | null } | null {
  // Only the start of the heading: `## Fixes for 1.2.3 users` names no version.
  const m = VERSION.exec(text)
  if (!m || m.index > 40 || /\(/.test(text.slice(0, m.index).replace(/\[/g, ''))) return null
  const pre = m[2] ? m[2].replace(/^[-.]/, '') : null
  return { core: m[1]!, prerelease: pre || null }
}

/**
 * The version sections. A section ends at the next version heading, at a
 * foreign heading at or above the version headings' level, or before the link
 * definitions that close the file (keep-a-changelog's `[1.2.3]: …`).
 */
export function findVersionSections(text: string, lines: Line[] = splitLines(text)): VersionSection[] {
  const found: { index: number; level: number; heading: string; core: string; prerelease: string | null }[] =
    []
  for (let i = 0; i < lines.length; i++) {
    const h = headingOf(lines[i]!)
    if (!h || h.level > 3) continue
    const v = versionInHeading(h.text)
    if (v) found.push({ index: i, level: h.level, heading: h.text, ...v })
  }
  if (found.length === 0) return []
  const base = Math.min(...found.map((f) => f.level))
  const tail = trailingLinkDefsStart(lines)
  return found.map((f, n) => {
    const stop = n + 1 < found.length ? found[n + 1]!.index : lines.length
    let endIndex = stop
    for (let i = f.index + 1; i < stop; i++) {
      const h = headingOf(lines[i]!)
      if (h && h.level <= base) {
        endIndex = i
        break
      }
    }
    if (endIndex === lines.length) endIndex = Math.max(f.index + 1, tail)
    return {
      version: f.prerelease ? `${f.core}-${f.prerelease}` : f.core,
      core: f.core,
      prerelease: f.prerelease,
      level: f.level,
      heading: f.heading,
      start: lines[f.index]!.start,
      end: endIndex < lines.length ? lines[endIndex]!.start : text.length,
    }
  })
}

/** Index of the first line of the link definitions (and blank lines) that end the file. */
function trailingLinkDefsStart(lines: Line[]): number {
  let i = lines.length
  let sawDef = false
  while (i > 0) {
    const l = lines[i - 1]!
    if (l.inFence) break
    if (LINK_DEF.test(l.text)) sawDef = true
    else if (l.text.trim() !== '') break
    i--
  }
  return sawDef ? i : lines.length
}

/** The list items of a section with the category heading above each; other text is returned apart. */
export function parseEntries(
  text: string,
  section: Pick<VersionSection, 'start' | 'end' | 'level'>,
): { entries: ParsedEntry[]; prose: string[] } {
  const lines = splitLines(text.slice(section.start, section.end)).slice(1)
  const entries: ParsedEntry[] = []
  const prose: string[] = []
  let category: string | null = null
  let current: string[] | null = null
  const close = () => {
    if (current) entries.push({ text: current.join('\n').trimEnd(), category })
    current = null
  }
  for (const line of lines) {
    const h = headingOf(line)
    if (h) {
      close()
      // Deeper headings (`#### Fair Share Scheduler`) are subsections of the category above.
      if (h.level <= section.level + 1 || category === null) category = h.text
      continue
    }
    if (!line.inFence && /^[*+-][ \t]+\S/.test(line.text)) {
      close()
      current = [line.text]
      continue
    }
    if (current && (line.text.trim() === '' || /^[ \t]/.test(line.text) || line.inFence)) {
      current.push(line.text)
      continue
    }
    close()
    // Text under a subsection (`#### Group` + its description) belongs to the grouping, not the entries.
    if (line.text.trim()) prose.push(line.text)
  }
  close()
  return { entries, prose }
}

export type StyleInfo = {
  style: ChangelogStyle
  /** Whether the file already has version sections (else the style is the default). */
  detected: boolean
  bullet: '-' | '*'
  level: number
  /** Text before the version in towncrier headings (`Widget `, `v`). */
  prefix: string
  /** Category titles already used, by `headingKey`. */
  titles: Map<string, string>
}

export function detectStyle(text: string, lines: Line[] = splitLines(text)): StyleInfo {
  const sections = findVersionSections(text, lines)
  const titles = new Map<string, string>()
  let bullet: '-' | '*' | null = null
  for (const s of sections.slice(0, 20)) {
    const { entries } = parseEntries(text, s)
    for (const e of entries) {
      bullet ??= e.text.startsWith('*') ? '*' : '-'
      if (e.category && !titles.has(headingKey(e.category))) titles.set(headingKey(e.category), e.category)
    }
  }
  const first = sections[0]
  const kac = /^#{1,3}\s+\[?unreleased\]?/im.test(text) || text.includes('keepachangelog.com')
  let style: ChangelogStyle = 'release-please'
  if (first) {
    if (/^\[[^\]]+\]\(/.test(first.heading)) style = 'release-please'
    else if (/^\[[^\]]+\]\s*(-|–|—|$)/.test(first.heading) || kac) style = 'keep-a-changelog'
    else style = 'towncrier'
  } else if (kac) style = 'keep-a-changelog'
  else if (text.includes(TOWNCRIER_MARKER)) style = 'towncrier'
  const prefix = first && style === 'towncrier' ? (/^(.*?)\d/.exec(first.heading)?.[1] ?? '') : ''
  return {
    style,
    detected: Boolean(first),
    bullet: bullet ?? (style === 'release-please' ? '*' : '-'),
    level: first ? Math.min(...sections.map((s) => s.level)) : 2,
    prefix,
    titles,
  }
}

export { TOWNCRIER_MARKER }
