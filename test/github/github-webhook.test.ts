/**
 * GitHub deliveries to a real `herald serve` (a child process) against the
 * local fake GitHub: a merged release PR is published exactly once however
 * often GitHub (re)delivers it, on one replica or two on Redis; a forged or
 * unsigned delivery does nothing; the "published" message reaches a local
 * Slack Web API and a local Discord REST with **Announce**, and the click
 * leads to a draft.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhooks } from '@octokit/webhooks'
import { createClient } from '@redis/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { updateReleasePr } from '../../src/flows/release/release-pr.ts'
import { type LocalServer, startLocalServer } from '../chat/support.ts'
import {
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
} from '../helpers/chat-e2e.ts'
import { baseEnv, readAudit, type ServeProcess, startServe } from '../helpers/serve-process.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { connexityLines, forgeOn, startFake } from './support.ts'

const SECRET = 'webhook-secret-e2e'
const MERGER = { login: 'octo-merger', id: 4242 }
const ANNOUNCER = 'U0ANNOUNCE'
const DISCORD_ANNOUNCER = '500000000000000005'

let repo: FakeRepo
let fake: FakeGitHub
let dir: string
let cleanup: (() => Promise<void> | void)[] = []

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'pyproject.toml': '[project]\nname = "connexity-cli"\nversion = "0.2.0"\n',
      'backend/cli/_version.py': '__version__ = "0.2.0"\n',
      'backend/cli/CHANGELOG.md': '# Changelog\n\n## 0.2.0 (2024-01-01)\n\n- older\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/cli-v0.2.0', root)
  advance('feat(cli): add compare command (#11)', { 'backend/cli/compare.py': 'compare\n' })
  fake = await startFake(repo)
  dir = mkdtempSync(join(tmpdir(), 'herald-ghevents-'))
  cleanup = [() => fake.stop(), () => rmSync(dir, { recursive: true, force: true })]
})

afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
})

function advance(message: string, files: Record<string, string>): string {
  const head = repo.commit({ message, parents: [repo.resolve('main')!], files })
  repo.refs.set('refs/heads/main', head)
  return head
}

function writeConfig(notify: string): void {
  writeFileSync(
    join(dir, 'herald.config.yaml'),
    [
      'repo: acme/widget',
      'lines:',
      '  - name: cli',
      '    tagPrefix: cli-v',
      '    paths: [backend/cli/, pyproject.toml]',
      '    mode: pr',
      '    changelog: backend/cli/CHANGELOG.md',
      '    versionFiles: [pyproject.toml]',
      `    notify: ${notify}`,
      '    announce: { kind: cli, product: connexity-cli, action: pip install -U connexity-cli }',
      'auth:',
      `  announce: { users: [${ANNOUNCER}, "${DISCORD_ANNOUNCER}"] }`,
    ].join('\n'),
  )
}

/** Opens the line's release PR and squash-merges it on the fake: the `pull_request` payload GitHub sends then. */
async function mergeReleasePr(): Promise<{ payload: string; sha: string }> {
  const forge = forgeOn(fake, { scopes: connexityLines() })
  const lines = connexityLines()
  const opened = await updateReleasePr(
    { forge, host: forge, lines, clock: { now: () => new Date('2024-03-01T12:00:00Z') }, repoWebUrl: null },
    'cli',
  )
  if (opened.kind !== 'opened') throw new Error(`no release PR: ${JSON.stringify(opened)}`)
  const pull = repo.pulls[0]!
  const files: Record<string, string> = {}
  for (const [path, oid] of repo.commits.get(repo.resolve(pull.head)!)!.files)
    files[path] = repo.blobs.get(oid)!
  const sha = advance(`${pull.title} (#${pull.number})`, files)
  Object.assign(pull, { state: 'closed', merged_at: '2024-03-02T00:00:00Z', merge_commit_sha: sha })
  const payload = JSON.stringify({
    action: 'closed',
    number: pull.number,
    repository: { full_name: 'acme/widget' },
    sender: MERGER,
    pull_request: {
      number: pull.number,
      merged: true,
      merge_commit_sha: sha,
      merged_by: MERGER,
      head: { ref: pull.head },
      base: { ref: 'main' },
    },
  })
  return { payload, sha }
}

