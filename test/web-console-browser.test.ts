/**
 * The web console in a real browser (Debian's Chromium through
 * playwright-core), through the real wiring: `buildHerald` +
 * `startChatTransports` with Slack in HTTP mode on a temporary git
 * repository, a sign-in link asked for with a signed Slack command, and a
 * local Discord webhook for the announcement. axe-core checks every page.
 * With HERALD_SCREENSHOTS=1 the pages are saved to docs/img/ for
 * docs/web-console.md.
 */
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type ChatTransports, startChatTransports } from '../src/chat/http/start-transports.ts'
import { silentLog } from '../src/chat/platform/log.ts'
import { buildHerald, type HeraldApp } from '../src/compose/build-herald.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { startWebhookServer, type WebhookServer } from '../src/testing/webhook-server.ts'
import { type LocalServer, startLocalServer } from './chat/support.ts'
import { type Browser, chromiumPath, launchBrowser, seriousViolations } from './helpers/browser.ts'
import {
  createReleaseRepo,
  EDITED_ANNOUNCEMENT,
  postSlack,
  SLACK_SECRET,
  slackApiReply,
  slackCommand,
} from './helpers/chat-e2e.ts'

const RELEASER = 'U0RELEASE'
const APPROVER = 'U0APPROVE'
const SCRIPT_TITLE = 'feat: show <script>alert(1)</script> in the banner (#14)'
const SCREENSHOTS = process.env['HERALD_SCREENSHOTS'] === '1'

if (!chromiumPath)
  console.log(
    'web console browser tests skipped: no Chromium found (install Debian’s `chromium`, or set CHROMIUM_PATH); .ci/run installs it',
  )

let repo: TestRepo
let slackApi: LocalServer
let responses: LocalServer
let webhook: WebhookServer
let app: HeraldApp
let transports: ChatTransports
let browser: Browser
let base: string
/** Added to the real time: moves Herald's clock past a link's 10 minutes. */
let clockOffsetMs = 0

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Sends a signed Slack command and returns Herald's answer on its response_url. */
async function slack(command: string, text: string, user: string): Promise<string> {
  const path = `/r${responses.requests.length}-${Math.random().toString(36).slice(2)}`
  const res = await postSlack(base, slackCommand(command, text, user, `${responses.url}${path}`))
  expect(res.status).toBe(200)
  await vi.waitFor(() => expect(responses.requests.some((r) => r.path === path)).toBe(true), {
    timeout: 20_000,
  })
  return responses.requests.find((r) => r.path === path)!.body
}

async function signInLink(user: string): Promise<string> {
  const answer = await slack('/release', 'console', user)
  const link = /http:\/\/127\.0\.0\.1:\d+\/console\/login\/[A-Za-z0-9_-]{43}/.exec(answer)
  expect(link, answer).not.toBeNull()
  return link![0]
}

async function expectAccessible(page: Page, name: string) {
  expect(await seriousViolations(page), name).toEqual([])
  if (SCREENSHOTS) {
    mkdirSync(join(import.meta.dirname, '..', 'docs', 'img'), { recursive: true })
    await page.screenshot({
      path: join(import.meta.dirname, '..', 'docs', 'img', `console-${name}.png`),
      fullPage: true,
    })
  }
}

