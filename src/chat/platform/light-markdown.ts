/**
 * The light markdown views write (`src/flows/view.ts`): `**bold**`,
 * `` `code` ``, `[label](https://…)`, and a backslash before one of
 * `` \ ` * [ ] `` for that character as written. Views escape every piece of
 * data (a commit subject, a name, a PR title) with `md()`, so data can never
 * open a code span, close one, or form a link. Each renderer turns these
 * tokens into its platform's markup, escaping literal text for that platform:
 * the one place per platform where data meets markup.
 *
 * Written here rather than with a markdown package: the grammar is four
 * constructs on one line, and a CommonMark parser would accept far more
 * (HTML, reference links, autolinks) than a view may use.
 */

export type MdToken =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'link'; label: string; url: string }

const ESCAPABLE = /^[\\`*[\]]$/

/** The tokens of `source`; anything that does not close is literal text. */
export function parseLightMarkdown(source: string): MdToken[] {
  const tokens: MdToken[] = []
  let text = ''
  const flush = () => {
    if (text) tokens.push({ kind: 'text', text })
    text = ''
  }
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (c === '\\' && ESCAPABLE.test(source[i + 1] ?? '')) {
      text += source[i + 1]
      i += 2
      continue
    }
    const span = c === '`' || c === '*' || c === '[' ? readSpan(source, i) : null
    if (!span) {
      text += c
      i++
      continue
    }
    flush()
    tokens.push(span.token)
    i = span.end
  }
  flush()
  return tokens
}

/** The code span, bold text or link that starts at `i`, or null when none closes. */
function readSpan(source: string, i: number): { token: MdToken; end: number } | null {
  const c = source[i]
  if (c === '`') {
    const code = readUntil(source, i + 1, '`')
    return code && { token: { kind: 'code', text: code.text }, end: code.end }
  }
  if (c === '*') {
    if (source[i + 1] !== '*') return null
    const bold = readUntil(source, i + 2, '**')
    return bold && { token: { kind: 'bold', text: bold.text }, end: bold.end }
  }
  const link = readLink(source, i)
  return link && { token: { kind: 'link', label: link.text, url: link.url }, end: link.end }
}

/** The unescaped text from `start` to the first unescaped `close` on the same line. */
function readUntil(source: string, start: number, close: string): { text: string; end: number } | null {
  let text = ''
  for (let i = start; i < source.length; i++) {
    const c = source[i]!
    if (c === '\n') return null
    if (c === '\\' && ESCAPABLE.test(source[i + 1] ?? '')) {
      text += source[++i]
      continue
    }
    if (source.startsWith(close, i)) return text ? { text, end: i + close.length } : null
    text += c
  }
  return null
}

function readLink(source: string, start: number): { text: string; url: string; end: number } | null {
  const label = readUntil(source, start + 1, ']')
  if (!label) return null
  const url = /^\((https?:\/\/[^\s()<>|]+)\)/.exec(source.slice(label.end))
  return url ? { text: label.text, url: url[1]!, end: label.end + url[0].length } : null
}

/** A backtick inside code would end it early on every platform: a look-alike keeps it visible and inert. */
export function inertBackticks(text: string): string {
  return text.replace(/`/g, '\u02CB')
}
