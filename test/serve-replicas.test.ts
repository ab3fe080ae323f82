/**
 * Several replicas: two `herald serve` processes on one Redis store
 * (their own key namespace), Slack and Discord in HTTP mode, behind a local
 * proxy that the test points at one replica or the other. A preview made on
 * one is confirmed on the other; a Slack retry or a Discord duplicate
 * delivered to the other replica acts once.
 */
import { randomUUID } from 'node:crypto'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { startWebhookServer } from '../src/testing/webhook-server.ts'
import { type LocalServer, startLocalServer } from './chat/support.ts'
import {
  createReleaseRepo,
  DISCORD_APP,
  discordCustomIds,
  discordInteraction,
  discordKeys,
  postSlack,
  SLACK_SECRET,
  slackActionIds,
  slackApiReply,
  slackClick,
  slackCommand,
} from './helpers/chat-e2e.ts'
import { baseEnv, readAudit, type ServeProcess, startServe, stopReplicas } from './helpers/serve-process.ts'

const REDIS_URL = process.env.REDIS_URL
const RELEASER = 'U0RELEASE'
const APPROVER = 'U0APPROVE'
const APPROVE_ROLE = '8877665544332211'

let repo: TestRepo | undefined
let replicas: ServeProcess[] = []
let servers: { close(): Promise<void> }[] = []
let namespace: string | undefined

afterEach(async () => {
  await stopReplicas(replicas, servers, REDIS_URL, namespace)
  replicas = []
  servers = []
  repo?.remove()
  repo = namespace = undefined
})

/** A port-forwarding HTTP proxy: every request goes to the replica `via()` last chose. */
async function startProxy(targets: string[]) {
  let target = 0
  const server: Server = createServer((req, res) => {
    const { port } = new URL(targets[target]!)
    const upstream = request(
      { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push({
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    via(replica: number) {
      target = replica
    },
  }
}

describe.runIf(REDIS_URL)('two herald serve replicas on one Redis store', () => {
  it('confirms on one replica what the other previewed, and acts once on retries and duplicates', async () => {
    repo = createReleaseRepo([
      `release: { users: [${RELEASER}] }`,
      `announce: { users: [${RELEASER}] }`,
      `approve: { users: [${APPROVER}], roles: ["${APPROVE_ROLE}"] }`,
    ])
    namespace = `herald-replicas-${randomUUID()}`
    const slackApi: LocalServer = await startLocalServer((r) => slackApiReply(r.path))
    const responses: LocalServer = await startLocalServer(() => ({ body: { ok: true } }))
    const rest: LocalServer = await startLocalServer((r) =>
      r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } },
    )
    const webhook = await startWebhookServer(['discord-ok'])
    servers.push(slackApi, responses, rest, webhook)
    const keys = discordKeys()
    const env = baseEnv({
      HERALD_STORE: REDIS_URL!,
      HERALD_STORE_NAMESPACE: namespace,
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
      DISCORD_PUBLIC_KEY: keys.publicHex,
      DISCORD_API_URL: `${rest.url}/api/v10`,
      DEMO_RELEASE_WEBHOOK: webhook.url().href,
    })
    replicas = await Promise.all([startServe(repo.dir, env), startServe(repo.dir, env)])
    const proxy = await startProxy(replicas.map((r) => r.url))
    const at = (path: string) =>
      responses.requests
        .filter((r) => r.path === path)
        .map((r) => JSON.parse(r.body) as Record<string, unknown>)
    const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 20_000 })
    const head = repo.sha('HEAD')

    // /release on replica 0; its retry (same delivery, X-Slack-Retry-Num) on replica 1.
    proxy.via(0)
    const release = slackCommand('/release', 'cli', RELEASER, `${responses.url}/r`)
    expect((await postSlack(proxy.url, release)).status).toBe(200)
    await waitFor(() => expect(at('/r')).toHaveLength(1))
    proxy.via(1)
    expect((await postSlack(proxy.url, release, { 'x-slack-retry-num': '1' })).status).toBe(200)
    await replicas[1]!.waitForLog('slack: ignored a repeated delivery')

    // Cut release clicked on replica 1: the preview replica 0 made is confirmed there.
    const cut = slackActionIds(at('/r')[0]!).find((id) => id.startsWith('ar:cut:'))!
    const click = slackClick(cut, RELEASER, `${responses.url}/r`)
    expect((await postSlack(proxy.url, click)).status).toBe(200)
    await waitFor(() => expect(JSON.stringify(at('/r').slice(1))).toContain('released'))
    expect(repo.sha('v1.1.0')).toBe(head)
    // Slack retries the click on replica 0: acknowledged, not run again.
    proxy.via(0)
    expect((await postSlack(proxy.url, click, { 'x-slack-retry-num': '1' })).status).toBe(200)
    await replicas[0]!.waitForLog('slack: ignored a repeated delivery')

    // /announce-release on replica 0, approved through Discord on replica 1; Discord's duplicate goes to replica 0.
    expect(
      (
        await postSlack(
          proxy.url,
          slackCommand('/announce-release', 'v1.1.0', RELEASER, `${responses.url}/a`),
        )
      ).status,
    ).toBe(200)
    await waitFor(() => expect(at('/a')).toHaveLength(1))
    // Edit clicked on replica 1 opens the editor with the text replica 0 drafted.
    proxy.via(1)
    const edit = slackActionIds(at('/a')[0]!).find((id) => id.startsWith('ea:ed:'))!
    expect((await postSlack(proxy.url, slackClick(edit, RELEASER, `${responses.url}/a`))).status).toBe(200)
    const opened = () => slackApi.requests.filter((r) => r.path.endsWith('/views.open'))
    await waitFor(() => expect(opened().length + at('/a').length).toBeGreaterThan(1))
    expect(at('/a')).toHaveLength(1)
    const modal = JSON.parse(new URLSearchParams(opened()[0]!.body).get('view')!)
    expect(modal.blocks[0].element.initial_value).toContain('demo-cli v1.1.0')
    const approve = slackActionIds(at('/a')[0]!).find((id) => id.startsWith('aa:ok:'))!
    const duplicate = discordInteraction(
      3,
      { custom_id: approve, component_type: 2 },
      { id: '500000000000000005', roles: [APPROVE_ROLE] },
    )
    const first = await keys.post(proxy.url, duplicate.body)
    expect(await first.json()).toEqual({ type: 6 })
    const followUps = () =>
      rest.requests.filter((r) => r.path.startsWith(`/api/v10/webhooks/${DISCORD_APP}/${duplicate.token}`))
    await waitFor(() => expect(followUps().length).toBeGreaterThan(0))
    expect(JSON.stringify(followUps().map((r) => r.body))).toContain('Posted')
    proxy.via(0)
    const again = await keys.post(proxy.url, duplicate.body)
    expect(again.status).toBe(409)
    expect(discordCustomIds(JSON.parse(followUps()[0]!.body))).not.toContain(approve)

    expect(webhook.received).toHaveLength(1)
    expect(repo.git('tag', '-l')).toBe('v1.0.0\nv1.1.0')
    const audit = await readAudit(repo.dir, env)
    expect(audit.map((e) => `${e.subject.split(':')[0]} ${e.action} ${e.outcome}`)).toEqual([
      'release planned done',
      'release confirmed done',
      'release cutting done',
      'release cut done',
      'announce drafted done',
      'announce approved done',
      'announce posting done',
      'announce posted done',
    ])
  }, 90_000)
})
