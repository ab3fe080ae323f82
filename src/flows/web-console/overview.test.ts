import { describe, expect, it } from 'vitest'
import { testLine } from '../../testing/test-line.ts'
import { type LineChannels, overview } from './overview.ts'

const cli = testLine({ name: 'cli', tagPrefix: 'cli-v' })
const web = testLine({
  name: 'web',
  tagPrefix: 'web-v',
  channels: { canary: { soak: '1h' }, index: { branch: 'herald-index' } },
})
const history = {
  tags: async () => [],
  resolveCommit: async () => null,
  range: async () => [],
} as unknown as Parameters<typeof overview>[0]
const WEB: LineChannels = { line: 'web', stable: '2.0.0', canary: { version: '2.1.0', soakLeft: '40m' } }

describe('the overview’s channels', () => {
  it.each([
    ['read', [WEB], [null, WEB]],
    ['not read (the index failed)', null, [null, 'unreadable']],
    ['read, but the line is missing from them', [], [null, null]],
  ])('per line, when the channels were %s', async (_, channels, expected) => {
    const rows = await overview(history, [cli, web], [], channels)
    expect(rows.map((r) => r.channels)).toEqual(expected)
  })
})
