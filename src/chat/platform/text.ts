/** Text helpers shared by the Slack and Discord renderers. */

/**
 * Breaks `@everyone`, `@here` and `@channel` with a zero-width space so they
 * read the same but can never notify, whatever the platform's parse settings.
 */
export function defuseMassMentions(text: string): string {
  return text.replace(/@(everyone|here|channel)/gi, '@\u200b$1')
}

/** Cuts `text` to at most `max` UTF-16 units, ending in `…`, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let cut = max - 1
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--
  return `${text.slice(0, cut)}…`
}

/**
 * Splits `text` into pieces of at most `max` UTF-16 units, preferring line
 * breaks, never splitting a surrogate pair. Joining the pieces gives `text` back.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new RangeError(`splitText: max must be at least 2 (${max})`)
  const pieces: string[] = []
  let rest = text
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max - 1) + 1
    if (cut <= max / 2) cut = max
    if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut--
    pieces.push(rest.slice(0, cut))
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
