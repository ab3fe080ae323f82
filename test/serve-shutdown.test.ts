/**
 * Shutdown: `herald serve` as a child process in Slack HTTP mode
 * gets SIGTERM while an approved announcement is being posted. It stops
 * taking requests, finishes the post and its reply, and exits 0; the audit
 * log (`herald audit --json` on the same store) shows how the post ended.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { type LocalServer, startLocalServer } from './chat/support.ts'
import {
  createReleaseRepo,
  postSlack,
  SLACK_SECRET,
  slackActionIds,
  slackApiReply,
  slackClick,
  slackCommand,
} from './helpers/chat-e2e.ts'
import { baseEnv, readAudit, type ServeProcess, startServe } from './helpers/serve-process.ts'

const RELEASER = 'U0RELEASE'
const APPROVER = 'U0APPROVE'

let repo: TestRepo | undefined
let stateDir: string | undefined
let serve: ServeProcess | undefined
let servers: { close(): Promise<void> }[] = []

afterEach(async () => {
  serve?.kill()
  await serve?.exited
  await Promise.all(servers.map((s) => s.close()))
  servers = []
  repo?.remove()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
  serve = repo = stateDir = undefined
})

/** A Discord webhook that holds each post until the test releases it. */
async function startHeldWebhook() {
  const held: { res: ServerResponse; content: string }[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => held.push({ res, content: JSON.parse(body).content }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/1/held-token`
  return {
    url,
    held,
    release() {
      for (const { res, content } of held.splice(0))
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: '9', channel_id: '42', guild_id: '7', content }))
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

async function setUp() {
  repo = createReleaseRepo([
    `release: { users: [${RELEASER}] }`,
    `announce: { users: [${RELEASER}] }`,
    `approve: { users: [${APPROVER}] }`,
  ])
  repo.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0')
  stateDir = mkdtempSync(join(tmpdir(), 'herald-state-'))
  const slackApi: LocalServer = await startLocalServer((r) => slackApiReply(r.path))
  const responses: LocalServer = await startLocalServer(() => ({ body: { ok: true } }))
  const webhook = await startHeldWebhook()
  servers.push(slackApi, responses, webhook)
  const env = baseEnv({
    HERALD_STORE: `sqlite:${join(stateDir, 'herald.db')}`,
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-e2e-bot-token-0123456789',
    LOG_LEVEL: 'debug',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: `${slackApi.url}/api/`,
    DEMO_RELEASE_WEBHOOK: webhook.url,
  })
  return { env, responses, webhook }
}

const bodiesAt = (responses: LocalServer, path: string) =>
  responses.requests.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as Record<string, unknown>)

describe('herald serve, SIGTERM mid-flow', () => {
  it('finishes the post in flight, refuses new requests, exits 0, and the audit log shows it posted', async () => {
    const { env, responses, webhook } = await setUp()
    serve = await startServe(repo!.dir, env)
    const base = serve.url

    await postSlack(base, slackCommand('/announce-release', 'v1.1.0', RELEASER, `${responses.url}/a`))
    await vi.waitFor(() => expect(bodiesAt(responses, '/a')).toHaveLength(1), { timeout: 20_000 })
    const approve = slackActionIds(bodiesAt(responses, '/a')[0]!).find((id) => id.startsWith('aa:ok:'))!
    expect(approve).toBeDefined()

    // The approval reaches the webhook, which holds the post: SIGTERM now is mid-flow.
    expect((await postSlack(base, slackClick(approve, APPROVER, `${responses.url}/a`))).status).toBe(200)
    await vi.waitFor(() => expect(webhook.held).toHaveLength(1), { timeout: 20_000 })
    serve.child.kill('SIGTERM')
    await serve.waitForLog('herald stopping')

    // New requests are not taken any more (the listening socket is closed).
    const late = await postSlack(
      base,
      slackCommand('/release', 'cli', RELEASER, `${responses.url}/late`),
    ).then(
      (res) => res.status,
      (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.message,
    )
    // Refused on a new connection; a kept-alive socket from the earlier requests is reset instead.
    // Either way nothing was taken: no answer ever reaches /late (checked below).
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(late)

    webhook.release()
    expect(await serve.exited).toBe(0)
    // The request in flight was answered: the posted announcement in the channel, the ephemeral preview removed.
    const [, posted, removed] = bodiesAt(responses, '/a')
    expect(posted).toMatchObject({ response_type: 'in_channel' })
    expect(JSON.stringify(posted)).toContain('Posted')
    expect(removed).toEqual({ delete_original: true })
    expect(bodiesAt(responses, '/late')).toEqual([])
    expect(webhook.held).toEqual([])

    const audit = await readAudit(repo!.dir, env)
    expect(audit.filter((e) => e.outcome === 'done').map((e) => e.action)).toEqual([
      'drafted',
      'approved',
      'posting',
      'posted',
    ])
    expect(serve.stderr()).toContain('herald stopped')
    // The logs of a whole run carry no secret: not the tokens, not the signing secret, not the webhook.
    for (const secret of [env.SLACK_BOT_TOKEN!, env.SLACK_SIGNING_SECRET!, env.DEMO_RELEASE_WEBHOOK!])
      expect(serve.stderr()).not.toContain(secret)
    expect(serve.stderr()).toContain('"level":')
  }, 60_000)
})

describe('herald serve, SIGTERM while a post outlives the grace period', () => {
  it('exits 0 after the grace period without waiting for it; the audit log shows a post started and not settled', async () => {
    const { env, responses, webhook } = await setUp()
    serve = await startServe(repo!.dir, env)
    const base = serve.url
    await postSlack(base, slackCommand('/announce-release', 'v1.1.0', RELEASER, `${responses.url}/a`))
    await vi.waitFor(() => expect(bodiesAt(responses, '/a')).toHaveLength(1), { timeout: 20_000 })
    const approve = slackActionIds(bodiesAt(responses, '/a')[0]!).find((id) => id.startsWith('aa:ok:'))!
    await postSlack(base, slackClick(approve, APPROVER, `${responses.url}/a`))
    await vi.waitFor(() => expect(webhook.held).toHaveLength(1), { timeout: 20_000 })

    // The webhook never answers: the post is abandoned when the 10 s grace period ends.
    serve.child.kill('SIGTERM')
    expect(await serve.exited).toBe(0)
    expect(webhook.held).toHaveLength(1)
    expect(serve.stderr()).toContain('herald stopped with requests still in flight')
    expect(serve.stderr()).toContain('"inFlight":1')
    // Nothing ran on after the store closed, and nobody was told a wrong outcome.
    expect(serve.stderr()).not.toContain('"level":"error"')
    expect(bodiesAt(responses, '/a')).toHaveLength(1)

    // The audit log says the post started and never settled; the next start's sweep turns it into
    // post_unknown once its deadline has passed (src/flows/signoff/sweep.test.ts covers that move).
    const audit = await readAudit(repo!.dir, env)
    expect(audit.filter((e) => e.outcome === 'done').map((e) => e.action)).toEqual([
      'drafted',
      'approved',
      'posting',
    ])
    // Restarted within the post's deadline (60 s budget + 5 s): the sweep leaves it alone, never re-sends.
    serve = await startServe(repo!.dir, env)
    await serve.waitForLog('herald swept interrupted cuts and posts')
    expect(serve.stderr()).toMatch(/"interrupted":0,"stillInFlight":1/)
    expect(webhook.held).toHaveLength(1)
  }, 60_000)
})
