/**
 * Attacks through Discord HTTP interactions, end to end on a real git
 * repository: a nickname shaped like a link, an approver approving their own
 * edit, a hostile commit subject, a leaking webhook.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type ChatTransports, startChatTransports } from '../src/chat/http/start-transports.ts'
import { silentLog } from '../src/chat/platform/log.ts'
import { buildHerald, type HeraldApp } from '../src/compose/build-herald.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { type Reply, startWebhookServer, type WebhookServer } from '../src/testing/webhook-server.ts'
import { type LocalServer, startLocalServer } from './chat/support.ts'
import {
  createReleaseRepo,
  discordButton,
  discordCommand,
  discordCustomIds,
  discordInteraction,
  discordKeys,
  discordSent,
  EDITED_ANNOUNCEMENT,
} from './helpers/chat-e2e.ts'

const RELEASE_ROLE = '1122334455667788'
const APPROVE_ROLE = '8877665544332211'
type Member = { id: string; roles: string[]; nick?: string }
const releaser: Member = { id: '400000000000000004', roles: [RELEASE_ROLE] }
const approver: Member = { id: '500000000000000005', roles: [APPROVE_ROLE, RELEASE_ROLE] }
const approver2: Member = { id: '700000000000000007', roles: [APPROVE_ROLE] }

let repo: TestRepo
let rest: LocalServer
let webhook: WebhookServer
let app: HeraldApp
let transports: ChatTransports
const keys = discordKeys()

afterEach(async () => {
  await transports?.close(2_000)
  await app?.close()
  await Promise.all([rest?.close(), webhook?.close()])
  repo?.remove()
})

async function start(
  setup: { commits?: string[]; replies?: Reply[]; hookPath?: string; twoPerson?: boolean } = {},
) {
  repo = createReleaseRepo([
    `release: { roles: ["${RELEASE_ROLE}"] }`,
    `announce: { roles: ["${RELEASE_ROLE}"] }`,
    `approve: { roles: ["${APPROVE_ROLE}"] }`,
    ...(setup.twoPerson ? ['twoPersonRule: [minor]'] : []),
  ])
  for (const subject of setup.commits ?? []) repo.commit(subject)
  repo.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0')
  const config = join(repo.dir, 'herald.config.yaml')
  writeFileSync(config, readFileSync(config, 'utf8'))
  rest = await startLocalServer((r) => (r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } }))
  webhook = await startWebhookServer(setup.replies ?? ['discord-ok'])
  const env = {
    HERALD_STORE: 'memory:',
    PORT: '0',
    DISCORD_PUBLIC_KEY: keys.publicHex,
    DISCORD_API_URL: `${rest.url}/api/v10`,
    DEMO_RELEASE_WEBHOOK: new URL(setup.hookPath ?? '/hook', webhook.url()).href,
  }
  app = await buildHerald({ env, cwd: repo.dir })
  transports = await startChatTransports({ env, flows: app.flows, log: silentLog, host: '127.0.0.1' })
  return transports.http!.url
}

type Message = { embeds?: unknown[]; components?: { components: { custom_id?: string }[] }[] }

/** Sends an interaction; returns the message Herald then sent for it through REST. */
async function interact(base: string, type: number, data: Record<string, unknown>, member: Member) {
  const { body, token } = discordInteraction(type, data, member)
  const res = await keys.post(base, body)
  expect(res.status).toBe(200)
  const initial = (await res.json()) as { type: number; data?: Record<string, unknown> }
  if (initial.type === 9) return { initial, message: undefined as Message | undefined }
  return { initial, message: (await discordSent(rest, token)) as Message }
}

const idOf = (message: Message | undefined, prefix: string) =>
  discordCustomIds(message!).find((id) => id.startsWith(prefix))!

async function draft(base: string) {
  return (await interact(base, 2, discordCommand('announce-release', { tag: 'v1.1.0' }), releaser)).message!
}

async function edit(base: string, message: Message, member: Member, text: string) {
  const { initial } = await interact(base, 3, discordButton(idOf(message, 'ea:ed:')), member)
  const submit = {
    custom_id: initial.data!['custom_id'] as string,
    components: [{ type: 1, components: [{ type: 4, custom_id: 'text', value: text }] }],
  }
  return (await interact(base, 5, submit, member)).message!
}

/** Every text Herald sent to Discord's REST API. */
const allSent = () => rest.requests.map((r) => r.body).join('\n')

describe('Discord: data shows as written', () => {
  it('a nickname shaped like a markdown link is not a link in the public “posted” message', async () => {
    const base = await start()
    const trickster = { ...approver2, nick: '[Support](https://evil.example/login)' }
    const posted = (await interact(base, 3, discordButton(idOf(await draft(base), 'aa:ok:')), trickster))
      .message
    expect(webhook.received).toHaveLength(1)
    const shown = JSON.stringify(posted)
    expect(shown).toContain('Support')
    expect(shown).not.toContain('[Support](https://evil.example/login)')
    expect(shown).toContain('\\\\[Support\\\\]')
  }, 60_000)

  it('a commit subject cannot break out of its code span in the /release preview', async () => {
    const base = await start({ commits: ['feat: x` [Cut release](https://evil.example/) `y (#15)'] })
    repo.git('tag', '-d', 'v1.1.0')
    const preview = await interact(base, 2, discordCommand('release', { line: 'cli' }), releaser)
    const shown = JSON.stringify(preview.message)
    // The whole subject stays inside its code span: its backticks are shown as look-alikes.
    expect(shown).toMatch(/• `[0-9a-f]{7} feat: xˋ \[Cut release\]\(https:\/\/evil\.example\/\) ˋy \(#15\)`/)
  }, 60_000)
})

describe('Discord: the two-person rule', () => {
  it('an approver who edited the draft cannot approve it alone', async () => {
    const base = await start({ twoPerson: true })
    const edited = await edit(base, await draft(base), approver, EDITED_ANNOUNCEMENT)
    const own = await interact(base, 3, discordButton(idOf(edited, 'aa:ok:')), approver)
    expect(JSON.stringify(own.message)).toContain('you changed what this step signs off')
    expect(webhook.received).toHaveLength(0)
    await interact(base, 3, discordButton(idOf(edited, 'aa:ok:')), approver2)
    expect(webhook.received).toHaveLength(1)
  }, 60_000)
})

describe('Discord: what reaches #announcements, and what reaches the chat', () => {
  it('a bare domain in a human edit cannot be approved', async () => {
    const base = await start()
    const text = EDITED_ANNOUNCEMENT.replace(
      'fixed a timeout.',
      'fixed a timeout, see evil-example.ru/login.',
    )
    const edited = await edit(base, await draft(base), releaser, text)
    expect(JSON.stringify(edited)).toContain('evil-example.ru/login')
    const approve = discordCustomIds(edited).find((id) => id.startsWith('aa:ok:'))
    if (approve) await interact(base, 3, discordButton(approve), approver2)
    expect(webhook.received).toHaveLength(0)
  }, 60_000)

  it('a webhook error that echoes its path does not show the webhook token', async () => {
    const token = 'dWebhookTokenSECRET0123456789abcdefXYZ'
    const hookPath = `/api/webhooks/123456789012345678/${token}`
    const base = await start({
      hookPath,
      replies: [{ status: 400, body: { message: `Invalid Webhook Token for ${hookPath}`, code: 50027 } }],
    })
    await interact(base, 3, discordButton(idOf(await draft(base), 'aa:ok:')), approver2)
    expect(webhook.received).toHaveLength(1)
    expect(allSent()).toContain('Discord refused the message')
    expect(allSent()).not.toContain(token)
  }, 60_000)
})
