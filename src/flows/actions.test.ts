import { describe, expect, it } from 'vitest'
import { announceReleaseCommand } from '../../commands/announce-release.ts'
import {
  ACTIONS,
  type ActionName,
  actionId,
  isTagArg,
  isTagListArg,
  parseActionId,
  TAG_ARG,
  TAG_LIST_ARG,
} from './actions.ts'

const ID = 'AbC_12-xyz'
const SAMPLES: { [N in ActionName]: Parameters<typeof actionId<N>>[1] } = {
  'announce.approve': { id: ID, rev: 3 },
  'announce.edit': { id: ID, rev: 1 },
  'announce.regenerate': { id: ID, rev: 12 },
  'announce.useModelDraft': { id: ID, rev: 9999 },
  'announce.cancel': { id: ID },
  'announce.retry': { id: ID },
  'announce.markPosted': { id: ID },
  'announce.anyway': { tag: '@scope/pkg@1.2.0' },
  'announce.again': { tag: 'v1.0.0' },
  'release.cut': { id: ID },
  'release.override': { id: ID },
  'release.cancel': { id: ID },
  'release.retry': { id: ID },
  'release.changelog': { id: ID, choice: 'grouped', hash: `sha256:${'ab'.repeat(32)}` },
  'release.announce': { tag: 'cli-v1.4.0' },
}

describe('the action table', () => {
  it.each(Object.keys(ACTIONS) as ActionName[])('%s round-trips through its id', (name) => {
    const params = SAMPLES[name] as never
    const parsed = parseActionId(actionId(name, params))
    const expected =
      name === 'release.changelog' ? { ...SAMPLES[name], hash: 'ab'.repeat(8) } : (SAMPLES[name] as object)
    expect(parsed).toEqual({ name, params: expected })
  })

  it('gives every action its own code', () => {
    const codes = Object.values(ACTIONS).map((a) => a.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it.each([
    ['an unknown code', 'z:ok:AbC_12-xyz:1'],
    ['a missing parameter', 'a:ok:AbC_12-xyz'],
    ['an extra parameter', 'r:cut:AbC_12-xyz:1'],
    ['an id with a forbidden character', 'r:cut:AbC$12xyz'],
    ['an id too short', 'r:cut:abc'],
    ['a revision of five digits', 'a:ok:AbC_12-xyz:12345'],
    ['a revision that is not a number', 'a:ok:AbC_12-xyz:1e3'],
    ['a tag with ..', 'r:ann:v1..2'],
    ['a tag starting with a dash', 'r:ann:-v1.0.0'],
    ['a tag over 80 characters', `r:ann:v${'1'.repeat(80)}`],
    ['a choice that is neither flat nor grouped', `r:cl:AbC_12-xyz:x:${'a'.repeat(16)}`],
    ['a hash that is not 16 hex digits', `r:cl:AbC_12-xyz:g:${'g'.repeat(16)}`],
    ['an id over 99 characters', `r:ann:${'a'.repeat(94)}`],
    ['nothing', ''],
  ])('refuses %s', (_, id) => {
    expect(parseActionId(id)).toBeUndefined()
  })

  it('keeps the longest id it builds within Discord’s 100 characters, with the transport prefix', () => {
    const longestTag = `v${'1'.repeat(TAG_ARG.maxLength - 1)}`
    expect(isTagArg(longestTag)).toBe(true)
    expect(`a${actionId('announce.anyway', { tag: longestTag })}`.length).toBeLessThanOrEqual(100)
    expect(parseActionId(actionId('announce.anyway', { tag: longestTag }))).toBeDefined()
  })

  it('takes tags by the same rule as the /announce-release command', () => {
    const option = announceReleaseCommand.options.find((o) => o.name === 'tag')!
    expect(option.maxLength).toBe(TAG_LIST_ARG.maxLength)
    expect(option.pattern).toBe(TAG_LIST_ARG.pattern)
    const tags = ['v1.0.0', 'my_pkg-v1.0.0', '@scope/pkg@1.2.0', 'v1..0', 'a b', `v${'1'.repeat(80)}`]
    for (const tag of [
      ...tags,
      'v0.12.4,v2026.1.4',
      'v1,',
      ',v1',
      'v1,,v2',
      'v1, v2',
      `v1,v${'1'.repeat(80)}`,
    ])
      expect(isTagListArg(tag)).toBe(option.pattern!.test(tag) && tag.length <= option.maxLength)
    // One tag is a list of one; a list is never one tag.
    for (const tag of tags) expect(isTagListArg(tag)).toBe(isTagArg(tag))
    expect(isTagArg('v0.12.4,v2026.1.4')).toBe(false)
    expect(isTagListArg('v0.12.4,v2026.1.4')).toBe(true)
    for (const bad of ['v1,', ',v1', 'v1,,v2', 'v1, v2', 'v1,v..2']) expect(isTagListArg(bad)).toBe(false)
  })

  it('carries the tags of one announcement of several releases on a button', () => {
    const id = actionId('release.announce', { tag: 'v0.12.4,v2026.1.4' })
    expect(parseActionId(id)).toEqual({ name: 'release.announce', params: { tag: 'v0.12.4,v2026.1.4' } })
  })
})
