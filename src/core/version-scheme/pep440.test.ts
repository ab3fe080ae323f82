import { compare as renovateCompare } from '@renovatebot/pep440'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CalverFormat, parseCalverFormat } from './calver-format.ts'
import { pep440Scheme } from './pep440.ts'

const pep = pep440Scheme()
const calverPep = pep440Scheme(parseCalverFormat('YY.MINOR.MICRO') as CalverFormat)

const nat = fc.nat({ max: 40 })
/** PEP 440 versions in normal form: release, then a pre-release, post-release or dev-release part. */
const versions = fc
  .tuple(
    fc.tuple(nat, nat, nat),
    fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc'), nat), { nil: undefined }),
    fc.option(nat, { nil: undefined }),
    fc.option(nat, { nil: undefined }),
  )
  .map(
    ([[x, y, z], pre, post, dev]) =>
      `${x}.${y}.${z}${pre ? `${pre[0]}${pre[1]}` : ''}${post === undefined ? '' : `.post${post}`}${dev === undefined ? '' : `.dev${dev}`}`,
  )

describe('the pep440 scheme', () => {
  it('reads back every version it writes, with or without a v', () => {
    fc.assert(
      fc.property(versions, (v) => {
        expect(pep.parse(v)).toBe(v)
        expect(pep.normalise(`v${v}`)).toBe(v)
      }),
    )
  })

  it('orders versions exactly as @renovatebot/pep440 does', () => {
    fc.assert(
      fc.property(versions, versions, (a, b) => {
        expect(Math.sign(pep.compare(a, b))).toBe(Math.sign(renovateCompare(a, b)))
      }),
    )
  })

  it('puts dev, alpha, beta and release candidates before the final release, and post-releases after', () => {
    const order = [
      '1.0.0.dev1',
      '1.0.0a1',
      '1.0.0a2',
      '1.0.0b1',
      '1.0.0rc1',
      '1.0.0rc2',
      '1.0.0',
      '1.0.0.post1',
      '1.0.1',
    ]
    const shuffled = [...order].reverse()
    expect(shuffled.sort(pep.compare)).toEqual(order)
  })

  it('reads only the normal form as a tag, and normalises what a person types', () => {
    expect(pep.parse('26.2.0-rc2')).toBeNull()
    expect(pep.normalise('26.2.0-rc2')).toBe('26.2.0rc2')
    expect(pep.normalise('v1.0.0c1')).toBe('1.0.0rc1')
    expect(pep.normalise('1.0.0-rc.1+local')).toBeNull()
    expect(pep.normalise('banana')).toBeNull()
  })

  it('knows pre-releases: a, b, rc and dev are, post-releases are not', () => {
    for (const v of ['1.0.0a1', '1.0.0b3', '26.2.0rc2', '1.0.0.dev4']) expect(pep.isPrerelease(v)).toBe(true)
    for (const v of ['1.0.0', '1.0.0.post1']) expect(pep.isPrerelease(v)).toBe(false)
    expect(pep.prereleaseId('26.2.0rc2')).toBe('rc')
    expect(pep.prereleaseId('1.0.0.dev4')).toBe('dev')
    expect(pep.core('26.2.0rc2')).toBe('26.2.0')
    expect(pep.isPrereleaseId('rc')).toBe(true)
    expect(pep.isPrereleaseId('beta')).toBe(false)
  })

  it('continues a pre-release series of the same core and identifier', () => {
    expect(pep.nextPrerelease('26.2.0', 'rc', [])).toBe('26.2.0rc1')
    expect(pep.nextPrerelease('26.2.0', 'rc', ['26.2.0rc1', '26.1.0rc7', '26.2.0b4'])).toBe('26.2.0rc2')
    expect(pep.nextPrerelease('1.0.0', 'dev', ['1.0.0.dev3', '1.0.0rc1'])).toBe('1.0.0.dev4')
  })

  it('bumps the release segments, from the core of a pre- or post-release', () => {
    expect(pep.increment('1.2.3', 'minor', undefined)).toBe('1.3.0')
    expect(pep.increment('1.2.3.post1', 'patch', undefined)).toBe('1.2.4')
    expect(pep.increment('2.0', 'major', undefined)).toBe('3.0.0')
  })

  it('with a calver format, follows it: a new year starts at YY.0.0', () => {
    expect(calverPep.parse('26.2.0rc2')).toBe('26.2.0rc2')
    expect(calverPep.parse('2026.2.0')).toBeNull()
    expect(calverPep.increment('26.2.0', 'minor', { year: 2026, month: 6 })).toBe('26.3.0')
    expect(calverPep.increment('26.2.0', 'minor', { year: 2027, month: 1 })).toBe('27.0.0')
    expect(calverPep.increment('26.2.0', 'patch', { year: 2027, month: 1 })).toBe('26.2.1')
    expect(calverPep.nextPrerelease('26.2.0', 'rc', ['26.2.0rc1'])).toBe('26.2.0rc2')
  })
})
