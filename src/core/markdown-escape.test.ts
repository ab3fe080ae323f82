import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeInline } from './markdown.ts'

/** The escaping without the shortcut for text that needs none. */
const slow = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\<>[\]]/g, (ch) => ({ '\\': '\\\\', '<': '&lt;', '>': '&gt;', '[': '\\[', ']': '\\]' })[ch]!)

describe('escapeInline', () => {
  it.each([
    ['plain words', 'plain words'],
    ['  padded\tand\nsplit  ', 'padded and split'],
    ['a  b', 'a b'],
    ['<b>[x](y)\\', '&lt;b&gt;\\[x\\](y)\\\\'],
    ['nbsp\u00a0and\ufeffbom', 'nbsp and bom'],
  ])('%j -> %j', (text, expected) => {
    expect(escapeInline(text)).toBe(expected)
  })

  it('the shortcut for text needing nothing changes no answer', () => {
    const char = fc.constantFrom('a', ' ', '\t', '\n', '\u00a0', '\ufeff', '<', '[', '\\', 'é', '🚀')
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join('')
        expect(escapeInline(text)).toBe(slow(text))
      }),
      { numRuns: 2000 },
    )
  })
})
