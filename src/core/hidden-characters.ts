/**
 * Characters that show nothing (or something else) yet are posted: format
 * and bidirectional controls (U+061C, U+202E, U+2066…), zero-width and
 * default-ignorable code points (U+200B, U+3164 Hangul filler, tag
 * characters U+E0000–U+E007F), private-use characters, line separators,
 * controls other than tab and newline, and the blank braille pattern U+2800.
 * Chosen by Unicode properties rather than a list, so new ones are caught as
 * the Unicode data grows. Inside an emoji they are allowed where emoji need
 * them (ZWJ, variation selectors, the tag sequences of the three RGI
 * subdivision flags). Pure.
 */
import { graphemes, isEmoji } from './voice/text-geometry.ts'

const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Zl}\p{Zp}\u2800]|[^\P{Cc}\t\n\r]/u
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu')
/** What an emoji may hold: ZWJ, variation selectors, the tag characters of a subdivision flag. */
const EMOJI_JOINERS = /[\u200D\uFE0E\uFE0F]/gu
const EMOJI_JOINER = /^[\u200D\uFE0E\uFE0F]$/u
const SUBDIVISION_FLAG =
  /\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu

export type HiddenCharacter = {
  /** UTF-16 offset and end of the grapheme cluster holding it. */
  start: number
  end: number
  /** `U+200B` */
  codePoint: string
  /** The cluster without its invisible characters. */
  cleaned: string
}

/** Every grapheme cluster of `text` that holds an invisible character emoji do not need. */
export function hiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = []
  for (const g of graphemes(text)) {
    if (!INVISIBLE.test(g.segment)) continue
    const rest = isEmoji(g.segment)
      ? g.segment.replace(SUBDIVISION_FLAG, '').replace(EMOJI_JOINERS, '')
      : g.segment
    const hidden = rest.match(INVISIBLE)
    if (!hidden) continue
    found.push({
      start: g.index,
      end: g.index + g.segment.length,
      codePoint: `U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
      cleaned: g.segment.replace(INVISIBLE_ALL, (c) => (isEmoji(g.segment) && EMOJI_JOINER.test(c) ? c : '')),
    })
  }
  return found
}
