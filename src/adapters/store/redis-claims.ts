/**
 * Claims and the audit log on Redis: `SET key value NX PX ttl` and, only when
 * it succeeds, `RPUSH` of the audit line, in one Lua script so that both
 * happen or neither does, whichever replica runs it. Indexes are Redis sets.
 */
import type { ClaimBackend } from './keyv-state-store.ts'

const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
  return 1
end
return 0`

/** The part of a node-redis client used here. */
export type RedisCommands = {
  sendCommand(args: string[]): Promise<unknown>
}

export class RedisClaims implements ClaimBackend {
  readonly #client: () => Promise<RedisCommands>
  readonly #prefix: string

  constructor(client: () => Promise<RedisCommands>, prefix: string) {
    this.#client = client
    this.#prefix = prefix
  }

  async claim(key: string, value: string, ttlMs: number, audit: string | null): Promise<boolean> {
    const client = await this.#client()
    const won = await client.sendCommand([
      'EVAL',
      CLAIM_SCRIPT,
      '2',
      this.#claimKey(key),
      this.#auditKey(),
      value,
      String(Math.max(1, Math.round(ttlMs))),
      audit ?? '',
    ])
    return Number(won) === 1
  }

  async readClaim(key: string): Promise<string | undefined> {
    const value = await (await this.#client()).sendCommand(['GET', this.#claimKey(key)])
    return typeof value === 'string' ? value : undefined
  }

  async append(entry: string): Promise<void> {
    await (await this.#client()).sendCommand(['RPUSH', this.#auditKey(), entry])
  }

  async list(limit: number | undefined): Promise<string[]> {
    const start = limit === undefined ? '0' : String(-limit)
    const rows = await (await this.#client()).sendCommand(['LRANGE', this.#auditKey(), start, '-1'])
    return Array.isArray(rows) ? rows.map(String) : []
  }

  async index(op: 'add' | 'remove', key: string, member: string): Promise<void> {
    await (await this.#client()).sendCommand([op === 'add' ? 'SADD' : 'SREM', this.#indexKey(key), member])
  }

  async members(key: string): Promise<string[]> {
    const rows = await (await this.#client()).sendCommand(['SMEMBERS', this.#indexKey(key)])
    return Array.isArray(rows) ? rows.map(String) : []
  }

  /** The keyv adapter owns the connection and closes it. */
  async close(): Promise<void> {}

  #claimKey(key: string): string {
    return `${this.#prefix}:claim:${key}`
  }

  #indexKey(key: string): string {
    return `${this.#prefix}:index:${key}`
  }

  #auditKey(): string {
    return `${this.#prefix}:audit`
  }
}
