/**
 * The store checked before Herald serves: opened, written, read back and
 * cleared within a bounded time, or one clear error naming the store (its
 * credentials masked) and what to do. `herald serve` and `herald doctor`
 * share it, so a store `herald doctor` passes is one `herald serve` starts on.
 */
import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import type { StateStore } from '../../ports/store.ts'
import { type OpenStoreOptions, openStore, type StoreSpec } from './open-store.ts'

/** How long the start-up check may take in all (a Redis that never answers). */
export const STORE_CHECK_MS = 10_000

export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable'
  /** Why, in a few words (`ECONNREFUSED`, `reading: no answer in 10 s`). */
  readonly reason: string
  constructor(message: string, reason: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
    this.name = 'StoreUnavailableError'
  }
}

/** The store without its secrets: a Redis URL may carry a password. */
export function describeStore(spec: StoreSpec): string {
  switch (spec.kind) {
    case 'memory':
      return 'memory'
    case 'sqlite':
      return `SQLite ${spec.path}`
    case 'redis': {
      const url = new URL(spec.url)
      return `Redis ${url.hostname}:${url.port || 6379}`
    }
  }
}

/** What to do when the store of `spec` cannot be used. */
export function storeAdvice(spec: StoreSpec): string {
  if (spec.kind === 'redis')
    return 'start Redis or correct HERALD_STORE (redis://host:6379; rediss:// for TLS), and check the password and network'
  if (spec.kind === 'sqlite')
    return 'make the directory writable by the user running Herald (in the container: mount a volume at /data), or point HERALD_STORE at a writable file of Herald’s own'
  return 'run herald doctor again; this is a bug if it persists'
}

/** The store of `spec`, opened and probed within `timeoutMs`; throws `StoreUnavailableError` otherwise. */
export async function openCheckedStore(
  spec: StoreSpec,
  options: OpenStoreOptions = {},
  timeoutMs: number = STORE_CHECK_MS,
): Promise<StateStore> {
  const deadline = Date.now() + timeoutMs
  const left = () => Math.max(1, deadline - Date.now())
  let store: StateStore | undefined
  try {
    // A Redis client retries a refused connection until the timeout; a plain connect says why at once.
    if (spec.kind === 'redis') await probeTcp(new URL(spec.url), left())
    const opening = openStore(spec, options)
    // Closed when it opens too late, so a client left retrying does not keep the process alive.
    store = await withTimeout(opening, left(), 'opening it', () => opening.then((s) => s.close()))
    const key = `probe:${randomUUID()}`
    await withTimeout(store.set(key, 'ok', 60_000), left(), 'writing')
    const read = await withTimeout(store.get<string>(key), left(), 'reading')
    await withTimeout(store.delete(key), left(), 'deleting')
    if (read !== 'ok') throw new Error('a value written could not be read back')
    return store
  } catch (error) {
    // A store waiting on a silent server drops its connection after a short grace (its `close`).
    await store?.close().catch(() => {})
    const reason = firstLine(error)
    throw new StoreUnavailableError(
      `store: ${describeStore(spec)} cannot be used (${reason}): ${storeAdvice(spec)}`,
      reason,
      { cause: error },
    )
  }
}

async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  onLate?: () => Promise<unknown>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onLate?.().catch(() => {})
      reject(new Error(`${what}: no answer in ${Math.ceil(ms / 1000)} s`))
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function probeTcp(url: URL, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) })
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer in ${Math.ceil(timeoutMs / 1000)} s`)),
    )
    socket.once('connect', () => {
      socket.destroy()
      resolve()
    })
    socket.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)))
  })
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // A client's message may carry its URL: never the credentials in it.
  return message
    .split('\n')[0]!
    .replace(/\/\/[^\s/@]*@/g, '//…@')
    .slice(0, 200)
}
