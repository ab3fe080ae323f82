/**
 * Shared pieces of the chat end-to-end tests: a release
 * repository with a config, signed Slack requests and their payloads, and
 * Ed25519-signed Discord interactions.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, vi } from 'vitest'
import { type ChatTransports, startChatTransports } from '../../src/chat/http/start-transports.ts'
import { silentLog } from '../../src/chat/platform/log.ts'
import { buildHerald, type HeraldApp } from '../../src/compose/build-herald.ts'
import { createRepo, type TestRepo } from '../../src/testing/git-repo.ts'
import { type Reply, startWebhookServer, type WebhookServer } from '../../src/testing/webhook-server.ts'
import { type LocalServer, startLocalServer } from '../chat/support.ts'

/** A repository with v1.0.0 and two releasable commits, and a config with `auth` and a Discord webhook line. */
export function createReleaseRepo(auth: string[]): TestRepo {
  const repo = createRepo()
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/demo.git')
  repo.commit('feat: initial')
  repo.tag('v1.0.0')
  repo.commit('feat(cli): add compare command (#12)')
  repo.commit('fix: handle SSE timeout (#13)')
  writeFileSync(
    join(repo.dir, 'herald.config.yaml'),
    [
      'lines:',
      '  - name: cli',
      '    tagPrefix: v',
      '    announce:',
      '      kind: cli',
      '      product: demo-cli',
      '      action: npm install -g demo-cli',
      '      webhook: { env: DEMO_RELEASE_WEBHOOK, kind: discord }',
      'auth:',
      ...auth.map((l) => `  ${l}`),
    ].join('\n'),
  )
  return repo
}

/** RFC 8032's first test key: the seed that signs the index, and its public key. */
export const INDEX_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
export const INDEX_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'

/** The release repository with line `cli` on channels (a 24h canary soak) and `auth`. */
export function createChannelRepo(auth: string[]): TestRepo {
  const repo = createReleaseRepo(auth)
  const config = readFileSync(join(repo.dir, 'herald.config.yaml'), 'utf8')
  writeFileSync(
    join(repo.dir, 'herald.config.yaml'),
    config.replace(
      '    tagPrefix: v\n',
      '    tagPrefix: v\n    checks: { ci: false, changelog: false }\n    channels:\n      canary: { soak: 24h }\n',
    ),
  )
  return repo
}

/**
 * A repository with v1.0.0, one releasable commit and a committed config
 * putting line `cli` on channels (a 24h canary soak, no CI or changelog
 * checks), with `channels` lines added under `channels:`.
 */
export function createCommittedChannelRepo(channels: string[] = []): TestRepo {
  const r = createRepo()
  r.commit('feat: initial')
  r.tag('v1.0.0')
  r.commit('feat(cli): add compare command (#12)')
  writeFileSync(
    join(r.dir, 'herald.config.yaml'),
    [
      'lines:',
      '  - name: cli',
      '    tagPrefix: v',
      '    checks: { ci: false, changelog: false }',
      '    channels:',
      '      canary: { soak: 24h }',
      ...channels.map((l) => `      ${l}`),
    ].join('\n'),
  )
  r.git('add', 'herald.config.yaml')
  r.commit('chore: config')
  return r
}

/** An announcement of v1.1.0 that passes the linter, as a person would write it in the edit modal. */
export const EDITED_ANNOUNCEMENT = [
  '🚀 demo-cli v1.1.0 is out!',
  '',
  'We added a compare command and fixed a timeout.',
  '',
  '✨ Compare two runs with the new compare command.',
  '🐛 Streams no longer time out early.',
  '',
  'Upgrade: `npm install -g demo-cli`',
  'Full notes: https://github.com/acme/demo/releases/tag/v1.1.0',
].join('\n')

// ---- Slack -----------------------------------------------------------------

export const SLACK_SECRET = 'e2e-signing-secret'

/** POSTs `body` to `<base>/slack/events`, signed with the secret (form-encoded). */
export function postSlack(base: string, body: string, headers: Record<string, string> = {}) {
  const timestamp = Math.floor(Date.now() / 1000)
  const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...headers,
    },
    body,
  })
}

let triggers = 0

export function slackCommand(command: string, text: string, user: string, responseUrl: string): string {
  return new URLSearchParams({
    command,
    text,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: 'T1',
    channel_id: 'C1',
    response_url: responseUrl,
    trigger_id: `trigger-${process.pid}-${++triggers}`,
    api_app_id: 'A1',
  }).toString()
}

function slackInteraction(payload: Record<string, unknown>): string {
  return new URLSearchParams({
    payload: JSON.stringify({
      team: { id: 'T1' },
      api_app_id: 'A1',
      trigger_id: `trigger-${process.pid}-${++triggers}`,
      ...payload,
    }),
  }).toString()
}

export function slackClick(actionId: string, user: string, responseUrl: string): string {
  return slackInteraction({
    type: 'block_actions',
    user: { id: user, name: user.toLowerCase(), team_id: 'T1' },
    channel: { id: 'C1' },
    container: { type: 'message', is_ephemeral: true },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', action_ts: '1' }],
  })
}

export function slackModalSubmit(
  modal: { callback_id: string; private_metadata: string },
  user: string,
  text: string,
): string {
  return slackInteraction({
    type: 'view_submission',
    user: { id: user, name: user.toLowerCase() },
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: modal.callback_id,
      private_metadata: modal.private_metadata,
      state: { values: { text: { text: { type: 'plain_text_input', value: text } } } },
    },
  })
}