function deliver(base: string, event: string, delivery: string, payload: string, signature?: string) {
  return fetch(`${base}/github/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': delivery,
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    },
    body: payload,
  })
}

const handSigned = (payload: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`

function githubEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return baseEnv({
    PORT: '0',
    GITHUB_TOKEN: fake.token,
    GITHUB_API_URL: fake.url,
    GITHUB_WEBHOOK_SECRET: SECRET,
    HERALD_STORE: `sqlite:${join(dir, 'herald.db')}`,
    ...extra,
  })
}

async function serve(env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const server = await startServe(dir, env)
  cleanup.push(async () => {
    server.kill()
    await server.exited
  })
  return server
}

async function local(reply?: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const server = await startLocalServer(reply)
  cleanup.push(() => server.close())
  return server
}

const published = () => {
  const tags = [...repo.refs.keys()].filter((r) => r === 'refs/tags/cli-v0.3.0')
  return { tags: tags.length, releases: repo.releases.filter((r) => r.tag_name === 'cli-v0.3.0').length }
}

describe('POST /github/webhook', () => {
  it('refuses unsigned and forged deliveries with 401 and does nothing', async () => {
    writeConfig('{ slack: C0RELEASES }')
    const slackApi = await local((r) => slackApiReply(r.path))
    const server = await serve(
      githubEnv({
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: `${slackApi.url}/api/`,
      }),
    )
    const { payload } = await mergeReleasePr()
    const before = fake.requests.length
    const forged = JSON.stringify({ ...JSON.parse(payload), sender: { login: 'mallory', id: 1 } })
    const replies = await Promise.all([
      deliver(server.url, 'pull_request', randomUUID(), payload),
      deliver(server.url, 'pull_request', randomUUID(), payload, handSigned(payload, 'wrong-secret')),
      deliver(server.url, 'pull_request', randomUUID(), forged, handSigned(payload)),
      deliver(server.url, 'pull_request', randomUUID(), payload, 'sha1=abc'),
    ])
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401])
    await new Promise((r) => setTimeout(r, 300))
    expect(fake.requests.slice(before)).toEqual([])
    expect(published()).toEqual({ tags: 0, releases: 0 })
    expect(slackApi.requests.filter((r) => r.path.endsWith('chat.postMessage'))).toEqual([])
    // An event Herald does not use is a 200 that does nothing; a signed ping is answered.
    const star = JSON.stringify({ action: 'created' })
    expect((await deliver(server.url, 'star', randomUUID(), star, handSigned(star))).status).toBe(200)
    // Signed, but for another repository: answered, ignored.
    const other = JSON.stringify({ ...JSON.parse(payload), repository: { full_name: 'acme/other' } })
    const otherReply = await deliver(server.url, 'pull_request', randomUUID(), other, handSigned(other))
    expect([otherReply.status, await otherReply.json()]).toEqual([
      200,
      { ok: true, ignored: 'the delivery is for acme/other, and this Herald releases acme/widget' },
    ])
    // A malformed payload of an event Herald uses: 400 with what is wrong.
    const bad = JSON.stringify({ ...JSON.parse(payload), pull_request: { number: 'one' } })
    expect((await deliver(server.url, 'pull_request', randomUUID(), bad, handSigned(bad))).status).toBe(400)
    expect(fake.requests.slice(before)).toEqual([])
    expect(published()).toEqual({ tags: 0, releases: 0 })
  })

  it('publishes once for 20 concurrent redeliveries, posts to Slack with Announce, and the click drafts', async () => {
    writeConfig('{ slack: C0RELEASES }')
    const slackApi = await local((r) =>
      r.path.endsWith('chat.postMessage')
        ? { body: { ok: true, ts: '1.1', channel: 'C0RELEASES' } }
        : slackApiReply(r.path),
    )
    const responses = await local(() => ({ body: { ok: true } }))
    const server = await serve(
      githubEnv({
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: `${slackApi.url}/api/`,
      }),
    )
    const { payload, sha } = await mergeReleasePr()
    // Signed by the same library GitHub's own tooling uses.
    const signature = await new Webhooks({ secret: SECRET }).sign(payload)
    expect(signature).toBe(handSigned(payload))
    const delivery = randomUUID()
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => deliver(server.url, 'pull_request', delivery, payload, signature)),
    )
    expect(replies.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 202])

    const posts = () => slackApi.requests.filter((r) => r.path.endsWith('chat.postMessage'))
    await vi.waitFor(() => expect(posts()).toHaveLength(1), { timeout: 20_000, interval: 50 })
    expect(published()).toEqual({ tags: 1, releases: 1 })
    expect(repo.refs.get('refs/tags/cli-v0.3.0')).toBe(sha)
    const post = Object.fromEntries(new URLSearchParams(posts()[0]!.body)) as Record<string, string>
    expect(post['channel']).toBe('C0RELEASES')
    expect(post['text']).toContain('cli-v0.3.0 is published')
    const blocks = JSON.parse(post['blocks']!)
    expect(JSON.stringify(blocks)).toContain('octo-merger')
    const ids = slackActionIds({ blocks })
    expect(ids).toEqual(['ar:ann:cli-v0.3.0'])

    // The same merge delivered again under a new id publishes nothing more.
    expect((await deliver(server.url, 'pull_request', randomUUID(), payload, signature)).status).toBe(202)
    await new Promise((r) => setTimeout(r, 500))
    expect(published()).toEqual({ tags: 1, releases: 1 })
    expect(posts()).toHaveLength(1)

    const audit = await readAudit(dir, githubEnv({}))
    const byMerger = audit.filter((e) => (e as { actor?: { userId: string } }).actor?.userId === '4242')
    expect(byMerger.map((e) => [e.action, e.outcome])).toEqual([
      ['planned', 'done'],
      ['confirmed', 'done'],
      ['cutting', 'done'],
    ])
    expect(audit.filter((e) => e.action === 'cut' && e.outcome === 'done')).toHaveLength(1)

    // The Announce button starts the normal /announce-release flow: a draft to approve.
    const click = await postSlack(server.url, slackClick(ids[0]!, ANNOUNCER, `${responses.url}/r/1`))
    expect(click.status).toBe(200)
    await vi.waitFor(() => expect(responses.requests.length).toBeGreaterThan(0), { timeout: 20_000 })
    const draft = responses.requests.map((r) => r.body).join('\n')
    expect(draft).toContain('connexity-cli')
    expect(draft).toContain('Approve')
  })

  it('posts to Discord through the REST API with Announce, and the click drafts', async () => {
    writeConfig('{ discord: "300000000000000777" }')
    const rest = await local((r) => (r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } }))
    const keys = discordKeys()
    const server = await serve(
      githubEnv({
        DISCORD_TOKEN: 'discord-bot-token',
        DISCORD_PUBLIC_KEY: keys.publicHex,
        DISCORD_API_URL: `${rest.url}/api/v10`,
      }),
    )
    const { payload } = await mergeReleasePr()
    expect(
      (await deliver(server.url, 'pull_request', randomUUID(), payload, handSigned(payload))).status,
    ).toBe(202)
    const posts = () =>
      rest.requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/v10/channels/300000000000000777/messages',
      )
    await vi.waitFor(() => expect(posts()).toHaveLength(1), { timeout: 20_000, interval: 50 })
    expect(posts()[0]!.headers['authorization']).toBe('Bot discord-bot-token')
    const message = JSON.parse(posts()[0]!.body)
    expect(message.flags).toBeUndefined()
    expect(message.allowed_mentions).toEqual({ parse: [] })
    const ids = discordCustomIds(message)
    expect(ids).toEqual(['ar:ann:cli-v0.3.0'])
    expect(published()).toEqual({ tags: 1, releases: 1 })

    const click = discordInteraction(
      3,
      { custom_id: ids[0], component_type: 2 },
      { id: DISCORD_ANNOUNCER, roles: [] },
    )
    expect((await keys.post(server.url, click.body)).status).toBe(200)
    const edits = () =>
      rest.requests.filter((r) => r.path.startsWith(`/api/v10/webhooks/${DISCORD_APP}/${click.token}`))
    await vi.waitFor(
      () =>
        expect(
          edits()
            .map((r) => r.body)
            .join('\n'),
        ).toContain('Approve'),
      {
        timeout: 20_000,
        interval: 50,
      },
    )
  })
})

