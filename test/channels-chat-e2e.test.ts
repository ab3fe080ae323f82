/**
 * Channels end to end on Slack and on Discord, through the real wiring
 * (`buildHerald` + `startChatTransports` in HTTP mode, signed requests) on a
 * real temporary repository with the local forge: canary → promote refused
 * by the soak check → its override refused without a reason, then
 * overridden with one → a rollback with a ticket, which only the
 * `auth.rollback` rule may confirm. After each move the index on
 * `herald-index` verifies after the one before; its sequence is 1, 2, 3 and
 * its events carry actor, reason and ticket.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type ChatTransports, startChatTransports } from '../src/chat/http/start-transports.ts'
import { silentLog } from '../src/chat/platform/log.ts'
import { buildHerald, type HeraldApp } from '../src/compose/build-herald.ts'
import { parseIndex, parsePublicKey, verifyIndex } from '../src/core/index/index-signature.ts'
import type { SignedIndex } from '../src/core/index/release-index.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { type LocalServer, startLocalServer } from './chat/support.ts'
import {
  createChannelRepo,
  discordButton,
  discordCommand,
  discordCustomIds,
  discordInteraction,
  discordKeys,
  discordSent,
  INDEX_PUBLIC,
  INDEX_SEED,
  SLACK_SECRET,
  slackActionIds,
  slackApiReply,
  slackClick,
  slackCommand,
  slackExchange,
} from './helpers/chat-e2e.ts'

type Who = 'releaser' | 'oncall'
type Reply = { text: string; ids: string[] }
/** One platform: `/release` with its Slack text and its Discord options, and a button click. */
type Driver = {
  start(): Promise<void>
  release(text: string, options: Record<string, string>, who: Who): Promise<Reply>
  click(id: string, who: Who): Promise<Reply>
  actor(who: Who): string
}

let repo: TestRepo | undefined
let app: HeraldApp | undefined
let transports: ChatTransports | undefined
let servers: LocalServer[] = []

afterEach(async () => {
  await transports?.close(2_000)
  await app?.close()
  await Promise.all(servers.map((s) => s.close()))
  repo?.remove()
  repo = app = transports = undefined
  servers = []
})

async function serve(auth: string[], env: Record<string, string>): Promise<string> {
  repo = createChannelRepo(auth)
  const all = { HERALD_STORE: 'memory:', PORT: '0', HERALD_INDEX_KEY: INDEX_SEED, ...env }
  app = await buildHerald({ env: all, cwd: repo.dir })
  transports = await startChatTransports({ env: all, flows: app.flows, log: silentLog, host: '127.0.0.1' })
  return transports.http!.url
}

function slack(): Driver {
  const users = { releaser: 'U0RELEASE', oncall: 'U0ONCALL' }
  let base = ''
  let responses: LocalServer
  let n = 0
  const exchange = async (body: string, path: string): Promise<Reply> => {
    const reply = await slackExchange(responses, base, body, path)
    return { text: JSON.stringify(reply), ids: slackActionIds(reply) }
  }
  return {
    async start() {
      const api = await startLocalServer((r) => slackApiReply(r.path))
      responses = await startLocalServer(() => ({ body: { ok: true } }))
      servers.push(api, responses)
      base = await serve(
        [`release: { users: [${users.releaser}] }`, `rollback: { users: [${users.oncall}] }`],
        { SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: `${api.url}/api/` },
      )
    },
    release(text, _options, who) {
      const path = `/r${++n}`
      return exchange(slackCommand('/release', text, users[who], `${responses.url}${path}`), path)
    },
    click(id, who) {
      const path = `/c${++n}`
      return exchange(slackClick(id, users[who], `${responses.url}${path}`), path)
    },
    actor: (who) => `slack:${users[who]}`,
  }
}

function discord(): Driver {
  const RELEASE_ROLE = '1122334455667788'
  const ONCALL_ROLE = '2233445566778899'
  const members = {
    releaser: { id: '400000000000000004', roles: [RELEASE_ROLE] },
    oncall: { id: '700000000000000007', roles: [ONCALL_ROLE] },
  }
  const keys = discordKeys()
  let base = ''
  let rest: LocalServer
  const interact = async (type: number, data: Record<string, unknown>, who: Who): Promise<Reply> => {
    const { body, token } = discordInteraction(type, data, members[who])
    expect((await keys.post(base, body)).status).toBe(200)
    const message = (await discordSent(rest, token)) as Parameters<typeof discordCustomIds>[0]
    return { text: JSON.stringify(message), ids: discordCustomIds(message) }
  }
  return {
    async start() {
      rest = await startLocalServer((r) => (r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } }))
      servers.push(rest)
      base = await serve(
        [`release: { roles: ["${RELEASE_ROLE}"] }`, `rollback: { roles: ["${ONCALL_ROLE}"] }`],
        { DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: `${rest.url}/api/v10` },
      )
    },
    release(_text, options, who) {
      return interact(2, discordCommand('release', options), who)
    },
    click: (id, who) => interact(3, discordButton(id), who),
    actor: (who) => `discord:${members[who].id}`,
  }
}

