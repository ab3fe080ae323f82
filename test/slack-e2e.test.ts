/**
 * Slack end to end through the real wiring: `buildHerald` +
 * `startChatTransports` in HTTP mode on a real temporary git repository,
 * signed requests, a local Slack Web API and response_url server, and a local
 * Discord webhook for the announcement.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HeraldApp } from '../src/compose/build-herald.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import type { WebhookServer } from '../src/testing/webhook-server.ts'
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
const STRANGER = 'U0STRANGER'

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

async function start(prepare?: (repo: TestRepo) => void) {
  repo = createReleaseRepo([
    `release: { users: [${RELEASER}] }`,
    `announce: { users: [${RELEASER}] }`,
    `approve: { users: [${APPROVER}] }`,
  ])
  prepare?.(repo)
  ;({ slackApi, responses, webhook, app } = await startSlackHerald(slack, repo, { replies: ['discord-ok'] }))
  return slack.base!
}

/** Sends `body`, then waits for the next message on the response_url `path` and returns it. */
function exchange(base: string, body: string, path: string) {
  return slackExchange(responses, base, body, path)
}

describe('Slack, end to end on a git repository', () => {
  it('previews a release, refuses a stranger’s click, cuts the previewed commit on the releaser’s', async () => {
    const base = await start()
    const head = repo.sha('HEAD')
    const preview = await exchange(
      base,
      slackCommand('/release', 'cli', RELEASER, `${responses.url}/r1`),
      '/r1',
    )
    expect(preview).toMatchObject({ response_type: 'ephemeral' })
    expect(JSON.stringify(preview)).toContain('v1.1.0')
    expect(JSON.stringify(preview)).toContain(head.slice(0, 7))
    const cut = slackActionIds(preview).find((id) => id.startsWith('ar:cut:'))!
    expect(cut).toBeDefined()

    const refused = await exchange(base, slackClick(cut, STRANGER, `${responses.url}/r1`), '/r1')
    expect(JSON.stringify(refused)).toContain('You may not cut releases')
    expect(repo.git('tag', '-l', 'v1.1.0')).toBe('')

    const done = await exchange(base, slackClick(cut, RELEASER, `${responses.url}/r1`), '/r1')
    expect(JSON.stringify(done)).toContain('released')
    expect(repo.sha('v1.1.0')).toBe(head)
    expect(repo.git('cat-file', '-t', 'v1.1.0')).toBe('tag')

    const audit = await app.store.listAudit()
    expect(audit.map((e) => [e.actor.userId, e.action, e.outcome])).toEqual([
      [RELEASER, 'planned', 'done'],
      [STRANGER, 'confirmed', 'refused'],
      [RELEASER, 'confirmed', 'done'],
      [RELEASER, 'cutting', 'done'],
      ['herald', 'cut', 'done'],
    ])
  }, 60_000)

  it('cuts two lines on two branches from one /release line:cli,lts and one click', async () => {
    let lts = ''
    const base = await start((r) => {
      // A maintenance line on its own branch, with a security fix; HEAD stays on main.
      r.tag('lts-v1.0.0', 'v1.0.0')
      r.branch('lts-1.x', 'v1.0.0')
      lts = r.commit('fix: reject forged tokens')
      r.checkout('main')
      const config = join(r.dir, 'herald.config.yaml')
      writeFileSync(
        config,
        readFileSync(config, 'utf8').replace(
          'lines:\n',
          'lines:\n  - { name: lts, tagPrefix: lts-v, branch: lts-1.x }\n',
        ),
      )
    })
    const head = repo.sha('HEAD')
    const preview = await exchange(
      base,
      slackCommand('/release', 'line:cli,lts', RELEASER, `${responses.url}/m1`),
      '/m1',
    )
    expect(JSON.stringify(preview)).toContain('v1.1.0 + lts-v1.0.1 (lines cli, lts)')
    const cut = slackActionIds(preview).find((id) => id.startsWith('ar:cut:'))!
    const done = await exchange(base, slackClick(cut, RELEASER, `${responses.url}/m1`), '/m1')
    expect(done).toMatchObject({ response_type: 'in_channel' })
    expect(JSON.stringify(done)).toContain('released')
    expect(repo.sha('v1.1.0')).toBe(head)
    expect(repo.sha('lts-v1.0.1')).toBe(lts)
    // **Announce both**, then one **Announce <tag>** per line.
    expect(slackActionIds(done).filter((id) => id.startsWith('ar:ann:'))).toEqual([
      'ar:ann:v1.1.0,lts-v1.0.1',
      'ar:ann:v1.1.0',
      'ar:ann:lts-v1.0.1',
    ])
  }, 60_000)

  it('drafts, edits in a modal, and posts the approved text exactly once', async () => {
    const base = await start()
    repo.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0')

    const draft = await exchange(
      base,
      slackCommand('/announce-release', 'v1.1.0', RELEASER, `${responses.url}/a1`),
      '/a1',
    )
    const ids = slackActionIds(draft)
    const edit = ids.find((id) => id.startsWith('ea:ed:'))!
    expect(edit).toMatch(/:1$/)

    // Edit: Herald opens the modal with the click's trigger_id; the submit carries the new text.
    const opened = () => slackApi.requests.filter((r) => r.path.endsWith('/views.open'))
    expect((await postSlack(base, slackClick(edit, RELEASER, `${responses.url}/a1`))).status).toBe(200)
    await vi.waitFor(() => expect(opened()).toHaveLength(1), { timeout: 20_000 })
    const modal = JSON.parse(new URLSearchParams(opened()[0]!.body).get('view')!)
    const edited = await exchange(base, slackModalSubmit(modal, RELEASER, EDITED_ANNOUNCEMENT), '/a1')
    expect(JSON.stringify(edited)).toContain('Compare two runs')
    const approve = slackActionIds(edited).find((id) => id.startsWith('aa:ok:'))!
    expect(approve).toMatch(/:2$/)

    // Someone without the approve rule is refused; the approver’s click posts, and a retry of it does nothing more.
    const refused = await exchange(base, slackClick(approve, STRANGER, `${responses.url}/a1`), '/a1')
    expect(JSON.stringify(refused)).toContain('You may not approve announcements')
    expect(webhook.received).toHaveLength(0)

    const click = slackClick(approve, APPROVER, `${responses.url}/a1`)
    const posted = await exchange(base, click, '/a1')
    expect(JSON.stringify(posted)).toContain('osted')
    expect((await postSlack(base, click, { 'x-slack-retry-num': '1' })).status).toBe(200)
    expect(webhook.received).toHaveLength(1)
    expect(webhook.received[0]!.body).toMatchObject({
      content: EDITED_ANNOUNCEMENT,
      allowed_mentions: { parse: [] },
    })
    const actions = (await app.store.listAudit()).filter((e) => e.outcome === 'done').map((e) => e.action)
    expect(actions).toEqual(['drafted', 'edited', 'approved', 'posting', 'posted'])
  }, 60_000)
})