describe("push to a release-PR line's branch", () => {
  it('refreshes the release PR once for a burst of pushes, computed at the last one', async () => {
    writeConfig('{ slack: C0RELEASES }')
    const server = await serve(githubEnv({ HERALD_PUSH_DEBOUNCE: '800ms' }))
    const forge = forgeOn(fake, { scopes: connexityLines() })
    const opened = await updateReleasePr(
      { forge, host: forge, lines: connexityLines(), clock: { now: () => new Date() }, repoWebUrl: null },
      'cli',
    )
    expect(opened.kind).toBe('opened')
    const pullUpdates = () => fake.count('PATCH', /\/pulls\/1$/)
    const before = pullUpdates()
    const heads: string[] = []
    for (let i = 1; i <= 4; i++) {
      const head = advance(`fix(cli): edge case ${i} (#${20 + i})`, { 'backend/cli/compare.py': `v${i}\n` })
      heads.push(head)
      const push = JSON.stringify({
        ref: 'refs/heads/main',
        after: head,
        repository: { full_name: 'acme/widget' },
      })
      expect((await deliver(server.url, 'push', randomUUID(), push, handSigned(push))).status).toBe(202)
    }
    await server.waitForLog('"msg":"github: release PR refreshed after pushes"')
    await new Promise((r) => setTimeout(r, 1500))
    expect(pullUpdates() - before).toBe(1)
    expect(repo.pulls).toHaveLength(1)
    expect(repo.pulls[0]!.body).toContain(`Computed at ${heads[3]}.`)
    expect(repo.pulls[0]!.body).toContain('edge case 4')
    // A push to a branch no line releases from, and a tag push, do nothing.
    for (const ref of ['refs/heads/feature/x', 'refs/tags/cli-v9.9.9']) {
      const push = JSON.stringify({ ref, after: heads[3], repository: { full_name: 'acme/widget' } })
      expect((await deliver(server.url, 'push', randomUUID(), push, handSigned(push))).status).toBeLessThan(
        300,
      )
    }
    await new Promise((r) => setTimeout(r, 1500))
    expect(pullUpdates() - before).toBe(1)
    expect(published()).toEqual({ tags: 0, releases: 0 })
  })
})

