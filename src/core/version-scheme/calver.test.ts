import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calverScheme } from './calver.ts'
import { type CalverFormat, parseCalverFormat } from './calver-format.ts'

const schemeFor = (text: string) => calverScheme(parseCalverFormat(text) as CalverFormat)
const yyyy = schemeFor('YYYY.MINOR.MICRO')
const yy = schemeFor('YY.MINOR.MICRO')
const months = schemeFor('YYYY.0M.MICRO')

const tuples = fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.nat({ max: 60 }), fc.nat({ max: 60 }))
const compareTuples = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!

describe('calendar versions', () => {
  it('read back what they write', () => {
    fc.assert(
      fc.property(tuples, ([y, m, p]) => {
        expect(yyyy.parse(`${y}.${m}.${p}`)).toBe(`${y}.${m}.${p}`)
        expect(yyyy.parse(`${y}.${m}.${p}-rc.${p + 1}`)).toBe(`${y}.${m}.${p}-rc.${p + 1}`)
        const month = (m % 12) + 1
        const padded = `${y}.${String(month).padStart(2, '0')}.${p}`
        expect(months.parse(padded)).toBe(padded)
      }),
    )
  })

  it('order as their numbers do', () => {
    fc.assert(
      fc.property(tuples, tuples, (a, b) => {
        expect(Math.sign(yyyy.compare(a.join('.'), b.join('.')))).toBe(Math.sign(compareTuples(a, b)))
      }),
    )
  })

  it('refuse versions of another format', () => {
    expect(yyyy.parse('26.1.0')).toBeNull()
    expect(yyyy.parse('2026.01.0')).toBeNull()
    expect(months.parse('2026.1.0')).toBeNull()
    expect(months.parse('2026.13.0')).toBeNull()
    expect(yy.parse('2026.1.0')).toBeNull()
    expect(yy.parse('26.1.0')).toBe('26.1.0')
  })

  it('a minor or major moves to the next MINOR, or to YEAR.0.0 in a new year; a patch keeps the year', () => {
    const in2026 = { year: 2026, month: 7 }
    const in2027 = { year: 2027, month: 1 }
    expect(yyyy.increment('2026.1.3', 'minor', in2026)).toBe('2026.2.0')
    expect(yyyy.increment('2026.1.3', 'major', in2026)).toBe('2026.2.0')
    expect(yyyy.increment('2026.1.3', 'minor', in2027)).toBe('2027.0.0')
    expect(yyyy.increment('2026.1.3', 'patch', in2027)).toBe('2026.1.4')
    expect(yy.increment('26.4.0', 'minor', in2027)).toBe('27.0.0')
    // A clock behind the last release never goes back in time.
    expect(yyyy.increment('2027.0.0', 'minor', in2026)).toBe('2027.1.0')
  })

  it('with a month, a minor moves to this month (or raises MICRO within it)', () => {
    expect(months.increment('2026.04.2', 'minor', { year: 2026, month: 7 })).toBe('2026.07.0')
    expect(months.increment('2026.07.0', 'minor', { year: 2026, month: 7 })).toBe('2026.07.1')
    expect(months.increment('2026.12.5', 'minor', { year: 2027, month: 1 })).toBe('2027.01.0')
    expect(months.initial({ year: 2026, month: 3 })).toBe('2026.03.0')
  })

  it('number pre-release series after the calendar core', () => {
    expect(yyyy.nextPrerelease('2026.2.0', 'rc', ['2026.2.0-rc.1', '2026.1.0-rc.5'])).toBe('2026.2.0-rc.2')
    expect(months.nextPrerelease('2026.04.0', 'beta', [])).toBe('2026.04.0-beta.1')
    expect(yyyy.isPrerelease('2026.2.0-rc.2')).toBe(true)
    expect(yyyy.core('2026.2.0-rc.2')).toBe('2026.2.0')
  })

  it('say what is wrong with a format', () => {
    expect(parseCalverFormat('YYYY.MM')).toMatch(/three parts ending in MICRO/)
    expect(parseCalverFormat('YYYYY.MINOR.MICRO')).toMatch(/the first part is the year/)
    expect(parseCalverFormat('YYYY.WEEK.MICRO')).toMatch(/the second part is MINOR/)
  })
})
