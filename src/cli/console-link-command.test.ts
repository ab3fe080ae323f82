import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../adapters/store/open-store.ts'
import { ConsoleAccess } from '../flows/web-console/console-access.ts'
import type { Io } from './io.ts'
import { main } from './main.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-console-link-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
writeFileSync(
  join(dir, 'herald.config.yaml'),
  'lines:\n  - { name: app, tagPrefix: v }\nauth:\n  approve: { users: [U045DEF] }\n',
)
const db = join(dir, 'herald.db')
const env = { HERALD_STORE: `sqlite:${db}`, HERALD_PUBLIC_URL: 'https://herald.example.com' }

async function herald(argv: string[], environment: NodeJS.ProcessEnv = env) {
  let stdout = ''
  let stderr = ''
  const io: Io = {
    out: (t) => {
      stdout += t
    },
    err: (t) => {
      stderr += t
    },
    env: environment,
    cwd: dir,
    interactive: false,
  }
  return { code: await main(argv, io), stdout, stderr }
}

/** Opens `url` the way the web console does, against the same store `herald serve` would read. */
async function signIn(url: string) {
  const store = await openStore({ kind: 'sqlite', path: db })
  try {
    const access = new ConsoleAccess({
      store,
      clock: { now: () => new Date() },
      auth: undefined,
      publicUrl: new URL(env.HERALD_PUBLIC_URL),
    })
    return await access.signIn(url.split('/').at(-1)!)
  } finally {
    await store.close()
  }
}

describe('herald console-link', () => {
  it('prints a link that signs the named user in once, through the store herald serve reads', async () => {
    const made = await herald(['console-link', '--user', 'U045DEF', '--platform', 'slack'])
    expect(made.code).toBe(0)
    expect(made.stdout).toMatch(/^https:\/\/herald\.example\.com\/console\/login\/[A-Za-z0-9_-]{43}\n$/)
    expect(made.stderr).toBe(
      'The link works once, for 10 minutes, for slack user U045DEF. Do not share it.\n',
    )
    const first = await signIn(made.stdout.trim())
    expect(first.ok && first.session.actor).toEqual({
      platform: 'slack',
      userId: 'U045DEF',
      roles: [],
      groups: [],
    })
    expect(await signIn(made.stdout.trim())).toMatchObject({ ok: false, message: /used already/ })
  })

  it('gives a console operator a link by default, as JSON with --json', async () => {
    const made = await herald(['console-link', '--user', 'alice', '--json'])
    expect(made.code).toBe(0)
    const doc = JSON.parse(made.stdout)
    expect({ ...doc, url: undefined }).toEqual({ user: 'alice', platform: 'console', url: undefined })
    const signed = await signIn(doc.url)
    expect(signed.ok && signed.session.actor.platform).toBe('console')
  })

  it.each([
    [
      ['--user', 'U999', '--platform', 'slack'],
      1,
      /^herald: You may not use the web console: it is for people named in auth .*\(U999\)\.\n$/,
    ],
    [
      ['--user', 'u045def', '--platform', 'slack'],
      2,
      /^herald: --user "u045def": not a slack user id: give one like U024BE7LH\n$/,
    ],
    [
      ['--user', '12ab', '--platform', 'discord'],
      2,
      /not a discord user id: give one like 80351110224678912\n$/,
    ],
    [
      ['--user', 'U045DEF', '--platform', 'teams'],
      2,
      /argument 'teams' is invalid\. Allowed choices are slack, discord, console/,
    ],
    [[], 2, /required option '--user <id>' not specified/],
  ])('refuses %j with exit %i and one clear line', async (args, code, stderr) => {
    const out = await herald(['console-link', ...args])
    expect(out.code).toBe(code)
    expect(out.stdout).toBe('')
    expect(out.stderr).toMatch(stderr)
  })

  it.each([
    [{ HERALD_STORE: env.HERALD_STORE }, /^herald: HERALD_PUBLIC_URL is not set: set it to the address/],
    [
      { ...env, HERALD_PUBLIC_URL: 'https://herald.example.com/console' },
      /^herald: HERALD_PUBLIC_URL: expected the address/,
    ],
    [
      { ...env, HERALD_STORE: 'memory:' },
      /^herald: HERALD_STORE is an in-memory store: a link written there is gone/,
    ],
  ])('refuses an environment it cannot make a usable link with (%j)', async (environment, stderr) => {
    const out = await herald(['console-link', '--user', 'alice'], environment)
    expect(out).toMatchObject({ code: 2, stdout: '' })
    expect(out.stderr).toMatch(stderr)
  })

  it('explains itself with --help', async () => {
    const help = await herald(['console-link', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Needs HERALD_PUBLIC_URL and the state store herald serve uses')
    expect(help.stdout).toContain('--platform <platform>')
  })
})