const idOf = (reply: Reply, code: string) => {
  const id = reply.ids.find((x) => x.includes(`${code}:`))
  if (!id) throw new Error(`no ${code} button in ${reply.text}`)
  return id
}

/** The index on `herald-index`, verified after `previous` with the public key. */
function verifiedIndex(previous: SignedIndex | undefined): SignedIndex {
  const parsed = parseIndex(repo!.git('show', 'herald-index:cli.json'))
  const key = parsePublicKey(INDEX_PUBLIC)
  if (!parsed.ok || !key.ok) throw new Error('unreadable index or key')
  const verified = verifyIndex(parsed.value, key.value, { line: 'cli', after: previous })
  if (!verified.ok) throw new Error(verified.error.message)
  return verified.value
}

describe.each([
  ['Slack', slack],
  ['Discord', discord],
])('channels on %s, end to end', (_, driver) => {
  it('canary → soak refused → override with a reason → promote → rollback with a ticket', async () => {
    const d = driver()
    await d.start()
    const head = repo!.sha('HEAD')

    const canary = await d.release('canary', { action: 'canary' }, 'releaser')
    expect(canary.text).toContain('Cut canary')
    const cut = await d.click(idOf(canary, 'r:cut'), 'releaser')
    expect(cut.text).toContain('on canary')
    expect(repo!.sha('v1.1.0')).toBe(head)
    const first = verifiedIndex(undefined)
    expect(first.signed).toMatchObject({ sequence: 1, channels: { stable: null, canary: '1.1.0' } })

    const early = await d.release('promote', { action: 'promote' }, 'releaser')
    expect(early.text).toMatch(/soak: 1\.1\.0 has been on canary for \d+s of 24h/)
    const noReason = await d.click(idOf(early, 'r:ov'), 'releaser')
    expect(noReason.text).toContain('Overriding a failed check of a channel move needs a reason')
    expect(verifiedIndex(undefined).signed.sequence).toBe(1)

    const reasoned = await d.release(
      'promote reason:"hotfix verified by QA"',
      { action: 'promote', reason: 'hotfix verified by QA' },
      'releaser',
    )
    const promoted = await d.click(idOf(reasoned, 'r:ov'), 'releaser')
    expect(promoted.text).toContain('promoted to stable')
    expect(idOf(promoted, 'r:ann')).toContain('v1.1.0')
    const second = verifiedIndex(first)
    expect(second.signed).toMatchObject({ sequence: 2, channels: { stable: '1.1.0', canary: null } })

    const options = { action: 'rollback', version: '1.0.0', reason: 'crash on start', ticket: 'INC-42' }
    const rollback = await d.release(
      'rollback v1.0.0 reason:"crash on start" ticket:INC-42',
      options,
      'oncall',
    )
    // The release rule does not cover rollbacks here: auth.rollback names someone else.
    const refused = await d.click(idOf(rollback, 'r:cut'), 'releaser')
    expect(refused.text).toContain('You may not')
    const back = await d.click(idOf(rollback, 'r:cut'), 'oncall')
    expect(back.text).toContain('rolled back')
    const third = verifiedIndex(second)
    expect(third.signed.channels).toEqual({ stable: '1.0.0', canary: null })
    const releaser = d.actor('releaser')
    expect(third.signed.events.map((e) => [e.sequence, e.action, e.actor, e.reason, e.ticket])).toEqual([
      [1, 'canary', releaser, null, null],
      [2, 'promote', releaser, 'hotfix verified by QA', null],
      [3, 'rollback', d.actor('oncall'), 'crash on start', 'INC-42'],
    ])
    expect(repo!.git('tag', '-l')).toBe('v1.0.0\nv1.1.0')
    const audit = await app!.store.listAudit()
    expect(audit.filter((e) => e.outcome === 'refused').map((e) => e.action)).toEqual([
      'override',
      'confirmed',
    ])
  }, 90_000)
})
