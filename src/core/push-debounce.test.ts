import { describe, expect, it } from 'vitest'
import { parsePushDebounce } from './push-debounce.ts'

describe('parsePushDebounce', () => {
  it.each([
    [undefined, { ok: true, value: 10_000 }],
    ['', { ok: true, value: 10_000 }],
    ['500ms', { ok: true, value: 500 }],
    ['10s', { ok: true, value: 10_000 }],
    [' 2m ', { ok: true, value: 120_000 }],
    ['100ms', { ok: true, value: 100 }],
    ['10m', { ok: true, value: 600_000 }],
  ])('%j → %j', (value, expected) => {
    expect(parsePushDebounce(value)).toEqual(expected)
  })

  it.each(['99ms', '11m', '10', 'soon', '1h', '-5s'])('refuses %j, saying what it takes', (value) => {
    expect(parsePushDebounce(value)).toEqual({
      ok: false,
      error: `HERALD_PUSH_DEBOUNCE must be a duration like 500ms, 10s or 2m, between 100ms and 10m (got "${value}")`,
    })
  })
})
