/**
 * `HERALD_STORE` → a state store: `sqlite:<path>`, `redis://…` / `rediss://…`,
 * or `memory:`. Unset, a SQLite file per user and repository in the XDG data
 * directory (`defaultStorePath`).
 */
import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import { basename, isAbsolute, join, resolve } from 'node:path'
import Keyv from 'keyv'
import { err, ok, type Result } from '../../core/result.ts'
import type { StateStore } from '../../ports/store.ts'
import { KeyvStateStore, MemoryClaims } from './keyv-state-store.ts'
import { RedisClaims, type RedisCommands } from './redis-claims.ts'
import { SqliteClaims } from './sqlite-claims.ts'
import { openSqlite, SqliteKeyvStore } from './sqlite-keyv-store.ts'

/** How the default store is described in messages and help. */
export const DEFAULT_STORE_TEXT = '$XDG_DATA_HOME/herald/<repository>/herald.db, ~/.local/share by default'

export type StoreSpec = { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string } | { kind: 'memory' }

/**
 * The default store of a repository: `$XDG_DATA_HOME/herald/<name>-<hash>/herald.db`
 * (`~/.local/share` when XDG_DATA_HOME is unset or relative, as the XDG spec
 * says), one per user and per repository folder, wherever Herald was started.
 */
export function defaultStorePath(env: NodeJS.ProcessEnv, repoDir: string): string {
  const xdg = env['XDG_DATA_HOME']?.trim()
  const data = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share')
  const dir = resolve(repoDir)
  const key = `${basename(dir).replace(/[^\w.-]/g, '_') || 'root'}-${createHash('sha256').update(dir).digest('hex').slice(0, 10)}`
  return join(data, 'herald', key, 'herald.db')
}

/** Parse `HERALD_STORE`; relative SQLite paths are taken from `cwd`; unset, `fallbackPath`. */
export function parseStoreSpec(
  value: string | undefined,
  cwd: string,
  fallbackPath?: string,
): Result<StoreSpec, string> {
  const spec = value?.trim() || (fallbackPath ? `sqlite:${fallbackPath}` : '')
  if (!spec) return err('HERALD_STORE is not set and no repository names the default store: set HERALD_STORE')
  if (spec === 'memory:' || spec === 'memory') return ok({ kind: 'memory' })
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (path === '')
      return err('HERALD_STORE "sqlite:" needs a file path, like sqlite:/var/lib/herald/herald.db')
    return ok({ kind: 'sqlite', path: path === ':memory:' || isAbsolute(path) ? path : resolve(cwd, path) })
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    try {
      new URL(spec)
    } catch {
      return err(
        'HERALD_STORE is not a valid Redis URL: use redis://host:6379 or rediss://user:password@host:6380',
      )
    }
    return ok({ kind: 'redis', url: spec })
  }
  // Never echo the value: a Redis URL may carry a password.
  return err(
    `HERALD_STORE is not understood: use sqlite:<path>, redis://host:6379 or memory: (unset: ${DEFAULT_STORE_TEXT})`,
  )
}

export type OpenStoreOptions = {
  /** Key prefix / namespace inside the backend (default `herald`); tests use their own. */
  namespace?: string | undefined
}

/** The store options the environment sets: `HERALD_STORE_NAMESPACE`. */
export function storeOptionsFromEnv(env: NodeJS.ProcessEnv): OpenStoreOptions {
  return { namespace: env['HERALD_STORE_NAMESPACE']?.trim() || undefined }
}

export async function openStore(spec: StoreSpec, options: OpenStoreOptions = {}): Promise<StateStore> {
  const namespace = options.namespace ?? 'herald'
  switch (spec.kind) {
    case 'memory':
      return new KeyvStateStore(new Keyv({ namespace, throwOnErrors: true }), new MemoryClaims())
    case 'sqlite': {
      const db = openSqlite(spec.path)
      const keyv = new Keyv({ store: new SqliteKeyvStore(db), namespace, throwOnErrors: true })
      return new KeyvStateStore(keyv, new SqliteClaims(db, namespace))
    }
    case 'redis': {
      // Loaded only for a Redis store: the client costs about 25 MiB of a
      // server's memory that a SQLite or memory store never uses.
      const { default: KeyvRedis } = await import('@keyv/redis')
      const adapter = new KeyvRedis(spec.url, { throwOnConnectError: true, throwOnErrors: true })
      const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true })
      const client = async () => (await adapter.getClient()) as unknown as RedisCommands
      // A Redis that stopped answering never finishes a graceful close: drop the socket then.
      const destroy = () => (adapter.client as unknown as { destroy(): void }).destroy()
      return new KeyvStateStore(keyv, new RedisClaims(client, namespace), destroy)
    }
  }
}
