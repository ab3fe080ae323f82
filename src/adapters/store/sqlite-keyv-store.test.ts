import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import keyvTestSuite, { keyvIteratorTests } from '@keyv/test-suite'
import Keyv from 'keyv'
import * as test from 'vitest'
import { openSqlite, SqliteKeyvStore } from './sqlite-keyv-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-keyv-'))
test.afterAll(() => rmSync(dir, { recursive: true, force: true }))

// One connection shared by the suite's stores, like the state store's keyv and claims tables.
const db = openSqlite(join(dir, 'suite.db'))
const store = () => new SqliteKeyvStore(db)

// The suite is typed against its own vitest copy (4.x); the runtime API it uses is the same.
const suiteTest = test as unknown as Parameters<typeof keyvTestSuite>[0]
keyvTestSuite(suiteTest, Keyv, store)
keyvIteratorTests(suiteTest, Keyv, store)

test.describe('SqliteKeyvStore', () => {
  test.it('keeps values across a reopen of the file (a restart)', async () => {
    const path = join(dir, 'restart.db')
    const first = new Keyv({ store: new SqliteKeyvStore(path), namespace: 'herald' })
    await first.set('plan', { version: '1.2.0' }, 60_000)
    await first.disconnect()
    const second = new Keyv({ store: new SqliteKeyvStore(path), namespace: 'herald' })
    test.expect(await second.get('plan')).toEqual({ version: '1.2.0' })
    await second.disconnect()
  })

  test.it('clears only its namespace, including names with LIKE wildcards', async () => {
    const s = new SqliteKeyvStore(join(dir, 'ns.db'))
    const a = new Keyv({ store: s, namespace: 'a_%' })
    const b = new Keyv({ store: new SqliteKeyvStore(s.db), namespace: 'ab%' })
    await a.set('k', 1)
    await b.set('k', 2)
    await a.clear()
    test.expect(await a.get('k')).toBeUndefined()
    test.expect(await b.get('k')).toBe(2)
  })
})
