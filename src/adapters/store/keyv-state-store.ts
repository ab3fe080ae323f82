/**
 * The state port on keyv 5: records through keyv (any of its stores), claims
 * and the audit log through a backend-specific primitive, because keyv has no
 * insert-if-absent (a SQLite insert in a transaction, Redis SET NX PX,
 * a Map in memory).
 */
import type Keyv from 'keyv'
import type { AuditEntry, StateStore } from '../../ports/store.ts'

/** What each backend adds to keyv: the atomic claim and the append-only log. */
export interface ClaimBackend {
  claim(key: string, value: string, ttlMs: number, audit: string | null): Promise<boolean>
  readClaim(key: string): Promise<string | undefined>
  append(entry: string): Promise<void>
  list(limit: number | undefined): Promise<string[]>
  /** The small sets behind `StateStore.addToIndex` and friends. */
  index(op: 'add' | 'remove', key: string, member: string): Promise<void>
  members(key: string): Promise<string[]>
  close(): Promise<void>
}

export class KeyvStateStore implements StateStore {
  readonly #keyv: Keyv
  readonly #claims: ClaimBackend
  readonly #forceClose: (() => void) | undefined

  /**
   * @param forceClose drops the connection at once: `close` uses it when the
   * graceful close has not finished within 2 s (a server that stopped answering).
   */
  constructor(keyv: Keyv, claims: ClaimBackend, forceClose?: () => void) {
    this.#keyv = keyv
    this.#claims = claims
    this.#forceClose = forceClose
    // keyv emits store errors as events; the calls below rethrow them (throwOnErrors).
    keyv.on('error', () => {})
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#keyv.get(key)) as T | undefined
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    const done = await this.#keyv.set(key, value, ttlMs)
    if (!done) throw new Error(`state store: could not save "${key}"`)
  }

  async delete(key: string): Promise<void> {
    await this.#keyv.delete(key)
  }

  claim(key: string, value: string, ttlMs: number, audit?: AuditEntry): Promise<boolean> {
    return this.#claims.claim(key, value, ttlMs, audit ? JSON.stringify(audit) : null)
  }

  readClaim(key: string): Promise<string | undefined> {
    return this.#claims.readClaim(key)
  }

  addToIndex(key: string, member: string): Promise<void> {
    return this.#claims.index('add', key, member)
  }

  removeFromIndex(key: string, member: string): Promise<void> {
    return this.#claims.index('remove', key, member)
  }

  listIndex(key: string): Promise<string[]> {
    return this.#claims.members(key)
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.#claims.append(JSON.stringify(entry))
  }

  async listAudit(options?: { limit?: number | undefined }): Promise<AuditEntry[]> {
    const rows = await this.#claims.list(options?.limit)
    return rows.map((row) => JSON.parse(row) as AuditEntry)
  }

  async close(): Promise<void> {
    const graceful = (async () => {
      await this.#keyv.disconnect()
      await this.#claims.close()
    })()
    if (!this.#forceClose) return graceful
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 2_000)
    })
    const ended = await Promise.race([graceful.then(() => 'closed' as const), late]).finally(() =>
      clearTimeout(timer),
    )
    if (ended === 'late') {
      graceful.catch(() => {})
      this.#forceClose()
    }
  }
}

/** Claims in a Map: atomic because one event loop runs them (tests, `memory:`). */
export class MemoryClaims implements ClaimBackend {
  readonly #claims = new Map<string, { value: string; expires: number }>()
  readonly #log: string[] = []
  readonly #sets = new Map<string, Set<string>>()

  async claim(key: string, value: string, ttlMs: number, audit: string | null): Promise<boolean> {
    const held = this.#claims.get(key)
    if (held && held.expires > Date.now()) return false
    this.#claims.set(key, { value, expires: Date.now() + ttlMs })
    if (audit !== null) this.#log.push(audit)
    return true
  }

  async readClaim(key: string): Promise<string | undefined> {
    const held = this.#claims.get(key)
    return held && held.expires > Date.now() ? held.value : undefined
  }

  async append(entry: string): Promise<void> {
    this.#log.push(entry)
  }

  async list(limit: number | undefined): Promise<string[]> {
    return limit === undefined ? [...this.#log] : this.#log.slice(-limit)
  }

  async index(op: 'add' | 'remove', key: string, member: string): Promise<void> {
    const set = this.#sets.get(key) ?? new Set<string>()
    this.#sets.set(key, set)
    if (op === 'add') set.add(member)
    else set.delete(member)
  }

  async members(key: string): Promise<string[]> {
    return [...(this.#sets.get(key) ?? [])]
  }

  async close(): Promise<void> {}
}
