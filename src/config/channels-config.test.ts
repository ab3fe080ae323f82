import { describe, expect, it } from 'vitest'
import { durationMs } from './channels-schema.ts'
import { validate } from './load-config.ts'

const line = (channels: unknown) => ({ lines: [{ name: 'dashboard', tagPrefix: 'dashboard-v', channels }] })

describe('the channels config', () => {
  it.each([
    [
      'a full channels section',
      { canary: { soak: '24h' }, index: { branch: 'rel-index', assets: 'dist' } },
      null,
    ],
    ['an empty canary takes the default soak', { canary: {} }, null],
    ['a soak without a unit', { canary: { soak: '24' } }, 'expected a duration like 24h, 90m, 2d or 30s'],
    ['a soak past 90 days', { canary: { soak: '91d' } }, 'expected at most 90 days'],
    ['a branch that is an option', { index: { branch: '-x' } }, 'expected a branch name like herald-index'],
    ['an unknown key', { stable: {} }, 'unknown key "stable"'],
  ])('%s', (_, channels, error) => {
    const result = validate(line(channels), 'herald.config.yaml')
    if (error === null) expect(result.ok).toBe(true)
    else expect(!result.ok && result.errors.join('\n')).toContain(error)
  })

  it('fills the index branch and the soak when only the canary is named', () => {
    const result = validate(line({ canary: {} }), 'x')
    expect(result.ok && result.config.lines[0]!.channels).toEqual({
      canary: { soak: '24h' },
      index: { branch: 'herald-index' },
    })
  })

  it.each([
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['24h', 86_400_000],
    ['2d', 172_800_000],
  ])('%s is %i ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms)
  })

  it.each([
    ['promote', { promote: { users: ['U1'] } }],
    ['rollback', { rollback: { groups: ['S1'] } }],
  ])('takes auth.%s', (_, auth) => {
    expect(validate({ ...line(undefined), auth }, 'x').ok).toBe(true)
  })
})
