/**
 * Claims and the audit log in the same SQLite file as the keyv table. A claim
 * is an insert-if-absent inside `BEGIN IMMEDIATE`, which takes the database's
 * write lock, so two processes sharing the file cannot both win; the audit
 * line is written in the same transaction.
 */
import type { DatabaseSync } from 'node:sqlite'
import type { ClaimBackend } from './keyv-state-store.ts'

export class SqliteClaims implements ClaimBackend {
  readonly #db: DatabaseSync
  readonly #ns: string

  constructor(db: DatabaseSync, namespace: string) {
    this.#db = db
    this.#ns = namespace
    db.exec(`CREATE TABLE IF NOT EXISTS claims (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      expires INTEGER NOT NULL
    ) WITHOUT ROWID`)
    db.exec(`CREATE TABLE IF NOT EXISTS audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      ns TEXT NOT NULL,
      entry TEXT NOT NULL
    )`)
    db.exec('CREATE INDEX IF NOT EXISTS audit_ns ON audit (ns, seq)')
    db.exec(`CREATE TABLE IF NOT EXISTS indexes (
      key TEXT NOT NULL,
      member TEXT NOT NULL,
      PRIMARY KEY (key, member)
    ) WITHOUT ROWID`)
  }

  async claim(key: string, value: string, ttlMs: number, audit: string | null): Promise<boolean> {
    const now = Date.now()
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      const k = this.#key(key)
      this.#db.prepare('DELETE FROM claims WHERE key = ? AND expires <= ?').run(k, now)
      const inserted =
        Number(
          this.#db
            .prepare('INSERT OR IGNORE INTO claims (key, value, expires) VALUES (?, ?, ?)')
            .run(k, value, now + ttlMs).changes,
        ) === 1
      if (inserted && audit !== null) this.#insertAudit(audit)
      this.#db.exec('COMMIT')
      return inserted
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK')
      throw error
    }
  }

  async readClaim(key: string): Promise<string | undefined> {
    const row = this.#db
      .prepare('SELECT value FROM claims WHERE key = ? AND expires > ?')
      .get(this.#key(key), Date.now()) as { value: string } | undefined
    return row?.value
  }

  async append(entry: string): Promise<void> {
    this.#insertAudit(entry)
  }

  async list(limit: number | undefined): Promise<string[]> {
    const rows = (
      limit === undefined
        ? this.#db.prepare('SELECT entry FROM audit WHERE ns = ? ORDER BY seq').all(this.#ns)
        : this.#db
            .prepare(
              'SELECT entry FROM (SELECT seq, entry FROM audit WHERE ns = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
            )
            .all(this.#ns, limit)
    ) as Array<{ entry: string }>
    return rows.map((r) => r.entry)
  }

  async index(op: 'add' | 'remove', key: string, member: string): Promise<void> {
    const sql =
      op === 'add'
        ? 'INSERT OR IGNORE INTO indexes (key, member) VALUES (?, ?)'
        : 'DELETE FROM indexes WHERE key = ? AND member = ?'
    this.#db.prepare(sql).run(this.#key(key), member)
  }

  async members(key: string): Promise<string[]> {
    const rows = this.#db.prepare('SELECT member FROM indexes WHERE key = ?').all(this.#key(key)) as Array<{
      member: string
    }>
    return rows.map((r) => r.member)
  }

  #key(key: string): string {
    return `${this.#ns}:${key}`
  }

  #insertAudit(entry: string): void {
    this.#db.prepare('INSERT INTO audit (ns, entry) VALUES (?, ?)').run(this.#ns, entry)
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close()
  }
}
