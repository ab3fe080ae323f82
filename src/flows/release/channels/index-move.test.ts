import { describe, expect, it } from 'vitest'
import { openStore } from '../../../adapters/store/open-store.ts'
import type { IndexMove, SignedIndex } from '../../../core/index/release-index.ts'
import { resolveLine } from '../../../core/release-line.ts'
import type { ReleaseIndexHost, StoredIndex } from '../../../ports/release-index-host.ts'
import { TestClock } from '../../../testing/test-clock.ts'
import type { ReleaseDeps } from '../release-kind.ts'
import { writeMove } from './index-move.ts'

/** An index branch in memory, compare-and-swap on its ref like the git one. */
class MemoryIndex implements ReleaseIndexHost {
  ref = 0
  doc: SignedIndex | null = null
  writes = 0
  async read(): Promise<StoredIndex | null> {
    return this.doc ? { doc: this.doc, text: JSON.stringify(this.doc), ref: String(this.ref) } : null
  }
  async write(_line: string, _branch: string, doc: SignedIndex, expected: string | null) {
    await new Promise((r) => setTimeout(r, 1))
    if ((expected ?? '0') !== String(this.ref)) return false
    this.ref++
    this.doc = doc
    this.writes++
    return true
  }
  async assets() {
    return []
  }
  async markStable() {}
  async markRolledBack() {}
}

const line = resolveLine({
  name: 'web',
  tagPrefix: 'v',
  paths: [],
  excludePaths: [],
  ignoreTags: [],
  initialVersion: '1.0.0',
  branch: 'main',
  mode: 'tag',
  versionFiles: [],
  channels: { canary: { soak: '1h' }, index: { branch: 'herald-index' } },
})
const canary: IndexMove = {
  action: 'canary',
  version: '1.0.0',
  actor: 'slack:U1',
  reason: null,
  ticket: null,
  at: '2026-03-01T00:00:00.000Z',
  release: { tag: 'v1.0.0', sha: 'a'.repeat(40), assets: [] },
}

async function setup() {
  const index = new MemoryIndex()
  const deps = {
    store: await openStore({ kind: 'memory' }),
    clock: new TestClock(),
    index,
    indexKey: null,
  } as unknown as ReleaseDeps
  const first = await writeMove(deps, line, 'rec-canary', canary, null)
  expect(first).toEqual({ ok: true, value: 1 })
  return { deps, index }
}

describe('writing a channel move to the index', () => {
  it('gives one sequence to one of many racing moves, and tells the others someone acted first', async () => {
    const { deps, index } = await setup()
    const promote = { ...canary, action: 'promote' as const, release: undefined }
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writeMove(deps, line, `rec-${i}`, promote, 1)),
    )
    expect(results.filter((r) => r.ok).map((r) => r.ok && r.value)).toEqual([2])
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
      Array(19).fill('moved_first'),
    )
    expect(index.writes).toBe(2)
    expect(index.doc!.signed.sequence).toBe(2)
  })

  it('does nothing more when a move that already landed is retried', async () => {
    const { deps, index } = await setup()
    expect(await writeMove(deps, line, 'rec-canary', canary, null)).toEqual({ ok: true, value: 1 })
    expect(index.writes).toBe(1)
  })

  it('refuses a promote or rollback planned on an index that has moved since', async () => {
    const { deps } = await setup()
    const promote = { ...canary, action: 'promote' as const, release: undefined }
    const stale = await writeMove(deps, line, 'rec-late', promote, 0)
    expect(stale).toMatchObject({ ok: false, error: { code: 'moved_first' } })
  })
})
