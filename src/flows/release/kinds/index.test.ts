import { describe, expect, it } from 'vitest'
import { kindNamed, kindOf, RELEASE_KINDS } from './index.ts'

describe('the release kinds', () => {
  it('registers each kind once, and a pr line asks publish before opening a new release PR', () => {
    const names = RELEASE_KINDS.map((k) => k.name)
    expect(new Set(names).size).toBe(names.length)
    expect(RELEASE_KINDS.filter((k) => k.modes.includes('pr')).map((k) => k.name)).toEqual(['publish', 'pr'])
    expect(RELEASE_KINDS.filter((k) => k.modes.includes('tag')).map((k) => k.name)).toEqual(['tag'])
  })

  it('reads records written before release kinds existed as tag releases', () => {
    expect(kindOf({ action: undefined }).name).toBe('tag')
    expect(kindOf({ action: 'publish' }).name).toBe('publish')
  })

  it('applies the two-person rule to what releases, not to opening a release PR', () => {
    expect(Object.fromEntries(RELEASE_KINDS.map((k) => [k.name, k.releases]))).toEqual({
      publish: true,
      pr: false,
      tag: true,
      canary: true,
      promote: true,
      rollback: false,
      lines: true,
    })
  })

  it('refuses a record of a kind this Herald does not know, loudly', () => {
    expect(() => kindNamed('deploy' as never)).toThrow('release: no release kind "deploy" is registered')
  })
})
