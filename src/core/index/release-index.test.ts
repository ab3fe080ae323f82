import { describe, expect, it } from 'vitest'
import { applyMove, emptyIndex, type IndexMove, type IndexSigned } from './release-index.ts'

const AT = '2026-03-01T12:00:00.000Z'
const move = (action: IndexMove['action'], version: string, over: Partial<IndexMove> = {}): IndexMove => ({
  action,
  version,
  actor: 'slack:U1',
  reason: null,
  ticket: null,
  at: AT,
  ...(action === 'canary' ? { release: { tag: `v${version}`, sha: 'a'.repeat(40), assets: [] } } : {}),
  ...over,
})

/** Applies moves in order, failing the test on a refusal. */
function run(...moves: IndexMove[]): IndexSigned {
  let index = emptyIndex('web', AT)
  for (const m of moves) {
    const next = applyMove(index, m, index.sequence + 1)
    if (!next.ok) throw new Error(next.error)
    index = next.value
  }
  return index
}

describe('applying a move to the release index', () => {
  it.each([
    ['a canary sets the canary channel', [move('canary', '1.0.0')], { stable: null, canary: '1.0.0' }],
    [
      'promoting the canary empties the canary channel',
      [move('canary', '1.0.0'), move('promote', '1.0.0')],
      { stable: '1.0.0', canary: null },
    ],
    [
      'promoting an older version keeps the newer canary',
      [move('canary', '1.0.0'), move('canary', '1.1.0'), move('promote', '1.0.0')],
      { stable: '1.0.0', canary: '1.1.0' },
    ],
    [
      'a rollback makes the earlier version stable again',
      [
        move('canary', '1.0.0'),
        move('promote', '1.0.0'),
        move('canary', '1.1.0'),
        move('promote', '1.1.0'),
        move('rollback', '1.0.0', { reason: 'crash' }),
      ],
      { stable: '1.0.0', canary: null },
    ],
  ] as const)('%s', (_, moves, channels) => {
    const index = run(...moves)
    expect(index.channels).toEqual(channels)
    expect(index.sequence).toBe(moves.length)
    expect(index.events.map((e) => e.sequence)).toEqual(moves.map((_, i) => i + 1))
  })

  it('marks the replaced version rolled back with actor, reason and ticket, and keeps it listed', () => {
    const index = run(
      move('canary', '1.0.0'),
      move('promote', '1.0.0'),
      move('canary', '1.1.0'),
      move('promote', '1.1.0'),
      move('rollback', '1.0.0', { reason: 'crash on start', ticket: 'INC-42', actor: 'slack:U9' }),
    )
    expect(index.versions.map((v) => [v.version, v.rolledBack])).toEqual([
      ['1.0.0', null],
      ['1.1.0', { at: AT, actor: 'slack:U9', reason: 'crash on start', ticket: 'INC-42' }],
    ])
    expect(index.events.at(-1)).toEqual({
      sequence: 5,
      action: 'rollback',
      version: '1.0.0',
      channel: 'stable',
      actor: 'slack:U9',
      reason: 'crash on start',
      ticket: 'INC-42',
      at: AT,
    })
  })

  it('lists a version tagged before the line had channels when stable moves to it', () => {
    const index = run(move('canary', '1.1.0'), move('promote', '1.1.0'))
    const release = {
      tag: 'v1.0.0',
      sha: 'd'.repeat(40),
      assets: [],
      publishedAt: '2025-01-01T00:00:00.000Z',
    }
    const back = applyMove(index, move('rollback', '1.0.0', { reason: 'crash', release }), 3)
    expect(back.ok && back.value.channels.stable).toBe('1.0.0')
    expect(
      back.ok && back.value.versions.map((v) => [v.version, v.publishedAt, Boolean(v.rolledBack)]),
    ).toEqual([
      ['1.1.0', AT, true],
      ['1.0.0', '2025-01-01T00:00:00.000Z', false],
    ])
  })

  const A = { name: 'app.js', sha256: 'a'.repeat(64) }
  const B = { name: 'app.js', sha256: 'b'.repeat(64) }
  const found = (assets: (typeof A)[]) => ({ release: { tag: 'v1.1.0', sha: 'a'.repeat(40), assets } })
  it.each([
    ['a promote fills a version listed without assets', [], [A], [A]],
    ['a promote that finds none keeps none', [], [], []],
    ['hashes once listed never change', [A], [B], [A]],
  ] as const)('%s', (_, atCanary, atPromote, listed) => {
    const canary = move('canary', '1.1.0', {
      release: { tag: 'v1.1.0', sha: 'a'.repeat(40), assets: [...atCanary] },
    })
    const index = run(canary, move('promote', '1.1.0', found([...atPromote])))
    expect(index.versions.map((v) => v.assets)).toEqual([listed])
  })

  const promoted = () => run(move('canary', '1.0.0'), move('promote', '1.0.0'))
  it.each([
    [
      'a sequence that skips one',
      () => applyMove(promoted(), move('canary', '2.0.0'), 4),
      'sequence 4 does not follow 2',
    ],
    [
      'a sequence used again',
      () => applyMove(promoted(), move('canary', '2.0.0'), 2),
      'sequence 2 does not follow 2',
    ],
    [
      'a canary of a version already listed',
      () => applyMove(promoted(), move('canary', '1.0.0'), 3),
      '1.0.0 is already in the index',
    ],
    [
      'promoting a version never released',
      () => applyMove(promoted(), move('promote', '3.0.0'), 3),
      '3.0.0 was never released on line web',
    ],
    [
      'promoting the stable version again',
      () => applyMove(promoted(), move('promote', '1.0.0'), 3),
      '1.0.0 is already stable',
    ],
    [
      'rolling back to the stable version',
      () => applyMove(promoted(), move('rollback', '1.0.0', { reason: 'x' }), 3),
      '1.0.0 is already the stable version',
    ],
    [
      'rolling back with no stable version',
      () => applyMove(run(move('canary', '1.0.0')), move('rollback', '1.0.0', { reason: 'x' }), 2),
      'has no stable version',
    ],
    [
      'rolling back without a reason',
      () =>
        applyMove(
          run(move('canary', '1.0.0'), move('canary', '1.1.0'), move('promote', '1.1.0')),
          move('rollback', '1.0.0'),
          4,
        ),
      'a rollback needs a reason',
    ],
    [
      'promoting a version that was rolled back',
      () =>
        applyMove(
          run(
            move('canary', '1.0.0'),
            move('promote', '1.0.0'),
            move('canary', '1.1.0'),
            move('promote', '1.1.0'),
            move('rollback', '1.0.0', { reason: 'bad' }),
          ),
          move('promote', '1.1.0'),
          6,
        ),
      '1.1.0 was rolled back (bad)',
    ],
  ])('refuses %s', (_, apply, message) => {
    const result = apply()
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toContain(message)
  })
})
