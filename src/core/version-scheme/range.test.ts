import { describe, expect, it } from 'vitest'
import { defaultInitialVersion, lineVersionOfTag, type SchemedLine, withRangeClaims } from './index.ts'
import { inRange, parseRange } from './range.ts'

describe('ranges', () => {
  it('read semantic-release maintenance ranges', () => {
    expect(parseRange('1.x')).toEqual({ text: '1.x', fixed: [1] })
    expect(parseRange('1.x.x')).toEqual({ text: '1.x.x', fixed: [1] })
    expect(parseRange('1.2.x')).toEqual({ text: '1.2.x', fixed: [1, 2] })
    expect(parseRange('2026.1.x')).toEqual({ text: '2026.1.x', fixed: [2026, 1] })
    for (const bad of ['1.2.3', 'x', '1.x.2', '1.2.3.x', '^1.2', '>=1.0.0'])
      expect(parseRange(bad)).toMatch(/expected numbers then x/)
  })

  it('hold the versions whose leading numbers match', () => {
    const r = parseRange('1.2.x') as Exclude<ReturnType<typeof parseRange>, string>
    expect(inRange(r, [1, 2, 9])).toBe(true)
    expect(inRange(r, [1, 3, 0])).toBe(false)
  })

  it('give each tag to one line: a tag in a range is that line’s, not another of the same prefix', () => {
    const [main, lts, other] = withRangeClaims<SchemedLine>([
      { tagPrefix: 'v' },
      { tagPrefix: 'v', range: '2026.1.x', scheme: 'calver' as const, calver: 'YYYY.MINOR.MICRO' },
      { tagPrefix: 'cli-v' },
    ])
    expect(lineVersionOfTag(main!, 'v0.12.3')).toBe('0.12.3')
    expect(lineVersionOfTag(main!, 'v2026.1.3')).toBeNull()
    expect(lineVersionOfTag(lts!, 'v2026.1.3')).toBe('2026.1.3')
    expect(lineVersionOfTag(lts!, 'v2026.2.0')).toBeNull()
    expect(lineVersionOfTag(lts!, 'v0.12.3')).toBeNull()
    expect(other!.otherRanges).toBeUndefined()
  })

  it('start a line without tags at the bottom of its range', () => {
    expect(defaultInitialVersion({ tagPrefix: 'v', range: '1.2.x' }, undefined)).toBe('1.2.0')
    const april = { tagPrefix: 'v', range: '2026.04.x', scheme: 'calver' as const, calver: 'YYYY.0M.MICRO' }
    expect(defaultInitialVersion(april, { year: 2026, month: 6 })).toBe('2026.04.0')
    expect(defaultInitialVersion({ tagPrefix: 'v' }, undefined)).toBe('1.0.0')
    const lts = { tagPrefix: 'v', range: '2026.1.x', scheme: 'calver' as const, calver: 'YYYY.MINOR.MICRO' }
    expect(defaultInitialVersion(lts, { year: 2026, month: 5 })).toBe('2026.1.0')
    const calver = { tagPrefix: 'v', scheme: 'calver' as const, calver: 'YYYY.MINOR.MICRO' }
    expect(defaultInitialVersion(calver, { year: 2027, month: 5 })).toBe('2027.0.0')
  })
})
