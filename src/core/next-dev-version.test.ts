import { describe, expect, it } from 'vitest'
import { advancesNext, nextDevelopmentVersion, writeNextVersion } from './next-dev-version.ts'

describe('next development version', () => {
  it('moves after a final .0 release only', () => {
    expect(advancesNext('26.7.0')).toBe(true)
    expect(advancesNext('26.7.1')).toBe(false)
    expect(advancesNext('26.8.0-rc.1')).toBe(false)
    expect(nextDevelopmentVersion('26.7.0', 'minor')).toEqual({ ok: true, value: '26.8.0' })
    expect(nextDevelopmentVersion('26.7.0', 'major')).toEqual({ ok: true, value: '27.0.0' })
    expect(nextDevelopmentVersion('26.7.1', 'minor')).toEqual({ ok: true, value: null })
  })

  it('takes an override above the release, and refuses it where nothing moves', () => {
    expect(nextDevelopmentVersion('26.12.0', 'minor', '27.1.0')).toEqual({ ok: true, value: '27.1.0' })
    expect(nextDevelopmentVersion('26.12.0', 'minor', '26.12.0')).toMatchObject({ ok: false })
    expect(nextDevelopmentVersion('26.12.0', 'minor', 'soon')).toMatchObject({ ok: false })
    expect(nextDevelopmentVersion('26.12.1', 'minor', '27.1.0')).toMatchObject({
      ok: false,
      error: expect.stringContaining('goes with a final release ending in .0'),
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
