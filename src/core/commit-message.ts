/**
 * Conventional Commit message parsing.
 *
 * Why our own parser and not `conventional-commits-parser`: on the 50,000-commit
 * benchmark repository that package takes 1.3 s (it scans every body line for
 * issue references and mentions), twice what `git log` itself takes to print the
 * range, and Herald's planning budget is 2x `git log` in total. We need only the
 * header, breaking-change notes, `Release-As`, reverts and PR numbers, which is a
 * handful of anchored regular expressions. `commit-message.test.ts` checks this
 * parser against `conventional-commits-parser` on every message of the shared
 * release histories, so the two cannot drift apart unnoticed.
 */

export type BreakingNotesMode = 'strict' | 'loose'

export type ParsedMessage = {
  /** First line, as written. */
  header: string
  /** Conventional type in lower case, or null for a non-conventional message. */
  type: string | null
  scope: string | null
  /** The description after `type(scope): `, or the whole header when not conventional. */
  subject: string
  /** `!` in the header or a breaking-change note. */
  breaking: boolean
  /** Texts of `BREAKING CHANGE:` notes (the `!` description when there is no note). */
  breakingNotes: string[]
  /** `Release-As: x.y.z` footer value, unvalidated. */
  releaseAs: string | null
  /** Pull request number: `(#123)` at the end of the header, or `Merge pull request #123`. */
  pr: number | null
  /** What a revert commit reverts, when it says. */
  revert: { header: string | null; sha: string | null } | null
  /** `Merge pull request …` / `Merge branch …` headers. */
  merge: boolean
  /** Text after the header, as written (may be empty; not sanitised). */
  body: string
}

