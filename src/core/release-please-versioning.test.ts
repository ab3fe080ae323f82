import { describe, expect, it } from 'vitest'
import {
  alwaysBump,
  compareSeriesVersions,
  nextPrereleaseText,
  releasePleaseNext,
} from './release-please-versioning.ts'

// The tables of release-please's own tests of its `prerelease` strategy:
// a breaking change, a feature, a fix, each from the same versions.
describe('release-please versioning: prerelease', () => {
  it.each([
    ['1.2.3', 'major', '2.0.0'],
    ['1.0.0-beta01', 'major', '1.0.0-beta02'],
    ['2.0.0-beta01', 'major', '2.0.0-beta02'],
    ['1.0.1-beta01', 'major', '2.0.0-beta01'],
    ['1.1.0-beta01', 'major', '2.0.0-beta01'],
    ['1.1.1-beta01', 'major', '2.0.0-beta01'],
    ['1.0.0-beta.0', 'major', '1.0.0-beta.1'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.0.0-beta01', 'minor', '1.0.0-beta02'],
    ['2.0.0-beta01', 'minor', '2.0.0-beta02'],
    ['1.0.1-beta01', 'minor', '1.1.0-beta01'],
    ['1.1.0-beta01', 'minor', '1.1.0-beta02'],
    ['1.1.1-beta01', 'minor', '1.2.0-beta01'],
    ['1.0.0-beta.0', 'minor', '1.0.0-beta.1'],
    ['1.2.3', 'patch', '1.2.4'],
    ['1.0.0-beta01', 'patch', '1.0.0-beta02'],
    ['1.0.1-beta01', 'patch', '1.0.1-beta02'],
    ['1.1.1-beta01', 'patch', '1.1.1-beta02'],
    ['1.0.0-beta1', 'patch', '1.0.0-beta2'],
    ['1.0.0-beta9', 'patch', '1.0.0-beta10'],
    ['1.0.0-beta09', 'patch', '1.0.0-beta10'],
    ['1.0.0-beta2023.1', 'patch', '1.0.0-beta2023.2'],
  ] as const)('%s after a %s bump is %s', (from, bump, to) => {
    expect(releasePleaseNext(from, bump, 'prerelease')).toBe(to)
  })

  it.each([
    ['1.2.3', 'minor', '1.3.0-beta'],
    ['1.2.3', 'major', '2.0.0-beta'],
    ['1.2.3', 'patch', '1.2.4-beta'],
    ['1.3.0-beta', 'patch', '1.3.0-beta.1'],
    ['1.3.0-beta.1', 'minor', '1.3.0-beta.2'],
  ] as const)('with prerelease-type beta, %s after a %s bump is %s', (from, bump, to) => {
    expect(releasePleaseNext(from, bump, 'prerelease', 'beta')).toBe(to)
  })
})

describe('release-please versioning: default and always-bump', () => {
  it.each([
    ['1.2.3', 'minor', 'default', '1.3.0'],
    ['1.2.3', 'major', 'always-bump-patch', '1.2.4'],
    ['1.2.3', 'patch', 'always-bump-minor', '1.3.0'],
    ['1.2.3', 'patch', 'always-bump-major', '2.0.0'],
    ['0.4.1', 'patch', 'always-bump-major', '1.0.0'],
    // release-please keeps a pre-release text as it is outside its prerelease strategy.
    ['1.2.3-beta1', 'minor', 'default', '1.3.0-beta1'],
  ] as const)('%s after a %s bump under %s is %s', (from, bump, versioning, to) => {
    expect(releasePleaseNext(from, bump, versioning)).toBe(to)
  })

  it.each([
    ['default', null],
    ['prerelease', null],
    ['always-bump-patch', 'patch'],
    ['always-bump-minor', 'minor'],
    ['always-bump-major', 'major'],
  ] as const)('%s always bumps %s', (versioning, bump) => {
    expect(alwaysBump(versioning)).toBe(bump)
  })
})

describe('pre-release texts', () => {
  it.each([
    ['beta01', 'beta02'],
    ['beta1', 'beta2'],
    ['beta09', 'beta10'],
    ['beta99', 'beta100'],
    ['beta2023.1', 'beta2023.2'],
    ['beta01-01', 'beta01-02'],
    ['beta', 'beta.1'],
    ['rc.1', 'rc.2'],
  ])('%s is followed by %s', (pre, next) => {
    expect(nextPrereleaseText(pre)).toBe(next)
  })

  it.each([
    ['1.0.0-beta10', '1.0.0-beta9', 1],
    ['1.0.0-beta09', '1.0.0-beta10', -1],
    ['1.0.0', '1.0.0-beta10', 1],
    ['1.0.1-beta1', '1.0.0', 1],
    ['1.0.0-beta.2', '1.0.0-beta.2', 0],
  ])('orders %s against %s as %i', (a, b, sign) => {
    expect(Math.sign(compareSeriesVersions(a, b))).toBe(sign)
  })
})
