import { describe, expect, it } from 'vitest'
import { advancesNext, advanceVersion, nextDevelopmentVersion, writeNextVersion } from './next-dev-version.ts'

const semver = { tagPrefix: 'v' }
const pep440 = { tagPrefix: '', scheme: 'pep440' as const }
const backend = { tagPrefix: '', scheme: 'pep440' as const, calver: 'YY.MINOR.MICRO' }
const monthly = { tagPrefix: 'v', scheme: 'calver' as const, calver: 'YYYY.0M.MICRO' }
const yearly = { tagPrefix: 'v', scheme: 'calver' as const, calver: 'YYYY.MINOR.MICRO' }

describe('next development version', () => {
  it('moves after a final .0 release only', () => {
    expect(advancesNext(semver, '26.7.0')).toBe(true)
    expect(advancesNext(semver, '26.7.1')).toBe(false)
    expect(advancesNext(semver, '26.8.0-rc.1')).toBe(false)
    expect(nextDevelopmentVersion(semver, '26.7.0', 'minor')).toEqual({ ok: true, value: '26.8.0' })
    expect(nextDevelopmentVersion(semver, '26.7.0', 'major')).toEqual({ ok: true, value: '27.0.0' })
    expect(nextDevelopmentVersion(semver, '26.7.1', 'minor')).toEqual({ ok: true, value: null })
  })

  it('reads PEP 440 versions by their release numbers: pre- and post-releases do not move it', () => {
    expect(advancesNext(backend, '26.2.0')).toBe(true)
    expect(advancesNext(backend, '26.2.0rc2')).toBe(false)
    expect(advancesNext(backend, '26.2.0.dev1')).toBe(false)
    expect(advancesNext(backend, '26.2.0.post1')).toBe(false)
    expect(advancesNext(backend, '26.2.1')).toBe(false)
    expect(advancesNext(pep440, '2.0')).toBe(true)
    // Not a version of the line's scheme: nothing moves (and nothing throws).
    expect(advancesNext(semver, '26.2.0rc2')).toBe(false)
  })

  it('advances the release numbers in the line scheme, without reading the date', () => {
    expect(nextDevelopmentVersion(backend, '26.2.0', 'minor')).toEqual({ ok: true, value: '26.3.0' })
    expect(advanceVersion(backend, '26.12.0', 'minor')).toBe('26.13.0')
    expect(advanceVersion(backend, '26.7.0', 'major')).toBe('27.0.0')
    expect(advanceVersion(backend, '26.7.0', 'patch')).toBe('26.7.1')
    expect(advanceVersion(yearly, '2026.1.0', 'minor')).toBe('2026.2.0')
    expect(advanceVersion(yearly, '2026.1.0', 'major')).toBe('2027.0.0')
    // A month format: the next month, across the year's end.
    expect(advanceVersion(monthly, '2026.07.0', 'minor')).toBe('2026.08.0')
    expect(advanceVersion(monthly, '2026.12.0', 'minor')).toBe('2027.01.0')
    expect(advanceVersion(monthly, '2026.04.0', 'major')).toBe('2027.01.0')
    // PEP 440 keeps the count of release numbers, and an epoch.
    expect(advanceVersion(pep440, '2.0', 'minor')).toBe('2.1')
    expect(advanceVersion(pep440, '2.0', 'patch')).toBe('2.0.1')
    expect(advanceVersion(pep440, '1!2.0.0', 'major')).toBe('1!3.0.0')
  })

  it('takes an override above the release, and refuses it where nothing moves', () => {
    expect(nextDevelopmentVersion(semver, '26.12.0', 'minor', '27.1.0')).toEqual({
      ok: true,
      value: '27.1.0',
    })
    expect(nextDevelopmentVersion(semver, '26.12.0', 'minor', '26.12.0')).toMatchObject({ ok: false })
    expect(nextDevelopmentVersion(semver, '26.12.0', 'minor', 'soon')).toMatchObject({ ok: false })
    expect(nextDevelopmentVersion(semver, '26.12.1', 'minor', '27.1.0')).toMatchObject({
      ok: false,
      error: expect.stringContaining('goes with a final release ending in .0'),
    })
  })

  it('checks an override by the line scheme', () => {
    expect(nextDevelopmentVersion(backend, '26.12.0', 'minor', '27.0.0')).toEqual({
      ok: true,
      value: '27.0.0',
    })
    expect(nextDevelopmentVersion(backend, '26.12.0', 'minor', '27.0.0rc1')).toEqual({
      ok: true,
      value: '27.0.0rc1',
    })
    // Typed as people do: `v` and PEP 440's other spellings are normalised.
    expect(nextDevelopmentVersion(backend, '26.12.0', 'minor', 'v27.0.0-rc1')).toEqual({
      ok: true,
      value: '27.0.0rc1',
    })
    // PEP 440 orders 26.12.0rc1 below 26.12.0.
    expect(nextDevelopmentVersion(backend, '26.12.0', 'minor', '26.12.0rc1')).toEqual({
      ok: false,
      error: 'next:26.12.0rc1 must be above the version released, 26.12.0',
    })
    expect(nextDevelopmentVersion(backend, '26.12.0', 'minor', '2027.1.0')).toEqual({
      ok: false,
      error: 'next:2027.1.0 is not a PEP 440 version: give one like 26.13.0',
    })
    expect(nextDevelopmentVersion(semver, '26.12.0', 'minor', '27.0.0rc1')).toEqual({
      ok: false,
      error: 'next:27.0.0rc1 is not a semantic version: give one like 26.13.0',
    })
    expect(nextDevelopmentVersion(monthly, '2026.12.0', 'minor', '2027.1.0')).toEqual({
      ok: false,
      error: 'next:2027.1.0 is not a calendar version: give one like 2027.01.0',
    })
  })

  it('replaces the named group of the first match only', () => {
    const file = 'NEXT_RELEASE_VERSION = "26.7.0"\nOTHER = "26.7.0"\n'
    expect(writeNextVersion(file, 'NEXT_RELEASE_VERSION = "(?<version>[^"]+)"', '26.8.0')).toEqual({
      ok: true,
      value: 'NEXT_RELEASE_VERSION = "26.8.0"\nOTHER = "26.7.0"\n',
    })
    expect(writeNextVersion('nothing here', 'V = "(?<version>[^"]+)"', '1.0.0')).toMatchObject({ ok: false })
  })
})
