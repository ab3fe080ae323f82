import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../ports/store.ts'
import { defaultStorePath, openStore, parseStoreSpec, type StoreSpec } from './open-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const backends: Array<[string, StoreSpec]> = [
  ['memory', { kind: 'memory' }],
  ['sqlite', { kind: 'sqlite', path: join(dir, 'state.db') }],
]
if (process.env.REDIS_URL) backends.push(['redis', { kind: 'redis', url: process.env.REDIS_URL }])

const entry = (action: string): AuditEntry => ({
  at: '2026-01-01T00:00:00.000Z',
  actor: { platform: 'console', userId: 'console' },
  subject: 'announce:x',
  action,
  outcome: 'done',
  from: null,
  to: action,
})

describe.each(backends)('state store on %s', (_name, spec) => {
  const open = () => openStore(spec, { namespace: `test-${randomUUID()}` })

  it('lets exactly one of many concurrent claims win, and logs only the winner', async () => {
    const store = await open()
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.claim('k', `v${i}`, 60_000, entry(`try-${i}`))),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const winner = results.indexOf(true)
    expect(await store.readClaim('k')).toBe(`v${winner}`)
    expect((await store.listAudit()).map((e) => e.action)).toEqual([`try-${winner}`])
    await store.close()
  })

  it('frees a claim once its time to live has passed', async () => {
    const store = await open()
    expect(await store.claim('short', 'a', 20)).toBe(true)
    await new Promise((r) => setTimeout(r, 60))
    expect(await store.readClaim('short')).toBeUndefined()
    expect(await store.claim('short', 'b', 60_000)).toBe(true)
    expect(await store.readClaim('short')).toBe('b')
    await store.close()
  })

  it('stores records with a time to live and lists the audit log oldest first', async () => {
    const store = await open()
    await store.set('rec', { state: 'drafted', n: 1 }, 60_000)
    expect(await store.get('rec')).toEqual({ state: 'drafted', n: 1 })
    await store.set('gone', 1, 20)
    await new Promise((r) => setTimeout(r, 60))
    expect(await store.get('gone')).toBeUndefined()
    for (const a of ['one', 'two', 'three']) await store.appendAudit(entry(a))
    expect((await store.listAudit()).map((e) => e.action)).toEqual(['one', 'two', 'three'])
    expect((await store.listAudit({ limit: 2 })).map((e) => e.action)).toEqual(['two', 'three'])
    await store.close()
  })

  it('keeps small indexes: members added once, removed, listed per key', async () => {
    const store = await open()
    expect(await store.listIndex('announce:in-flight')).toEqual([])
    await Promise.all(['a#3', 'b#5', 'a#3'].map((m) => store.addToIndex('announce:in-flight', m)))
    await store.addToIndex('release:in-flight', 'c#2')
    expect((await store.listIndex('announce:in-flight')).sort()).toEqual(['a#3', 'b#5'])
    await store.removeFromIndex('announce:in-flight', 'a#3')
    await store.removeFromIndex('announce:in-flight', 'missing#1')
    expect(await store.listIndex('announce:in-flight')).toEqual(['b#5'])
    expect(await store.listIndex('release:in-flight')).toEqual(['c#2'])
    await store.close()
  })
})

describe('HERALD_STORE', () => {
  it.each([
    [undefined, { kind: 'sqlite', path: '/data/herald/repo-0123456789/herald.db' }],
    ['sqlite:/var/lib/herald.db', { kind: 'sqlite', path: '/var/lib/herald.db' }],
    ['sqlite:state/h.db', { kind: 'sqlite', path: '/repo/state/h.db' }],
    ['memory:', { kind: 'memory' }],
    ['redis://127.0.0.1:6379', { kind: 'redis', url: 'redis://127.0.0.1:6379' }],
  ])('reads %s', (value, expected) => {
    expect(parseStoreSpec(value, '/repo', '/data/herald/repo-0123456789/herald.db')).toEqual({
      ok: true,
      value: expected,
    })
  })

  it.each([
    [
      'XDG_DATA_HOME',
      { XDG_DATA_HOME: '/xdg' },
      '/srv/widget',
      /^\/xdg\/herald\/widget-[0-9a-f]{10}\/herald\.db$/,
    ],
    [
      'no XDG_DATA_HOME: ~/.local/share',
      {},
      '/srv/widget',
      new RegExp(`^${homedir()}/\\.local/share/herald/widget-`),
    ],
    [
      'a relative XDG_DATA_HOME is ignored',
      { XDG_DATA_HOME: 'rel' },
      '/srv/widget',
      /\.local\/share\/herald\//,
    ],
  ])('the default store: %s', (_name, env, repoDir, expected) => {
    expect(defaultStorePath(env, repoDir)).toMatch(expected)
  })

  it('the default store is one per repository, whatever the working directory', () => {
    const env = { XDG_DATA_HOME: '/xdg' }
    expect(defaultStorePath(env, '/a/widget')).not.toBe(defaultStorePath(env, '/b/widget'))
    expect(defaultStorePath(env, '/a/widget/')).toBe(defaultStorePath(env, '/a/widget'))
  })

  it('refuses an unknown scheme without echoing the value (it may hold a password)', () => {
    const parsed = parseStoreSpec('postgres://user:secret@db/herald', '/repo')
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.error).not.toContain('secret')
      expect(parsed.error).toMatchInlineSnapshot(
        `"HERALD_STORE is not understood: use sqlite:<path>, redis://host:6379 or memory: (unset: $XDG_DATA_HOME/herald/<repository>/herald.db, ~/.local/share by default)"`,
      )
    }
  })
})
