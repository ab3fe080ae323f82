/**
 * The console front-end end to end, driven through stdin on a real
 * temporary git repository: `/release` -> preview -> cut -> the tag exists;
 * `/announce-release` -> draft -> edit -> approve -> exactly one post on a
 * local Discord webhook server.
 */

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { createReleaseRepo, EDITED_ANNOUNCEMENT } from './helpers/chat-e2e.ts'

let repo: TestRepo
let server: Server
let posts: { url: string; body: { content: string; allowed_mentions?: unknown } }[]

beforeEach(async () => {
  posts = []
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      posts.push({ url: req.url ?? '', body: JSON.parse(body) })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id: '1111', channel_id: '2222', content: JSON.parse(body).content }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
})
afterEach(async () => {
  repo?.remove()
  await new Promise((r) => server.close(r))
})

/** Feeds lines one at a time, each once the console has printed `waitFor`. */
async function converse(steps: [waitFor: string, line: string][], env: NodeJS.ProcessEnv) {
  const input = new PassThrough()
  let output = ''
  let waiting: { text: string; from: number; resolve: () => void } | null = null
  const io = {
    out: (t: string) => {
      output += t
      if (waiting && output.indexOf(waiting.text, waiting.from) >= 0) {
        const w = waiting
        waiting = null
        w.resolve()
      }
    },
    err: (t: string) => {
      output += t
    },
    env,
    cwd: repo.dir,
    interactive: false,
    input,
  }
  const run = main(['serve', '--repo', repo.dir], io)
  // Each expected text must appear after the previous line was sent.
  let sentAt = 0
  for (const [text, line] of steps) {
    if (output.indexOf(text, sentAt) < 0) {
      await new Promise<void>((resolve, reject) => {
        waiting = { text, from: sentAt, resolve }
        setTimeout(
          () => reject(new Error(`console never printed ${JSON.stringify(text)}:\n${output}`)),
          20_000,
        )
      })
    }
    sentAt = output.length
    input.write(`${line}\n`)
  }
  input.end()
  const code = await run
  return { code, output }
}

describe('console chat, end to end', () => {
  it('previews, cuts, drafts, edits, approves and posts exactly once', async () => {
    // The console user is the operator at the keyboard: `auth` rules name chat users, not it.
    repo = createReleaseRepo(['release: { users: [U0SOMEONE] }'])
    const webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/123/secret-token`
    const env = { HERALD_STORE: 'memory:', DEMO_RELEASE_WEBHOOK: webhook }
    const withoutPing = EDITED_ANNOUNCEMENT.split('\n')
    const edited = withoutPing.map((l) => (l.startsWith('We added') ? `${l} @everyone` : l))
    const { code, output } = await converse(
      [
        ['Choose a button', '/release line:cli'],
        ['[1] Cut release', '1'],
        ['[1] Announce', '/announce-release v1.1.0'],
        ['[2] Edit', '2'],
        ['end with a line', [...edited, '.'].join('\n')],
        ['[1] Edit', '1'],
        ['end with a line', [...withoutPing, '.'].join('\n')],
        ['[1] Approve & post', '1'],
        ['osted', '/quit'],
      ],
      env,
    )
    expect(code).toBe(0)
    // The cut: an annotated tag on exactly the previewed commit, carrying the notes.
    expect(repo.sha('v1.1.0')).toBe(repo.sha('HEAD'))
    expect(repo.git('cat-file', '-t', 'v1.1.0')).toBe('tag')
    expect(repo.git('tag', '-l', '--format=%(contents)', 'v1.1.0')).toContain('add compare command')
    // The edit with a mass mention was refused by the linter (no approve button), the clean one was posted once.
    expect(output).toContain('[mass-mention]')
    expect(posts).toHaveLength(1)
    expect(posts[0]!.url).toBe('/api/webhooks/123/secret-token?wait=true')
    expect(posts[0]!.body.content).toBe(withoutPing.join('\n'))
    expect(posts[0]!.body.allowed_mentions).toEqual({ parse: [] })
    // The webhook URL is a secret: never printed.
    expect(output).not.toContain('secret-token')
  }, 60_000)
})

describe('herald serve without a platform', () => {
  it('refuses PORT without Slack or Discord instead of opening a console nobody can type into', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const { runCli } = await import('./helpers/run-cli.ts')
    const r = await runCli(['serve', '--repo', repo.dir], { env: { PORT: '0', HERALD_STORE: 'memory:' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('PORT is set but neither Slack, Discord nor GitHub webhooks are configured')
  })

  it('refuses GitHub webhooks on a Herald without GitHub access', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const { runCli } = await import('./helpers/run-cli.ts')
    const env = { PORT: '0', HERALD_STORE: 'memory:', GITHUB_WEBHOOK_SECRET: 'github-webhook-secret-0123' }
    const r = await runCli(['serve', '--repo', repo.dir], { env })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('GITHUB_WEBHOOK_SECRET is set but this Herald has no GitHub access')
  })
})