describe.skipIf(!chromiumPath)('the web console in Chromium', () => {
  beforeAll(async () => {
    repo = createReleaseRepo([
      `release: { users: [${RELEASER}] }`,
      `announce: { users: [${RELEASER}, ${APPROVER}] }`,
      `approve: { users: [${APPROVER}] }`,
    ])
    repo.git('tag', '-a', '-m', 'v1.1.0', 'v1.1.0')
    repo.commit(SCRIPT_TITLE)
    slackApi = await startLocalServer((r) => slackApiReply(r.path))
    responses = await startLocalServer(() => ({ body: { ok: true } }))
    webhook = await startWebhookServer(['discord-ok'])
    const port = await freePort()
    const env = {
      HERALD_STORE: 'memory:',
      PORT: String(port),
      HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
      DEMO_RELEASE_WEBHOOK: webhook.url().href,
    }
    app = await buildHerald({
      env,
      cwd: repo.dir,
      clock: { now: () => new Date(Date.now() + clockOffsetMs) },
    })
    transports = await startChatTransports({
      env,
      flows: app.flows,
      log: silentLog,
      host: '127.0.0.1',
      console: app.console,
    })
    base = transports.http!.url
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await transports?.close(2_000)
    await app?.close()
    await Promise.all([slackApi?.close(), responses?.close(), webhook?.close()])
    repo?.remove()
  })

  it('signs in from Slack, edits and approves an announcement, posts it exactly once, and shows it in the audit log', async () => {
    expect(await slack('/announce-release', 'v1.1.0', RELEASER)).toContain('v1.1.0')
    expect(await slack('/release', '', RELEASER)).toContain('v1.2.0')
    const page = await browser.context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })

    const signIn = await page.goto(await signInLink(APPROVER))
    expect(signIn?.status()).toBe(200)
    expect(signIn?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'herald_console')!
    expect([cookie.httpOnly, cookie.sameSite, cookie.path]).toEqual([true, 'Strict', '/console'])
    await page.getByRole('link', { name: 'Open the overview' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Overview')
    expect(await page.locator('tbody tr').first().textContent()).toMatch(
      /cli.*v1\.1\.0.*1.*v1\.1\.0 \(announce, drafted\)/s,
    )
    await expectAccessible(page, 'overview')

    // Pending: the draft and the preview as chat shows them; the PR title is text, never markup.
    await page.getByRole('link', { name: 'Pending' }).click()
    const draft = page.locator('section.card', { hasText: 'Announcement draft' })
    const preview = page.locator('section.card', { hasText: 'Release preview' })
    await expect.poll(() => draft.count()).toBe(1)
    // The commit that drove the bump is shown as typed; the notes carry it escaped for Markdown, shown as is.
    expect(await preview.textContent()).toContain('feat: show <script>alert(1)</script> in the banner')
    expect(await preview.locator('pre').textContent()).toContain('show &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(await page.locator('script').count()).toBe(0)
    expect(dialogs).toEqual([])
    await expectAccessible(page, 'pending')

    // Edit through the page's form (the same action as Slack's modal), then approve.
    await draft.locator('summary', { hasText: 'Edit' }).click()
    await draft.locator('textarea').fill(EDITED_ANNOUNCEMENT)
    await draft.getByRole('button', { name: 'Save' }).click()
    const edited = page.locator('section.card', { hasText: 'Announcement draft' })
    await expect.poll(() => edited.locator('pre').first().textContent()).toContain('Compare two runs')
    const approveForm = edited.getByRole('button', { name: /Approve/ }).locator('xpath=..')
    const sameClick = {
      action: (await approveForm.locator('input[name=action]').getAttribute('value'))!,
      csrf: (await approveForm.locator('input[name=csrf]').getAttribute('value'))!,
    }
    await edited.getByRole('button', { name: /Approve/ }).click()
    await expect.poll(() => page.locator('.result').textContent()).toMatch(/osted/)
    expect(webhook.received).toHaveLength(1)
    expect(webhook.received[0]!.body).toMatchObject({
      content: EDITED_ANNOUNCEMENT,
      allowed_mentions: { parse: [] },
    })

    // The same form sent again (a double click, a resubmitted page) is refused by the flow's claim: still one post.
    const again = await page.request.post(`${base}/console/action`, {
      form: sameClick,
      headers: { origin: base },
    })
    expect([again.status(), await again.text()]).toEqual([
      200,
      expect.stringMatching(/already (approved|posted)/),
    ])
    expect(webhook.received).toHaveLength(1)

    await page.goto(`${base}/console/audit?action=posted`)
    expect(await page.locator('tbody tr').count()).toBe(1)
    expect(await page.locator('tbody').textContent()).toContain('announce:')
    await page.goto(`${base}/console/audit`)
    expect(await page.locator('tbody').textContent()).toMatch(/approved.*U0APPROVE|U0APPROVE.*approved/s)
    await expectAccessible(page, 'audit')

    // The release page, from the audit log's tag: the announcement exactly as posted, who approved it, and the notes.
    await page.goto(`${base}/console/audit?action=posted`)
    await page.locator('tbody').getByRole('link', { name: 'v1.1.0' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Release v1.1.0')
    const posted = page.locator('article.card')
    expect(await posted.count()).toBe(1)
    expect(await posted.locator('pre').textContent()).toBe(EDITED_ANNOUNCEMENT)
    expect(await posted.textContent()).toContain(`(slack ${APPROVER})`)
    expect(await page.locator('section[aria-labelledby=notes] pre').textContent()).toContain('v1.1.0')
    await expectAccessible(page, 'release')
    const exported = await page.request.get(`${base}/console/audit.jsonl?action=posted`)
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.action, l.outcome])).toEqual([['posted', 'done']])
    await page.close()
  }, 120_000)

  it('refuses a reused or expired link, and pages without a session', async () => {
    const page = await browser.context.newPage()
    const link = await signInLink(APPROVER)
    expect((await page.goto(link))?.status()).toBe(200)
    const reused = await page.goto(link)
    expect([reused?.status(), await page.locator('main p').first().textContent()]).toEqual([
      403,
      'This sign-in link was used already (links work once): type `/release console` in chat for a new link.',
    ])
    await expectAccessible(page, 'refused')

    const late = await signInLink(APPROVER)
    clockOffsetMs = 11 * 60 * 1000
    try {
      const expired = await page.goto(late)
      expect([expired?.status(), await page.locator('main p').first().textContent()]).toContain(403)
      expect(await page.locator('main p').first().textContent()).toContain('has expired')
    } finally {
      clockOffsetMs = 0
    }
    await browser.context.clearCookies()
    expect((await page.goto(`${base}/console/pending`))?.status()).toBe(401)
    await page.close()
  }, 60_000)

  it('refuses a form sent from another origin, and one without the session’s CSRF token (CSRF)', async () => {
    expect(await slack('/announce-release', 'v1.0.0', RELEASER)).toContain('Announcement of v1.0.0')
    const page = await browser.context.newPage()
    await page.goto(await signInLink(APPROVER))
    await page.goto(`${base}/console/pending`)

    const draft = page.locator('section.card', { hasText: 'Announcement draft' }).first()
    const cancelForm = draft.getByRole('button', { name: 'Cancel' }).locator('xpath=..')
    const cancel = await cancelForm.locator('input[name=action]').getAttribute('value', { timeout: 5_000 })
    const csrf = await cancelForm.locator('input[name=csrf]').getAttribute('value', { timeout: 5_000 })
    expect(cancel).toMatch(/^a:x:/)

    // A page on another origin (another port of 127.0.0.1) posts the same form, without the token.
    const evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(
        `<!doctype html><html lang="en"><title>evil</title><form method="post" action="${base}/console/action"><input type="hidden" name="action" value="${cancel}"><input type="hidden" name="csrf" value="${csrf}"><button>win</button></form></html>`,
      )
    })
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`)
      const answer = page.waitForResponse((r) => r.url() === `${base}/console/action`, { timeout: 10_000 })
      await page.getByRole('button', { name: 'win' }).click({ timeout: 5_000 })
      expect((await answer).status()).toBe(403)
      await page.waitForLoadState()
      expect(await page.locator('main p').first().textContent()).toContain('another site')
    } finally {
      evil.closeAllConnections()
      await new Promise((resolve) => evil.close(resolve))
    }

    // Same origin with the session cookie, but not the session's token.
    const forged = await page.request.post(`${base}/console/action`, {
      form: { action: cancel!, csrf: 'x'.repeat(43) },
      headers: { origin: base },
    })
    expect([forged.status(), await forged.text()]).toEqual([
      403,
      expect.stringContaining('not from your console session'),
    ])
    const cancelled = (await app.store.listAudit()).filter((e) => e.action === 'cancelled')
    expect(cancelled).toEqual([])
    await page.close()
  }, 60_000)
})
