/**
 * Attacks through Slack HTTP, end to end on a real git repository: a hostile
 * commit subject, a hostile edit, a leaking webhook. Each must end with
 * nothing unsafe posted and nothing secret shown.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HeraldApp } from '../src/compose/build-herald.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import type { Reply, WebhookServer } from '../src/testing/webhook-server.ts'
import type { LocalServer } from './chat/support.ts'
import {
  closeSlackHerald,
  createReleaseRepo,
  EDITED_ANNOUNCEMENT,
  postSlack,
  type SlackHerald,
  slackActionIds,
  slackClick,
  slackCommand,
  slackExchange,
  slackModalSubmit,
  startSlackHerald,
} from './helpers/chat-e2e.ts'

const RELEASER = 'U0RELEASE'
const APPROVER = 'U0APPROVE'

let repo: TestRepo
let slackApi: LocalServer
let responses: LocalServer
let webhook: WebhookServer
let app: HeraldApp
let slack: Partial<SlackHerald> = {}

afterEach(async () => {
  await closeSlackHerald(slack)
  slack = {}
  repo?.remove()
})

type Setup = {
  /** Extra commits before v1.1.0 is tagged. */
  commits?: string[]
  /** Where the announcement goes (default Slack). */
  kind?: 'slack' | 'discord'
  replies?: Reply[]
  auth?: string[]
  env?: Record<string, string>
  /** Webhook URL path (default `/hook`). */
  hookPath?: string
}

async function start(setup: Setup = {}) {
  repo = createReleaseRepo(
    setup.auth ?? [
      `release: { users: [${RELEASER}] }`,
      `announce: { users: [${RELEASER}, ${APPROVER}] }`,
      `approve: { users: [${APPROVER}] }`,
    ],
  )
  const config = join(repo.dir, 'herald.config.yaml')
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace('kind: discord', `kind: ${setup.kind ?? 'slack'}`),
  )
  for (const subject of setup.commits ?? []) repo.commit(subject)
  repo.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0')
  ;({ slackApi, responses, webhook, app } = await startSlackHerald(slack, repo, {
    replies: setup.replies ?? [setup.kind === 'discord' ? 'discord-ok' : 'slack-ok'],
    hookPath: setup.hookPath ?? '/hook',
    env: setup.env,
  }))
  return slack.base!
}

/** Sends `body`, then waits for the next message on the response_url `path` and returns it. */
function exchange(base: string, body: string, path: string) {
  return slackExchange(responses, base, body, path)
}

/** Every text Slack was sent, as one string. */
function allSlackText(): string {
  return [...responses.requests, ...slackApi.requests].map((r) => r.body).join('\n')
}

/** `/announce-release v1.1.0` by the releaser; the draft message. */
async function draft(base: string) {
  return exchange(base, slackCommand('/announce-release', 'v1.1.0', RELEASER, `${responses.url}/a1`), '/a1')
}

/** Opens the edit modal on `message` as `user` and submits `text`; the message after it. */
async function edit(base: string, message: Record<string, unknown>, user: string, text: string) {
  const editId = slackActionIds(message).find((id) => id.startsWith('ea:ed:'))!
  const opened = () => slackApi.requests.filter((r) => r.path.endsWith('/views.open'))
  const before = opened().length
  expect((await postSlack(base, slackClick(editId, user, `${responses.url}/a1`))).status).toBe(200)
  await vi.waitFor(() => expect(opened().length).toBeGreaterThan(before), { timeout: 20_000 })
  const modal = JSON.parse(new URLSearchParams(opened()[before]!.body).get('view')!)
  return exchange(base, slackModalSubmit(modal, user, text), '/a1')
}

function approveId(message: Record<string, unknown>): string | undefined {
  return slackActionIds(message).find((id) => id.startsWith('aa:ok:'))
}

