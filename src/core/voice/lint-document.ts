/** The announcement as the rules read it: lines, their geometry and masks, and a reporter. Pure. */
import type { AnnouncementFacts } from './facts.ts'
import type { Finding } from './finding.ts'
import { type RuleId, severityOf } from './rule-table.ts'
import { codeRanges, columnsOf, graphemeStarts, mask, maskProse, urlRanges } from './text-geometry.ts'
import type { VoiceOptions } from './voice-options.ts'

export type DocLine = {
  /** 1-based. */
  number: number
  text: string
  starts: number[]
  /** Inline code, URLs, the product name and the action masked: what prose rules read. */
  prose: string
  /** Only URLs (and the product and action) masked: inline code stays visible. */
  noUrls: string
  urls: { start: number; end: number; url: string }[]
}

export type Doc = {
  lines: DocLine[]
  text: string
  facts: AnnouncementFacts
  voice: VoiceOptions
}

export type Report = (
  rule: RuleId,
  line: DocLine,
  start: number,
  end: number,
  message: string,
  fix?: { start: number; end: number; text: string },
) => void

export function readDocument(text: string, facts: AnnouncementFacts, voice: VoiceOptions): Doc {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, i) => {
      const urls = urlRanges(raw)
      const own = [...occurrences(raw, facts.product), ...occurrences(raw, facts.action ?? '')]
      const urlMask = urls.map((u) => [u.start, u.end] as const)
      return {
        number: i + 1,
        text: raw,
        starts: graphemeStarts(raw),
        prose: mask(maskProse(raw), own),
        noUrls: mask(raw, [...urlMask, ...own]),
        urls,
      }
    })
  return { lines, text, facts, voice }
}

function occurrences(line: string, needle: string): [number, number][] {
  if (!needle) return []
  const out: [number, number][] = []
  for (let i = line.indexOf(needle); i !== -1; i = line.indexOf(needle, i + needle.length))
    out.push([i, i + needle.length])
  return out
}

/** A reporter that turns UTF-16 ranges into grapheme columns and applies severities. */
export function collector(voice: VoiceOptions): { report: Report; findings: Finding[] } {
  const findings: Finding[] = []
  const report: Report = (rule, line, start, end, message, fix) => {
    const severity = severityOf(rule, voice.severities)
    if (!severity) return
    const [column, endColumn] = columnsOf(line.starts, line.text.length, start, end)
    const finding: Finding = { rule, severity, line: line.number, column, endColumn, message }
    if (fix) {
      const [fixColumn, fixEnd] = columnsOf(line.starts, line.text.length, fix.start, fix.end)
      finding.fix = { line: line.number, column: fixColumn, endColumn: fixEnd, text: fix.text }
    }
    findings.push(finding)
  }
  return { report, findings }
}

/** Code spans of a line (for rules that skip them). */
export function inCode(line: DocLine, offset: number): boolean {
  return codeRanges(line.text).some(([s, e]) => offset >= s && offset < e)
}

/** The range [start, end) widened to take one adjacent space, so deleting it leaves clean text. */
export function withSpace(text: string, start: number, end: number): [number, number] {
  if (text[end] === ' ') return [start, end + 1]
  if (start > 0 && text[start - 1] === ' ') return [start - 1, end]
  return [start, end]
}
