/**
 * A keyv 5 store adapter on Node's built-in `node:sqlite`. Written here
 * because `@keyv/sqlite` needs the `sqlite3` native addon, which Herald does
 * not ship (DESIGN.md: no native addons). WAL mode and a busy timeout let
 * several processes share the file; `@keyv/test-suite` checks the keyv contract.
 */
import { EventEmitter } from 'node:events'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

/** How long a writer waits for another process's lock before failing. */
const BUSY_TIMEOUT_MS = 10_000

export function openSqlite(path: string): DatabaseSync {
  if (path !== ':memory:') makeParents(dirname(path))
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS })
  try {
    db.exec('PRAGMA journal_mode = WAL')
    db.exec(`CREATE TABLE IF NOT EXISTS keyv (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      expires INTEGER
    ) WITHOUT ROWID`)
    assertOwnTable(db)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * The folders above the database, made one at a time: `mkdirSync` with
 * `recursive` loops forever on some pseudo file systems (`/proc/self/…`).
 */
function makeParents(dir: string): void {
  const missing: string[] = []
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break
    missing.unshift(d)
  }
  for (const d of missing) mkdirSync(d)
}

/** A `keyv` table another program made (other columns) would fail on first use: refuse it at once. */
function assertOwnTable(db: DatabaseSync): void {
  const columns = (db.prepare('PRAGMA table_info(keyv)').all() as { name: string }[]).map((c) => c.name)
  if (['key', 'value', 'expires'].every((c) => columns.includes(c))) return
  throw new Error(
    `the file holds a keyv table Herald did not create (columns ${columns.join(', ')}): it belongs to another program`,
  )
}

export class SqliteKeyvStore extends EventEmitter {
  /** keyv reads `dialect` to know the store can iterate. */
  readonly opts: { dialect: 'sqlite'; url: string }
  namespace?: string | undefined
  readonly db: DatabaseSync
  readonly #ownsDb: boolean

  constructor(pathOrDb: string | DatabaseSync) {
    super()
    this.#ownsDb = typeof pathOrDb === 'string'
    this.db = typeof pathOrDb === 'string' ? openSqlite(pathOrDb) : pathOrDb
    this.opts = { dialect: 'sqlite', url: `sqlite://${typeof pathOrDb === 'string' ? pathOrDb : 'shared'}` }
  }

  async get(key: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT value, expires FROM keyv WHERE key = ?').get(key) as
      | { value: string; expires: number | null }
      | undefined
    if (!row) return undefined
    if (row.expires !== null && row.expires <= Date.now()) {
      this.db.prepare('DELETE FROM keyv WHERE key = ? AND expires <= ?').run(key, Date.now())
      return undefined
    }
    return row.value
  }

  async getMany(keys: string[]): Promise<Array<string | undefined>> {
    return Promise.all(keys.map((k) => this.get(k)))
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? Date.now() + ttl : null
    this.db
      .prepare(
        'INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      )
      .run(key, typeof value === 'string' ? value : JSON.stringify(value), expires)
    return true
  }

  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      for (const { key, value, ttl } of entries) await this.set(key, value, ttl)
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  async delete(key: string): Promise<boolean> {
    return Number(this.db.prepare('DELETE FROM keyv WHERE key = ?').run(key).changes) > 0
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    let any = false
    for (const key of keys) any = (await this.delete(key)) || any
    return any
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return Promise.all(keys.map((k) => this.has(k)))
  }

  /** Clears the current namespace only (every key when there is none). */
  async clear(): Promise<void> {
    if (this.namespace) {
      const [lo, hi] = prefixRange(`${this.namespace}:`)
      this.db.prepare('DELETE FROM keyv WHERE key >= ? AND key < ?').run(lo, hi)
    } else {
      this.db.exec('DELETE FROM keyv')
    }
  }

  async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    const rows = (
      namespace
        ? this.db
            .prepare('SELECT key, value FROM keyv WHERE key >= ? AND key < ? ORDER BY key')
            .all(...prefixRange(`${namespace}:`))
        : this.db.prepare('SELECT key, value FROM keyv ORDER BY key').all()
    ) as Array<{ key: string; value: string }>
    for (const row of rows) yield [row.key, row.value]
  }

  async disconnect(): Promise<void> {
    if (this.#ownsDb && this.db.isOpen) this.db.close()
  }
}

/** Keys starting with `prefix` are exactly those in [prefix, prefix with its last character + 1). */
function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1)
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)]
}