describe('links and characters that would reach #announcements', () => {
  it('a commit subject with a bare domain and an e-mail address never reaches the webhook', async () => {
    const base = await start({
      commits: ['feat: see evil-example.ru/login or mail admin@evil-example.com (#14)'],
    })
    const drafted = await draft(base)
    await exchange(base, slackClick(approveId(drafted)!, APPROVER, `${responses.url}/a1`), '/a1')
    expect(webhook.received).toHaveLength(1)
    expect(webhook.received[0]!.raw).not.toMatch(/evil-example|admin@/)
  }, 60_000)

  it('an edit with a bare domain or an e-mail address cannot be approved', async () => {
    const base = await start()
    const text = EDITED_ANNOUNCEMENT.replace(
      'fixed a timeout.',
      'fixed a timeout: see evil-example.ru/login or mail admin@evil-example.com.',
    )
    const edited = await edit(base, await draft(base), RELEASER, text)
    const shown = JSON.stringify(edited)
    expect(shown).toContain('The domain \\"evil-example.ru/login\\" is not the release link')
    expect(shown).toContain('The e-mail address \\"admin@evil-example.com\\" is not the release link')
    const approve = approveId(edited)
    if (approve) await exchange(base, slackClick(approve, APPROVER, `${responses.url}/a1`), '/a1')
    expect(webhook.received).toHaveLength(0)
  }, 60_000)

  it.each([
    ['an Arabic letter mark', '\u061C'],
    ['tag characters', '\u{E0049}\u{E0047}\u{E004E}'],
    ['a Hangul filler', ' \u3164'],
    ['a blank braille pattern', ' \u2800'],
  ])(
    'an edit hiding %s cannot be approved',
    async (_what, hidden) => {
      const base = await start()
      const text = EDITED_ANNOUNCEMENT.replace('fixed a timeout.', `fixed a timeout.${hidden}`)
      const edited = await edit(base, await draft(base), RELEASER, text)
      const approve = approveId(edited)
      if (approve) await exchange(base, slackClick(approve, APPROVER, `${responses.url}/a1`), '/a1')
      expect(webhook.received).toHaveLength(0)
      expect(JSON.stringify(edited)).toMatch(/invisible/)
    },
    60_000,
  )

  it.each([
    ['a command mention', '</deploy:123456789012345678>'],
    ['a timestamp', '<t:1700000000:R>'],
    ['a custom emoji', '<:party:123456789012345678>'],
    ['a spoiler', '||free tokens||'],
  ])(
    'an edit with %s cannot be approved for a Discord channel',
    async (what, markup) => {
      const base = await start({ kind: 'discord' })
      const edited = await edit(
        base,
        await draft(base),
        RELEASER,
        EDITED_ANNOUNCEMENT.replace('fixed a timeout.', `fixed a timeout ${markup}.`),
      )
      expect(JSON.stringify(edited)).toContain(`is ${what} on Discord`)
      const approve = approveId(edited)
      if (approve) await exchange(base, slackClick(approve, APPROVER, `${responses.url}/a1`), '/a1')
      expect(webhook.received).toHaveLength(0)
    },
    60_000,
  )

  it('the same edit without them posts', async () => {
    const base = await start({ kind: 'discord' })
    const edited = await edit(base, await draft(base), RELEASER, EDITED_ANNOUNCEMENT)
    await exchange(base, slackClick(approveId(edited)!, APPROVER, `${responses.url}/a1`), '/a1')
    expect(webhook.received).toHaveLength(1)
    expect(allSlackText()).toContain('osted')
  }, 60_000)
})

describe('secrets never reach a chat', () => {
  const TOKEN = 'wh0kTokenSECRETabcdefghij0123456789'

  it('a webhook error that echoes its path does not put the webhook token into the failure notice', async () => {
    const hookPath = `/services/T000/B000/${TOKEN}`
    const base = await start({
      hookPath,
      replies: [{ status: 400, body: `no_such_hook for ${hookPath}` }],
    })
    const drafted = await draft(base)
    await exchange(base, slackClick(approveId(drafted)!, APPROVER, `${responses.url}/a1`), '/a1')
    expect(webhook.received).toHaveLength(1)
    const said = allSlackText()
    expect(said).toContain('Slack refused the message (HTTP 400')
    expect(said).toContain('[redacted:DEMO_RELEASE_WEBHOOK]')
    expect(said).not.toContain(TOKEN)
  }, 60_000)

  it('an OPENAI_BASE_URL with credentials does not appear in the fallback notice', async () => {
    const base = await start({
      env: {
        OPENAI_API_KEY: 'sk-e2e-not-a-real-key-000000000000',
        OPENAI_BASE_URL: 'http://herald-bot:Pa55wordInTheUrl@127.0.0.1:9/v1',
      },
    })
    await draft(base)
    const said = allSlackText()
    expect(said).toContain('127.0.0.1:9')
    expect(said).not.toContain('Pa55wordInTheUrl')
    expect(said).not.toContain('sk-e2e-not-a-real-key')
  }, 60_000)
})