describe('CI finishing on an open /release preview', () => {
  const RELEASER = 'U0RELEASE'
  const DISCORD_RELEASER = '500000000000000006'

  /** A `mode: tag` line whose head commit's CI is still running: the head. */
  function ciRunning(): string {
    writeFileSync(
      join(dir, 'herald.config.yaml'),
      [
        'repo: acme/widget',
        'lines:',
        '  - name: cli',
        '    tagPrefix: cli-v',
        '    paths: [backend/cli/, pyproject.toml]',
        'auth:',
        `  release: { users: [${RELEASER}, "${DISCORD_RELEASER}"] }`,
      ].join('\n'),
    )
    const head = repo.resolve('main')!
    repo.checkRuns.set(head, [{ name: 'test', status: 'in_progress', conclusion: null }])
    return head
  }

  /** CI turns green on `head` and GitHub says so: a signed `check_suite` completed delivery. */
  async function ciGreen(server: ServeProcess, head: string): Promise<void> {
    repo.checkRuns.set(head, [{ name: 'test', status: 'completed', conclusion: 'success' }])
    const suite = JSON.stringify({
      action: 'completed',
      check_suite: { head_sha: head, status: 'completed', conclusion: 'success' },
      repository: { full_name: 'acme/widget' },
    })
    expect((await deliver(server.url, 'check_suite', randomUUID(), suite, handSigned(suite))).status).toBe(
      202,
    )
    await server.waitForLog('"msg":"github: CI check of open previews updated"')
  }

  it('check_suite completed carries green CI into the preview, replaces the Slack message, and the cut needs no override', async () => {
    const head = ciRunning()
    const slackApi = await local((r) => slackApiReply(r.path))
    const responses = await local(() => ({ body: { ok: true } }))
    const server = await serve(
      githubEnv({
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: `${slackApi.url}/api/`,
      }),
    )
    const replies = () => responses.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>)
    expect(
      (await postSlack(server.url, slackCommand('/release', 'cli', RELEASER, `${responses.url}/r`))).status,
    ).toBe(200)
    await vi.waitFor(() => expect(replies()).toHaveLength(1), { timeout: 20_000 })
    expect(JSON.stringify(replies()[0])).toContain(`CI still running on ${head.slice(0, 12)}`)
    const cut = slackActionIds(replies()[0]!)
      .find((id) => id.includes(':ov:'))!
      .replace(':ov:', ':cut:')

    await ciGreen(server, head)
    expect(server.stderr()).toContain('"messages":1')
    // The preview shown through the command's response_url is replaced in place, now green.
    expect(responses.requests.map((r) => r.path)).toEqual(['/r', '/r'])
    const replaced = replies()[1]!
    expect(replaced).toMatchObject({ response_type: 'ephemeral', replace_original: true })
    expect(JSON.stringify(replaced)).toContain(`CI green on ${head.slice(0, 12)}`)
    expect(JSON.stringify(replaced)).not.toContain('CI still running')
    expect(slackActionIds(replaced)).toContain(cut)

    expect((await postSlack(server.url, slackClick(cut, RELEASER, `${responses.url}/r`))).status).toBe(200)
    await vi.waitFor(() => expect(JSON.stringify(replies().slice(1))).toContain('released'), {
      timeout: 20_000,
    })
    expect(JSON.stringify(replies().slice(1))).not.toContain('Nothing was cut')
    expect(repo.refs.get('refs/tags/cli-v0.3.0')).toBe(head)
  })

  it('skips a Slack response_url that expired, quietly', async () => {
    const head = ciRunning()
    const slackApi = await local((r) => slackApiReply(r.path))
    let calls = 0
    const responses = await local(() =>
      ++calls === 1 ? { body: { ok: true } } : { status: 404, body: { ok: false, error: 'expired_url' } },
    )
    const server = await serve(
      githubEnv({
        SLACK_BOT_TOKEN: 'xoxb-e2e',
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: `${slackApi.url}/api/`,
      }),
    )
    await postSlack(server.url, slackCommand('/release', 'cli', RELEASER, `${responses.url}/r`))
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1), { timeout: 20_000 })
    await ciGreen(server, head)
    expect(responses.requests).toHaveLength(2)
    expect(server.stderr()).toContain('"messages":0')
    expect(server.stderr()).not.toContain('could not be replaced')
  })

  it('edits the Discord preview in place through its interaction token', async () => {
    const head = ciRunning()
    const rest = await local((r) => (r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } }))
    const keys = discordKeys()
    const server = await serve(
      githubEnv({ DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_API_URL: `${rest.url}/api/v10` }),
    )
    const command = discordInteraction(
      2,
      { name: 'release', options: [{ name: 'line', type: 3, value: 'cli' }] },
      { id: DISCORD_RELEASER, roles: [] },
    )
    expect((await keys.post(server.url, command.body)).status).toBe(200)
    const original = `/api/v10/webhooks/${DISCORD_APP}/${command.token}/messages/@original`
    const edits = () => rest.requests.filter((r) => r.method === 'PATCH' && r.path === original)
    await vi.waitFor(() => expect(edits()).toHaveLength(1), { timeout: 20_000, interval: 50 })
    expect(edits()[0]!.body).toContain(`CI still running on ${head.slice(0, 12)}`)

    await ciGreen(server, head)
    expect(server.stderr()).toContain('"messages":1')
    expect(edits()).toHaveLength(2)
    const replaced = JSON.parse(edits()[1]!.body)
    expect(JSON.stringify(replaced)).toContain(`CI green on ${head.slice(0, 12)}`)
    expect(JSON.stringify(replaced)).not.toContain('CI still running')
    expect(replaced.allowed_mentions).toEqual({ parse: [] })
    expect(discordCustomIds(replaced).some((id) => id.includes(':cut:'))).toBe(true)
    expect(edits()[1]!.headers['authorization']).toBeUndefined()
  })
})

