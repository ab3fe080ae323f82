/**
 * Positions in user-perceived characters, emoji, and masking. Pure.
 *
 * Columns count grapheme clusters (`Intl.Segmenter`), so a flag, a skin-toned
 * hand or a ZWJ family is one column, as a reader sees it. Masking replaces
 * inline code and URLs with a filler of the same UTF-16 length, so the prose
 * rules never see `--should-retry` or a URL path, and offsets found on the
 * masked text are offsets in the original.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** UTF-16 offset where each grapheme cluster of `text` starts. */
export function graphemeStarts(text: string): number[] {
  const starts: number[] = []
  for (const s of segmenter.segment(text)) starts.push(s.index)
  return starts
}

export function graphemes(text: string): { segment: string; index: number }[] {
  return Array.from(segmenter.segment(text), (s) => ({ segment: s.segment, index: s.index }))
}

/** Index of the grapheme cluster containing UTF-16 `offset`. */
function clusterAt(starts: readonly number[], offset: number): number {
  let lo = 0
  let hi = starts.length - 1
  let found = 0
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (starts[mid]! <= offset) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** 1-based [column, endColumn) of the UTF-16 range [start, end) on a line of `length` code units. */
export function columnsOf(
  starts: readonly number[],
  length: number,
  start: number,
  end: number,
): [number, number] {
  const column = start >= length ? starts.length + 1 : clusterAt(starts, start) + 1
  const endColumn = end <= start ? column : clusterAt(starts, Math.min(end, length) - 1) + 2
  return [column, endColumn]
}

const RGI = /^\p{RGI_Emoji}$/v
// Symbols that are pictographic but read as text unless followed by VS16.
const TEXT_DEFAULT = /^[\u00A9\u00AE\u2122\u203C\u2049\u2139\u2194-\u2199\u21A9\u21AA\u2328\u23CF]$/u
const PICTOGRAPHIC = /^\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?$/u

/**
 * Is this grapheme cluster an emoji? RGI sequences (flags, ZWJ families, skin
 * tones, keycaps) plus a pictograph written without its variation selector
 * (a bare `🛠`), which platforms still draw as an emoji.
 */
export function isEmoji(cluster: string): boolean {
  if (RGI.test(cluster)) return true
  return PICTOGRAPHIC.test(cluster) && !TEXT_DEFAULT.test(cluster)
}

const FILLER = '\u2591'
const INLINE_CODE = /`[^`\n]+`/g
/** A URL with a scheme; stops at whitespace, brackets, quotes and Slack's `|`. */
export const URL_PATTERN = /\b(?:https?|ftp):\/\/[^\s<>()[\]"'`|]+/gi

/** Ranges of inline code spans in a line. */
export function codeRanges(line: string): [number, number][] {
  return Array.from(line.matchAll(INLINE_CODE), (m) => [m.index, m.index + m[0].length])
}

/** Ranges of URLs in a line, trailing sentence punctuation excluded. */
export function urlRanges(line: string): { start: number; end: number; url: string }[] {
  return Array.from(line.matchAll(URL_PATTERN), (m) => {
    const url = m[0].replace(/[.,;:!?]+$/, '')
    return { start: m.index, end: m.index + url.length, url }
  })
}

/** The line with the given ranges replaced by a same-length filler. */
export function mask(line: string, ranges: readonly (readonly [number, number])[]): string {
  let out = line
  for (const [start, end] of ranges) out = out.slice(0, start) + FILLER.repeat(end - start) + out.slice(end)
  return out
}

/** Inline code and URLs masked: what the prose rules read. */
export function maskProse(line: string): string {
  return mask(line, [...codeRanges(line), ...urlRanges(line).map((u) => [u.start, u.end] as const)])
}