// The conventional-commits-parser header grammar, plus the `!` marker.
const HEADER = /^(\w+)(?:\(([\w$@.\-*/ ,]*)\))?(!)?: (.+)$/
const PR_SUFFIX = /\(#(\d+)\)\s*$/
const MERGE_PR = /^Merge pull request #(\d+)\b/
const MERGE = /^Merge (?:pull request|branch|remote-tracking branch|tag) /
const REVERT_HEADER = /^Revert "(.*)"(?:\s*\(#\d+\))*\s*$/
const REVERTS_SHA = /^This reverts commit ([0-9a-f]{7,40})\b/m
const RELEASE_AS = /^Release-As:\s*(\S+)\s*$/im
// Strict (the Conventional Commits spec): an upper-case footer token at a line start.
const STRICT_NOTE = /^BREAKING[ -]CHANGE:\s*(.*)$/
// Loose (angular, semantic-release): the words at a line start in any case, `*` or `-` bullets allowed.
const LOOSE_NOTE = /^\s*(?:[*-]\s+)?BREAKING[ -]CHANGES?:\s*(.*)$/i
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

// Most messages have no breaking-change note: one empty list serves them all
// (frozen, so that a caller adding to it fails loudly instead of adding to every message's).
const NO_NOTES: string[] = Object.freeze([]) as unknown as string[]

/** Parse one commit message. Never throws: anything unparseable is a non-conventional commit. */
export function parseCommitMessage(message: string, mode: BreakingNotesMode = 'strict'): ParsedMessage {
  // Performance matters here (50,000 messages in a planning budget of a few
  // hundred ms): the whole message is scanned once, by FOOTER_HINT; everything
  // else works on the header or on the few bodies that have footers.
  const text = typeof message === 'string' ? message : String(message ?? '')
  let start = 0
  while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++
  const newline = text.indexOf('\n', start)
  const header = clean(newline < 0 ? text.slice(start) : text.slice(start, newline)).trim()
  const rawBody = newline < 0 ? '' : text.slice(newline + 1)

  const merge = MERGE.test(header)
  const match = merge ? null : HEADER.exec(header)
  const type = match ? match[1]!.toLowerCase() : null
  const scope = match?.[2]?.trim() || null
  const bang = Boolean(match?.[3])
  const subject = match ? match[4]!.trim() : header

  const hasFooters = rawBody.length > 0 && mayHaveFooters(rawBody)
  const body = hasFooters ? rawBody.replace(/\r\n?/g, '\n') : rawBody
  let breakingNotes = hasFooters ? readBreakingNotes(body, mode).map(clean) : NO_NOTES
  if (bang && breakingNotes.length === 0) breakingNotes = [subject]

  const prMatch = PR_SUFFIX.exec(header) ?? MERGE_PR.exec(header)
  const releaseAs = hasFooters ? clean(RELEASE_AS.exec(body)?.[1] ?? '') || null : null

  let revert: ParsedMessage['revert'] = null
  const revertHeader = REVERT_HEADER.exec(header)
  if (revertHeader || type === 'revert') {
    revert = {
      header: revertHeader ? revertHeader[1]! : subject,
      sha: REVERTS_SHA.exec(rawBody)?.[1] ?? null,
    }
  }

  return {
    header,
    type: revertHeader && !type ? 'revert' : type,
    scope,
    subject: stripPrSuffix(subject),
    breaking: bang || breakingNotes.length > 0,
    breakingNotes,
    releaseAs,
    pr: prMatch ? Number(prMatch[1]) : null,
    revert,
    merge,
    body,
  }
}

/**
 * Could this body hold a breaking-change note or a Release-As footer? A
 * case-insensitive regex over every body costs more than the rest of the
 * parse; substring searches are fast. Loose notes in any case are still found:
 * "BREAKING", "Breaking", "breaking" all contain "REAKING" or "reaking".
 */
function mayHaveFooters(body: string): boolean {
  return FOOTER_HINT.test(body)
}
// One pass of literal alternatives, measured faster than four `includes` and
// than a case-insensitive pattern.
const FOOTER_HINT = /reaking|REAKING|elease-|ELEASE-/

/**
 * Where the part of a message's body that can change `parseCommitMessage`'s
 * answer begins (its `body` field aside): the start of the first line that
 * holds `BREAKING CHANGE:` (or `BREAKING-CHANGE:`, `BREAKING CHANGES:`),
 * `Release-As:` or `This reverts commit`, in any case; `body.length` when no
 * line does. Every note, footer and revert line
 * the parse reads starts on such a line or after it, so the header with this
 * part parses as the whole message. The one exception, a footer hint only in
 * the lines before (`mayHaveFooters`), keeps the whole body (0).
 *
 * A long dependency-update body quoting changelogs ("Breaking changes",
 * "release-notes" links) would otherwise be held whole for every such commit.
 * Only ASCII text and line ends decide the answer, so it is the same on the
 * UTF-8 decoding of a body's bytes and on their latin1 decoding (one character
 * per byte: the answer is then a byte offset).
 */
export function footerStart(body: string): number {
  const found = FOOTER_LINE.exec(body)
  if (!found) return body.length
  const start = Math.max(body.lastIndexOf('\n', found.index), body.lastIndexOf('\r', found.index)) + 1
  if (start === 0) return 0
  HINT_FROM.lastIndex = start
  return HINT_FROM.test(body) || !FOOTER_HINT.test(body) ? start : 0
}
// Non-unicode `i`: ASCII letters fold, as in the parse's own patterns.
const FOOTER_LINE = /breaking[ -]changes?:|release-as:|this reverts commit /i
const HINT_FROM = new RegExp(FOOTER_HINT.source, 'g')

/**
 * The only texts that make a message's body matter to `parseCommitMessage`
 * (besides `body` itself, which planning never reads): the footer hints above
 * and the revert's `This reverts commit <sha>`. A message holding none of them
 * parses the same from its first line alone, so a forge may keep just that
 * line of such a commit (`RawCommit.message`): on a long range most bodies are
 * then never decoded nor held. ASCII, so they can be searched for in UTF-8
 * bytes as well.
 */
export const BODY_MARKERS: readonly string[] = [
  'reaking',
  'REAKING',
  'elease-',
  'ELEASE-',
  'This reverts commit ',
]

function clean(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127)
      return text.replace(CONTROL, '')
  }
  return text
}

/**
 * The subject without its `(#123)`: a slice, which V8 keeps as a view of the
 * header every planned commit holds anyway, where `replace` made a copy
 * (50,000 of them held to the end of a big plan).
 */
function stripPrSuffix(subject: string): string {
  const suffix = PR_SUFFIX.exec(subject)
  return suffix ? subject.slice(0, suffix.index).trimEnd() || subject : subject
}

/**
 * Breaking-change notes: a note runs, blank lines included, until the next
 * footer token (`Token: value`, `Token #value`) or the next note, as in
 * conventional-commits-parser.
 */
function readBreakingNotes(body: string, mode: BreakingNotesMode): string[] {
  // Cheap pre-check: most bodies have no note at all.
  if (!/breaking[ -]change/i.test(body)) return []
  const pattern = mode === 'strict' ? STRICT_NOTE : LOOSE_NOTE
  const lines = body.split('\n')
  const notes: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const m = pattern.exec(lines[i]!)
    if (!m) continue
    const parts = [m[1]!]
    while (i + 1 < lines.length && !FOOTER_TOKEN.test(lines[i + 1]!) && !pattern.test(lines[i + 1]!)) {
      parts.push(lines[++i]!)
    }
    notes.push(parts.join('\n').trim())
  }
  return notes
}

const FOOTER_TOKEN = /^(?:[A-Za-z][\w-]*: |[A-Za-z][\w-]* #)\S/