const REDIS_URL = process.env.REDIS_URL

describe.runIf(REDIS_URL)('two replicas on one Redis store', () => {
  it('publishes once when 20 redeliveries of one delivery reach both replicas at once', async () => {
    writeConfig('{ slack: C0RELEASES }')
    const namespace = `herald-ghevents-${randomUUID()}`
    cleanup.push(async () => {
      const redis = await createClient({ url: REDIS_URL }).connect()
      for await (const keys of redis.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 }))
        if (keys.length > 0) await redis.del(keys)
      await redis.quit()
    })
    const slackApi = await local((r) =>
      r.path.endsWith('chat.postMessage') ? { body: { ok: true, ts: '1.1' } } : slackApiReply(r.path),
    )
    const env = githubEnv({
      HERALD_STORE: REDIS_URL!,
      HERALD_STORE_NAMESPACE: namespace,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
    })
    const replicas = await Promise.all([serve(env), serve(env)])
    const { payload } = await mergeReleasePr()
    const delivery = randomUUID()
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deliver(replicas[i % 2]!.url, 'pull_request', delivery, payload, handSigned(payload)),
      ),
    )
    expect(replies.filter((r) => r.status === 202)).toHaveLength(1)
    const posts = () => slackApi.requests.filter((r) => r.path.endsWith('chat.postMessage'))
    await vi.waitFor(() => expect(posts()).toHaveLength(1), { timeout: 20_000, interval: 50 })
    await new Promise((r) => setTimeout(r, 500))
    expect(published()).toEqual({ tags: 1, releases: 1 })
    expect(posts()).toHaveLength(1)
  })
})
