/**
 * Discord end to end through the real wiring: `buildHerald` +
 * `startChatTransports` with HTTP interactions on a real temporary git
 * repository, Ed25519-signed with a key pair generated here, follow-ups caught
 * on a local REST server, the announcement on a local Discord webhook.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type ChatTransports, startChatTransports } from '../src/chat/http/start-transports.ts'
import { silentLog } from '../src/chat/platform/log.ts'
import { buildHerald, type HeraldApp } from '../src/compose/build-herald.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { startWebhookServer, type WebhookServer } from '../src/testing/webhook-server.ts'
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
const releaser = { id: '400000000000000004', roles: [RELEASE_ROLE] }
const approver = { id: '500000000000000005', roles: [APPROVE_ROLE] }
const stranger = { id: '600000000000000006', roles: ['999999999999999999'] }

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

async function start() {
  repo = createReleaseRepo([
    `release: { roles: ["${RELEASE_ROLE}"] }`,
    `announce: { roles: ["${RELEASE_ROLE}"] }`,
    `approve: { roles: ["${APPROVE_ROLE}"] }`,
  ])
  rest = await startLocalServer((r) => (r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } }))
  webhook = await startWebhookServer(['discord-ok'])
  const env = {
    HERALD_STORE: 'memory:',
    PORT: '0',
    DISCORD_PUBLIC_KEY: keys.publicHex,
    DISCORD_API_URL: `${rest.url}/api/v10`,
    DEMO_RELEASE_WEBHOOK: webhook.url().href,
  }
  app = await buildHerald({ env, cwd: repo.dir })
  transports = await startChatTransports({ env, flows: app.flows, log: silentLog, host: '127.0.0.1' })
  return transports.http!.url
}

type Message = { embeds?: unknown[]; components?: { components: { custom_id?: string }[] }[] }

/**
 * Sends an interaction; returns its initial response and, when `followUp`, the
 * message Herald then sent for it through REST (an edit of the original, or a follow-up).
 */
async function interact(
  base: string,
  type: number,
  data: Record<string, unknown>,
  member: { id: string; roles: string[] },
  followUp = true,
) {
  const { body, token } = discordInteraction(type, data, member)
  const res = await keys.post(base, body)
  expect(res.status).toBe(200)
  const initial = (await res.json()) as { type: number; data?: Record<string, unknown> }
  if (!followUp) return { initial, message: undefined }
  return { initial, message: (await discordSent(rest, token)) as Message }
}

describe('Discord, end to end on a git repository', () => {
  it('previews a release, refuses a click without the role, cuts the previewed commit with it', async () => {
    const base = await start()
    const head = repo.sha('HEAD')
    const preview = await interact(base, 2, discordCommand('release', { line: 'cli' }), releaser)
    expect(preview.initial).toEqual({ type: 5, data: { flags: 64 } })
    expect(JSON.stringify(preview.message)).toContain('v1.1.0')
    expect(JSON.stringify(preview.message)).toContain(head.slice(0, 7))
    const cut = discordCustomIds(preview.message!).find((id) => id.startsWith('ar:cut:'))!
    expect(cut).toBeDefined()

    const refused = await interact(base, 3, discordButton(cut), stranger)
    expect(refused.initial).toEqual({ type: 6 })
    expect(JSON.stringify(refused.message)).toContain('You may not cut releases')
    expect(repo.git('tag', '-l', 'v1.1.0')).toBe('')

    const done = await interact(base, 3, discordButton(cut), releaser)
    expect(JSON.stringify(done.message)).toContain('released')
    expect(repo.sha('v1.1.0')).toBe(head)
    expect(repo.git('cat-file', '-t', 'v1.1.0')).toBe('tag')
    const audit = await app.store.listAudit()
    expect(audit.map((e) => [e.actor.userId, e.action, e.outcome])).toEqual([
      [releaser.id, 'planned', 'done'],
      [stranger.id, 'confirmed', 'refused'],
      [releaser.id, 'confirmed', 'done'],
      [releaser.id, 'cutting', 'done'],
      ['herald', 'cut', 'done'],
    ])
  }, 60_000)

  it('drafts, edits in a modal, and posts the approved text exactly once', async () => {
    const base = await start()
    repo.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0')

    const draft = await interact(base, 2, discordCommand('announce-release', { tag: 'v1.1.0' }), releaser)
    const edit = discordCustomIds(draft.message!).find((id) => id.startsWith('ea:ed:'))!
    expect(edit).toMatch(/:1$/)

    // Edit answers with the modal at once; its submit carries the new text.
    const { initial: modal } = await interact(base, 3, discordButton(edit), releaser, false)
    expect(modal.type).toBe(9)
    const customId = modal.data!['custom_id'] as string
    expect(customId).toBe(`m${edit.slice(1)}`)
    const submit = {
      custom_id: customId,
      components: [{ type: 1, components: [{ type: 4, custom_id: 'text', value: EDITED_ANNOUNCEMENT }] }],
    }
    const edited = await interact(base, 5, submit, releaser)
    expect(JSON.stringify(edited.message)).toContain('Compare two runs')
    const approve = discordCustomIds(edited.message!).find((id) => id.startsWith('aa:ok:'))!
    expect(approve).toMatch(/:2$/)

    const refused = await interact(base, 3, discordButton(approve), stranger)
    expect(JSON.stringify(refused.message)).toContain('You may not approve announcements')
    expect(webhook.received).toHaveLength(0)

    const posted = await interact(base, 3, discordButton(approve), approver)
    expect(JSON.stringify(posted.message)).toContain('osted')
    // A second click on the same button (another interaction id) is refused by the sign-off state.
    const again = await interact(base, 3, discordButton(approve), approver)
    expect(JSON.stringify(again.message)).toContain('already posted')
    expect(webhook.received).toHaveLength(1)
    expect(webhook.received[0]!.body).toMatchObject({
      content: EDITED_ANNOUNCEMENT,
      allowed_mentions: { parse: [] },
    })
    const actions = (await app.store.listAudit()).filter((e) => e.outcome === 'done').map((e) => e.action)
    expect(actions).toEqual(['drafted', 'edited', 'approved', 'posting', 'posted'])
  }, 60_000)
})
