/**
 * Channel moves on two `herald serve` replicas sharing one Redis store: two
 * promote previews of the same canary, one made on each replica, and 50
 * signed Slack clicks on them at once, spread over both replicas. One
 * promotion lands, with one sequence number; every other click is refused
 * or told someone acted first, and the index branch holds exactly two commits.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseIndex } from '../src/core/index/index-signature.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { type LocalServer, startLocalServer } from './chat/support.ts'
import {
  createChannelRepo,
  INDEX_SEED,
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
const OTHER = 'U0OTHER'

let repo: TestRepo | undefined
let replicas: ServeProcess[] = []
let servers: LocalServer[] = []
let namespace: string | undefined

afterEach(async () => {
  await stopReplicas(replicas, servers, REDIS_URL, namespace)
  replicas = []
  servers = []
  repo?.remove()
  repo = namespace = undefined
})

describe.runIf(REDIS_URL)('channel moves on two replicas sharing Redis', () => {
  it('50 concurrent promote clicks on both replicas: one promotion, one sequence number', async () => {
    repo = createChannelRepo([`release: { users: [${RELEASER}, ${OTHER}] }`])
    namespace = `herald-channels-${randomUUID()}`
    const slackApi = await startLocalServer((r) => slackApiReply(r.path))
    const responses = await startLocalServer(() => ({ body: { ok: true } }))
    servers.push(slackApi, responses)
    const env = baseEnv({
      HERALD_STORE: REDIS_URL!,
      HERALD_STORE_NAMESPACE: namespace,
      HERALD_INDEX_KEY: INDEX_SEED,
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: `${slackApi.url}/api/`,
    })
    replicas = await Promise.all([startServe(repo.dir, env), startServe(repo.dir, env)])
    const at = (path: string) =>
      responses.requests
        .filter((r) => r.path === path)
        .map((r) => JSON.parse(r.body) as Record<string, unknown>)
    const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 30_000 })
    const send = async (replica: number, body: string) =>
      expect((await postSlack(replicas[replica]!.url, body)).status).toBe(200)
    const button = (path: string, code: string) =>
      slackActionIds(at(path)[0]!).find((id) => id.includes(`${code}:`))!

    await send(0, slackCommand('/release', 'canary', RELEASER, `${responses.url}/canary`))
    await waitFor(() => expect(at('/canary')).toHaveLength(1))
    await send(1, slackClick(button('/canary', 'r:cut'), RELEASER, `${responses.url}/canary`))
    await waitFor(() => expect(JSON.stringify(at('/canary'))).toContain('on canary'))

    // Two people preview the promotion, one on each replica (the soak check fails: overridden with a reason).
    const previews = await Promise.all(
      [RELEASER, OTHER].map(async (user, replica) => {
        const path = `/promote-${replica}`
        await send(
          replica,
          slackCommand('/release', 'promote reason:"verified in staging"', user, `${responses.url}${path}`),
        )
        await waitFor(() => expect(at(path)).toHaveLength(1))
        return button(path, 'r:ov')
      }),
    )
    expect(new Set(previews).size).toBe(2)

    // 50 clicks at once: each preview clicked 25 times, every click on one replica or the other.
    const clicks = Array.from({ length: 50 }, (_, i) => ({
      path: `/click-${i}`,
      id: previews[i % 2]!,
      replica: (i >> 1) % 2,
    }))
    await Promise.all(
      clicks.map((c) => send(c.replica, slackClick(c.id, RELEASER, `${responses.url}${c.path}`))),
    )
    await waitFor(() => expect(clicks.filter((c) => at(c.path).length > 0)).toHaveLength(50))

    const index = parseIndex(repo.git('show', 'herald-index:cli.json'))
    if (!index.ok) throw new Error(index.error.message)
    expect(index.value.signed.sequence).toBe(2)
    expect(index.value.signed.channels).toEqual({ stable: '1.1.0', canary: null })
    expect(index.value.signed.events.map((e) => [e.sequence, e.action])).toEqual([
      [1, 'canary'],
      [2, 'promote'],
    ])
    expect(repo.git('rev-list', '--count', 'herald-index')).toBe('2')
    // Clicks on one preview answer that it promoted (or is promoting); those on the other, that it lost:
    // at the sequence claim when both were confirmed at once, else when its confirmation reads the index.
    const saying = (text: RegExp) =>
      new Set(clicks.filter((c) => text.test(JSON.stringify(at(c.path)))).map((c) => c.id))
    const won = saying(/promoted to stable/)
    const lost = saying(
      /someone else moved the channels of line cli first \(index sequence 2\): nothing was changed|the channels of line cli moved since the preview \(index sequence 1 → 2\)/,
    )
    expect(won.size).toBe(1)
    expect(lost.size).toBe(1)
    expect(new Set([...won, ...lost])).toEqual(new Set(previews))

    // The audit log agrees: two cuts done (the canary, one promotion), each record carried out at most
    // once; clicks that came after a move are refused (audited) or told someone acted first.
    const audit = await readAudit(repo.dir, env)
    const done = audit.filter((e) => e.outcome === 'done')
    expect(done.filter((e) => e.action === 'cut').map((e) => e.subject)).toHaveLength(2)
    const cutting = done.filter((e) => e.action === 'cutting').map((e) => e.subject)
    expect(new Set(cutting).size).toBe(cutting.length)
    expect(audit.filter((e) => e.outcome === 'refused' && e.action !== 'override')).toEqual([])
  }, 120_000)
})
