/**
 * The prose rules: word lists (hedges, marketing, internal terms), first
 * person, ticket ids, file paths, sentence length. They read the masked text,
 * so inline code and URLs never trigger them. Pure.
 */
import type { Doc, Report } from './lint-document.ts'
import { withSpace } from './lint-document.ts'
import type { Phrase } from './voice-options.ts'

// Word boundaries that treat `-` and `_` as part of a word: `should-retry`,
// `my-app` and `MY_VAR` are names, not prose.
const BEFORE = String.raw`(?<![\p{L}\p{N}_\-'’])`
const AFTER = String.raw`(?![\p{L}\p{N}_\-])`

function escapePhrase(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, String.raw`\s+`)
}

export function phrasePattern(phrases: readonly string[]): RegExp | null {
  if (phrases.length === 0) return null
  const sorted = [...phrases].sort((a, b) => b.length - a.length).map(escapePhrase)
  return new RegExp(`${BEFORE}(?:${sorted.join('|')})${AFTER}`, 'giu')
}

function phraseRule(doc: Doc, report: Report, rule: 'hedge' | 'marketing', phrases: readonly Phrase[]) {
  const pattern = phrasePattern(phrases.map((p) => p.text))
  if (!pattern) return
  const byText = new Map(phrases.map((p) => [p.text.toLowerCase().replace(/\s+/g, ' '), p]))
  for (const line of doc.lines) {
    for (const m of line.prose.matchAll(pattern)) {
      const word = line.text.slice(m.index, m.index + m[0].length)
      const phrase = byText.get(word.toLowerCase().replace(/\s+/g, ' '))
      const before = /([\p{L}]+)\s+$/u.exec(line.prose.slice(0, m.index))?.[1]?.toLowerCase()
      if (before && phrase?.notAfter?.includes(before)) continue
      const end = m.index + m[0].length
      const fix =
        phrase?.fix === 'delete'
          ? (([s, e]) => ({ start: s, end: e, text: '' }))(withSpace(line.text, m.index, end))
          : undefined
      const message =
        rule === 'hedge'
          ? `hedge word "${word}": say what is true, or cut it`
          : `marketing word "${word}": say what changed for users instead`
      report(rule, line, m.index, end, message, fix)
    }
  }
}

const FIRST_PERSON_I = /(?<![\p{L}\p{N}_\-/'’])I(?![\p{L}\p{N}_\-/])/gu
const FIRST_PERSON = /(?<![\p{L}\p{N}_\-'’])(?:me|my|mine)(?![\p{L}\p{N}_-])/giu
const TICKET = /(?<![\p{L}\p{N}_-])([A-Z][A-Z0-9]{1,9})-\d+(?![\p{L}\p{N}_])/gu
// A repository-relative path: segments with a slash and a file extension, or a
// directory with a trailing slash. `~/…` and `/…` (user paths) and `and/or` are not.
const FILE_PATH =
  /(?<![\p{L}\p{N}_.~/:-])(?:[\w-][\w.-]*\/)+(?:[\w-][\w.-]*\.[A-Za-z]\w{0,7}(?![\w/])|(?=[\s,;:)]|$))/gu
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu

export function lintProse(doc: Doc, report: Report): void {
  phraseRule(doc, report, 'hedge', doc.voice.hedges)
  phraseRule(doc, report, 'marketing', doc.voice.marketing)
  const internal = phrasePattern(doc.voice.internalTerms)
  const notTickets = new Set(doc.voice.notTickets)
  for (const line of doc.lines) {
    for (const m of line.prose.matchAll(FIRST_PERSON_I))
      report('first-person', line, m.index, m.index + 1, 'first person "I": write "we"')
    for (const m of line.prose.matchAll(FIRST_PERSON))
      report(
        'first-person',
        line,
        m.index,
        m.index + m[0].length,
        `first person "${m[0]}": write "we", "us" or "our"`,
      )
    if (internal)
      for (const m of line.noUrls.matchAll(internal))
        report(
          'internal-term',
          line,
          m.index,
          m.index + m[0].length,
          `internal name "${m[0]}": describe the user-visible effect instead`,
        )
    for (const m of line.noUrls.matchAll(TICKET)) {
      if (notTickets.has(m[1]!)) continue
      const end = m.index + m[0].length
      const parens = line.text[m.index - 1] === '(' && line.text[end] === ')'
      const [s, e] = parens
        ? [m.index - 1 - (line.text[m.index - 2] === ' ' ? 1 : 0), end + 1]
        : withSpace(line.text, m.index, end)
      report('ticket-id', line, m.index, m.index + m[0].length, `ticket id "${m[0]}": users cannot open it`, {
        start: s,
        end: e,
        text: '',
      })
    }
    for (const m of line.prose.matchAll(FILE_PATH))
      report(
        'file-path',
        line,
        m.index,
        m.index + m[0].length,
        `repository path "${m[0]}": name the feature, not the file`,
      )
    lintSentences(doc, line, report)
  }
}

function lintSentences(doc: Doc, line: Doc['lines'][number], report: Report): void {
  const limit = doc.voice.limits.sentenceWords
  const sentence = /[^.!?]+(?:[.!?]+|$)/g
  for (const m of line.prose.matchAll(sentence)) {
    const words = m[0].match(WORD)?.length ?? 0
    if (words <= limit) continue
    const lead = m[0].length - m[0].trimStart().length
    report(
      'long-sentence',
      line,
      m.index + lead,
      m.index + m[0].trimEnd().length,
      `sentence of ${words} words (limit ${limit}): split it`,
    )
  }
}
