/**
 * `herald serve` with only the console chat, `PORT` and `HERALD_PUBLIC_URL`:
 * the web console runs beside the terminal, and `/release console` typed
 * there prints a sign-in link that works once.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Io } from '../src/cli/io.ts'
import { main } from '../src/cli/main.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('herald serve: the console chat with the web console', () => {
  it('prints a single-use sign-in link for the terminal operator', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const port = await freePort()
    const input = new PassThrough()
    let out = ''
    const io: Io = {
      out: (t) => {
        out += t
      },
      err: () => {},
      env: { PORT: String(port), HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`, HERALD_STORE: 'memory:' },
      cwd: repo.dir,
      interactive: false,
      input,
    }
    const running = main(['serve', '--repo', repo.dir], io)
    input.write('/release console\n')
    await vi.waitFor(() => expect(out).toMatch(/\/console\/login\/[\w-]{43}/), { timeout: 20_000 })
    const link = /http:\/\/127\.0\.0\.1:\d+\/console\/login\/[\w-]{43}/.exec(out)![0]
    const first = await fetch(link)
    expect([first.status, first.headers.get('set-cookie')]).toEqual([
      200,
      expect.stringMatching(/^herald_console=[\w-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/),
    ])
    expect((await fetch(link)).status).toBe(403)
    input.end()
    expect(await running).toBe(0)
    expect(out).toContain(`Web console on port ${port}`)
  }, 60_000)

  it('refuses HERALD_PUBLIC_URL with a path', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    let err = ''
    const code = await main(['serve', '--repo', repo.dir], {
      out: () => {},
      err: (t) => {
        err += t
      },
      env: { PORT: '0', HERALD_PUBLIC_URL: 'https://herald.example.com/herald', HERALD_STORE: 'memory:' },
      cwd: repo.dir,
      interactive: false,
      input: new PassThrough(),
    })
    expect([code, err.trim()]).toEqual([
      2,
      'herald: HERALD_PUBLIC_URL: expected the address people reach herald serve at, like https://herald.example.com, with no path (https://herald.example.com/herald)',
    ])
  })
})
