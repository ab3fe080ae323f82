/**
 * Markdown helpers for text that is data (commit subjects, PR bodies): it may
 * format, but it must not open HTML or links of its own. Pure.
 */

const INLINE_SPECIAL = /[\\<>[\]]/g
// Whitespace other than single inner spaces, or a character to escape.
const NEEDS_INLINE_WORK = /[^\S ]| {2}|^ | $|[\\<>[\]]/
const INLINE_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '<': '&lt;',
  '>': '&gt;',
  '[': '\\[',
  ']': '\\]',
}

/**
 * One line of data as inline markdown: `<tag>` cannot become HTML and `[x](y)`
 * cannot become a link. Backticks, emphasis and `#123` stay as written: they
 * are what authors mean, and GitHub links `#123` to the pull request itself.
 */
export function escapeInline(text: string): string {
  // Most subjects need nothing: one test instead of three replacements (a
  // 50,000-commit release's notes call this for every commit).
  if (!NEEDS_INLINE_WORK.test(text)) return text
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(INLINE_SPECIAL, (ch) => INLINE_ESCAPES[ch]!)
}

/**
 * A block of markdown written by a person (a breaking-change footer, a PR's
 * migration section): formatting and links are kept, HTML comments dropped,
 * and `<` / `>` outside code spans and fences escaped so no raw HTML passes.
 */
export function sanitizeBlock(text: string): string {
  const withoutComments = text.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?(?:-->|$)/g, '')
  const out: string[] = []
  let fence: string | null = null
  for (const line of withoutComments.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence) {
      out.push(line)
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null
      continue
    }
    if (marker) {
      fence = marker
      out.push(line)
      continue
    }
    out.push(escapeOutsideCode(line))
  }
  return trimBlankLines(out).join('\n')
}

function escapeOutsideCode(line: string): string {
  // Split on code spans (`...`), escaping only the text between them.
  return line
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[<>]/g, (ch) => (ch === '<' ? '&lt;' : '&gt;'))))
    .join('')
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0
  let end = lines.length
  while (start < end && !lines[start]!.trim()) start++
  while (end > start && !lines[end - 1]!.trim()) end--
  return lines.slice(start, end)
}

/** Indent every non-blank line (a list item's continuation). */
export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l.trim() ? `${by}${l}` : ''))
    .join('\n')
}

/** A heading's text without leading emoji, punctuation and case: `⚠️ Breaking Changes` -> `breaking changes`. */
export function headingKey(title: string): string {
  return title
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}
