/**
 * A store Herald cannot use stops `herald serve` within a bounded time with
 * exit 2 and one line naming the store (credentials masked) and what to do;
 * `herald doctor` reports the same. Child processes, as an operator runs them.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { baseEnv } from './helpers/serve-process.ts'

const BIN = join(import.meta.dirname, '..', 'bin', 'herald.js')

let repo: TestRepo
let server: Server | undefined
const sockets: Socket[] = []

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
  repo?.remove()
})

function setUp(): string {
  repo = createRepo()
  repo.commit('feat: initial')
  writeFileSync(join(repo.dir, 'herald.config.yaml'), 'lines:\n  - name: app\n    tagPrefix: v\n')
  return repo.dir
}

/** `herald <args>` in `cwd`; its exit code, output and how long it took. */
function herald(args: string[], cwd: string, env: Record<string, string>) {
  const started = Date.now()
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: baseEnv(env), timeout: 40_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (error.code as number | null) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    )
  })
}

const SERVE_ENV = { PORT: '0', SLACK_BOT_TOKEN: 'xoxb-e2e-token', SLACK_SIGNING_SECRET: 'e2e-signing-secret' }

/** A TCP port that accepts connections and never answers (a Redis that hangs). */
async function silentPort(): Promise<number> {
  server = createServer((s) => void sockets.push(s))
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address() as { port: number }
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

function foreignSqlite(dir: string): string {
  const path = join(dir, 'other.db')
  const db = new DatabaseSync(path)
  db.exec('CREATE TABLE keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)')
  db.close()
  return path
}

describe('herald serve refuses a store it cannot use, in one line', () => {
  it.each([
    [
      'a SQLite path under /proc',
      async () => 'sqlite:/proc/self/herald/herald.db',
      'herald: store: SQLite /proc/self/herald/herald.db cannot be used (',
    ],
    [
      'a SQLite file with a foreign keyv table',
      async () => `sqlite:${foreignSqlite(repo.dir)}`,
      'cannot be used (the file holds a keyv table Herald did not create (columns key, value)',
    ],
    [
      'an unreachable Redis',
      async () => `redis://herald:redis-pass-0123456789@127.0.0.1:${await closedPort()}`,
      'cannot be used (ECONNREFUSED): start Redis or correct HERALD_STORE',
    ],
    [
      'a Redis that never answers',
      async () => `redis://herald:redis-pass-0123456789@127.0.0.1:${await silentPort()}`,
      'cannot be used (writing: no answer in 10 s): start Redis or correct HERALD_STORE',
    ],
  ])(
    '%s',
    async (_name, store, expected) => {
      const dir = setUp()
      const run = await herald(['serve'], dir, { ...SERVE_ENV, HERALD_STORE: await store() })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(expected)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(run.stderr).not.toContain('redis-pass')
      expect(run.stderr).not.toContain('    at ')
      expect(run.stdout).not.toContain('herald serving')
      expect(run.ms).toBeLessThan(20_000)
    },
    45_000,
  )
})

describe('herald doctor reports the same', () => {
  it.each([
    [
      'a SQLite path under /proc',
      async () => 'sqlite:/proc/self/herald/herald.db',
      'SQLite /proc/self/herald/herald.db is not reachable and writable (',
    ],
    [
      'a SQLite file with a foreign keyv table',
      async () => `sqlite:${foreignSqlite(repo.dir)}`,
      'is not reachable and writable (the file holds a keyv table Herald did not create',
    ],
  ])(
    '%s',
    async (_name, store, expected) => {
      const dir = setUp()
      const run = await herald(['doctor'], dir, { HERALD_STORE: await store() })
      expect(run.code).toBe(1)
      expect(run.stdout).toContain('✗ store: SQLite ')
      expect(run.stdout).toContain(expected)
    },
    45_000,
  )
})