describe('the two-person rule means two people', () => {
  const APPROVER2 = 'U0APPROVE2'
  const auth = [
    `release: { users: [${RELEASER}] }`,
    `announce: { users: [${RELEASER}, ${APPROVER}] }`,
    `approve: { users: [${APPROVER}, ${APPROVER2}] }`,
    'twoPersonRule: [minor]',
  ]

  it('an approver who edited the draft cannot approve their own text; another approver can', async () => {
    const base = await start({ auth })
    const edited = await edit(base, await draft(base), APPROVER, EDITED_ANNOUNCEMENT)
    const approve = approveId(edited)!
    const own = await exchange(base, slackClick(approve, APPROVER, `${responses.url}/a1`), '/a1')
    expect(JSON.stringify(own)).toContain(
      'A minor release needs a second person (`auth.twoPersonRule`): you changed what this step signs off',
    )
    expect(webhook.received).toHaveLength(0)

    await exchange(base, slackClick(approve, APPROVER2, `${responses.url}/a1`), '/a1')
    expect(webhook.received).toHaveLength(1)
    expect(webhook.received[0]!.raw).toContain('Compare two runs')
  }, 60_000)

  it('someone who may only announce cannot close a draft an approver approved', async () => {
    const base = await start({ auth, replies: [{ status: 404, body: 'no_service' }] })
    const drafted = await draft(base)
    const failed = await exchange(
      base,
      slackClick(approveId(drafted)!, APPROVER, `${responses.url}/a1`),
      '/a1',
    )
    expect(JSON.stringify(failed)).toContain('post failed')
    const cancel = slackActionIds(failed).find((id) => id.startsWith('aa:x:'))!
    expect(cancel).toBeDefined()

    const refused = await exchange(base, slackClick(cancel, RELEASER, `${responses.url}/a1`), '/a1')
    expect(JSON.stringify(refused)).toContain('You may not approve announcements')
    const closed = await exchange(base, slackClick(cancel, APPROVER2, `${responses.url}/a1`), '/a1')
    expect(JSON.stringify(closed)).toMatch(/closed|cancelled/)
    const cancels = (await app.store.listAudit()).filter((e) => e.action === 'cancelled')
    expect(cancels.map((e) => `${e.actor.userId} ${e.outcome}`)).toEqual([
      `${RELEASER} refused`,
      `${APPROVER2} done`,
    ])
  }, 60_000)
})

describe('Slack: data shows as written', () => {
  it('a commit subject cannot break out of its code span and put a link next to Cut release', async () => {
    const base = await start({ commits: ['feat: x` [Cut release](https://evil.example/) `y (#15)'] })
    repo.git('tag', '-d', 'v1.1.0')
    const preview = await exchange(
      base,
      slackCommand('/release', 'cli', RELEASER, `${responses.url}/r1`),
      '/r1',
    )
    const shown = JSON.stringify(preview)
    expect(shown).not.toContain('<https://evil.example/|')
    expect(shown).toMatch(/• `[0-9a-f]{7} feat: xˋ \[Cut release\]\(https:\/\/evil\.example\/\) ˋy \(#15\)`/)
  }, 60_000)

  it('a name shaped like a markdown link is shown as text in the draft', async () => {
    const base = await start()
    const body = new URLSearchParams(
      slackCommand('/announce-release', 'v1.1.0', RELEASER, `${responses.url}/a1`),
    )
    body.set('user_name', '[Help](https://evil.example/) `x')
    const drafted = await exchange(base, body.toString(), '/a1')
    const shown = JSON.stringify(drafted)
    expect(shown).toContain('[Help](https://evil.example/) ˋx (U0RELEASE)')
    expect(shown).not.toContain('<https://evil.example/|')
  }, 60_000)
})