/** The action ids of the buttons in a Slack message body. */
export function slackActionIds(message: Record<string, unknown>): string[] {
  return (
    JSON.stringify(message['blocks'] ?? [])
      .match(/"action_id":"[^"]+"/g)
      ?.map((m) => m.slice('"action_id":"'.length, -1))
      .filter((id) => id !== 'text') ?? []
  )
}

/** A fake Slack Web API: auth.test, an empty user-group list, views.open. */
export function slackApiReply(path: string): { body: unknown } {
  if (path.endsWith('/auth.test'))
    return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' } }
  if (path.endsWith('/usergroups.list')) return { body: { ok: true, usergroups: [] } }
  if (path.endsWith('/views.open')) return { body: { ok: true, view: { id: 'V1' } } }
  return { body: { ok: false, error: 'unknown_method' } }
}

/** Herald on Slack in HTTP mode, with the local servers it talks to. */
export type SlackHerald = {
  slackApi: LocalServer
  responses: LocalServer
  webhook: WebhookServer
  app: HeraldApp
  transports: ChatTransports
  /** The base URL of Herald's HTTP server. */
  base: string
}

/**
 * `buildHerald` + `startChatTransports` on `repo` with Slack in HTTP mode: a
 * fake Slack Web API, a response_url server, and the announcement webhook
 * (answering `replies`, at `hookPath`) as DEMO_RELEASE_WEBHOOK; `env` on top.
 * Each part goes into `into` as soon as it is up, so `closeSlackHerald(into)`
 * closes it even if a later step fails.
 */
export async function startSlackHerald(
  into: Partial<SlackHerald>,
  repo: TestRepo,
  options: { replies: Reply[]; hookPath?: string; env?: Record<string, string> },
): Promise<SlackHerald> {
  into.slackApi = await startLocalServer((r) => slackApiReply(r.path))
  into.responses = await startLocalServer(() => ({ body: { ok: true } }))
  into.webhook = await startWebhookServer(options.replies)
  const env = {
    HERALD_STORE: 'memory:',
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: `${into.slackApi.url}/api/`,
    DEMO_RELEASE_WEBHOOK: into.webhook.url(options.hookPath).href,
    ...options.env,
  }
  into.app = await buildHerald({ env, cwd: repo.dir })
  into.transports = await startChatTransports({
    env,
    flows: into.app.flows,
    log: silentLog,
    host: '127.0.0.1',
  })
  into.base = into.transports.http!.url
  return into as SlackHerald
}

/** Closes what `startSlackHerald` started (any part of it). */
export async function closeSlackHerald(h: Partial<SlackHerald>): Promise<void> {
  await h.transports?.close(2_000)
  await h.app?.close()
  await Promise.all([h.slackApi?.close(), h.responses?.close(), h.webhook?.close()])
}

/** Sends `body`, then waits for the next message on the response_url `path` and returns it. */
export async function slackExchange(responses: LocalServer, base: string, body: string, path: string) {
  const before = responses.requests.filter((r) => r.path === path).length
  const res = await postSlack(base, body)
  expect(res.status).toBe(200)
  await vi.waitFor(
    () => expect(responses.requests.filter((r) => r.path === path).length).toBeGreaterThan(before),
    { timeout: 20_000 },
  )
  const reply = responses.requests.filter((r) => r.path === path)[before]!
  return JSON.parse(reply.body) as Record<string, unknown>
}

// ---- Discord ---------------------------------------------------------------

export const DISCORD_APP = '100000000000000001'

export function discordKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const publicHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer)
    .subarray(-32)
    .toString('hex')
  return {
    publicHex,
    post(base: string, body: string) {
      const timestamp = String(Math.floor(Date.now() / 1000))
      return fetch(`${base}/discord/interactions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': timestamp,
          'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
        },
        body,
      })
    },
  }
}

let interactionIds = 0

/** A guild interaction by `member` (user id and role ids); its token names it in REST paths. */
export function discordInteraction(
  type: number,
  data: Record<string, unknown>,
  member: { id: string; roles: string[]; nick?: string },
): { body: string; token: string } {
  const n = ++interactionIds
  const token = `token-${process.pid}-${n}`
  const body = JSON.stringify({
    id: String(900000000000000000n + BigInt(process.pid) * 1000n + BigInt(n)),
    application_id: DISCORD_APP,
    type,
    token,
    version: 1,
    guild_id: '200000000000000002',
    channel_id: '300000000000000003',
    member: {
      user: { id: member.id, username: `user${member.id.slice(-2)}` },
      roles: member.roles,
      nick: member.nick ?? null,
    },
    data,
  })
  return { body, token }
}

/** The custom ids of the buttons in a Discord message body. */
export function discordCustomIds(message: {
  components?: { components: { custom_id?: string }[] }[]
}): string[] {
  return (message.components ?? []).flatMap((row) => row.components.map((c) => c.custom_id ?? ''))
}

/** The data of slash command `name` with string `options`. */
export function discordCommand(name: string, options: Record<string, string>) {
  return {
    id: '5',
    name,
    type: 1,
    options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
  }
}

/** The data of a click on the button `customId`. */
export function discordButton(customId: string) {
  return { custom_id: customId, component_type: 2 }
}

/** Waits for the one message Herald sent through `rest` for the interaction `token`, and returns it. */
export async function discordSent(rest: LocalServer, token: string): Promise<unknown> {
  const sent = () =>
    rest.requests.filter(
      (r) => r.path.startsWith(`/api/v10/webhooks/${DISCORD_APP}/${token}`) && r.method !== 'DELETE',
    )
  await vi.waitFor(() => expect(sent()).toHaveLength(1), { timeout: 20_000 })
  return JSON.parse(sent()[0]!.body)
}
