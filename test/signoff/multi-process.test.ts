/**
 * Exactly once across processes: approvals racing from two processes that
 * share the store, and a process killed between its claim and its post.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { openStore, type StoreSpec } from '../../src/adapters/store/open-store.ts'
import { DiscordWebhookPoster } from '../../src/adapters/webhook/discord-webhook-poster.ts'
import { resolveVoice } from '../../src/core/voice/voice-options.ts'
import { ChatRouter } from '../../src/flows/chat-router.ts'
import type { View } from '../../src/flows/view.ts'
import type { Clock } from '../../src/ports/clock.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { drafterOf } from '../../src/testing/fake-drafter.ts'
import { finderOf } from '../../src/testing/fake-release-finder.ts'
import { AUTH, actor, GOOD_TEXT } from '../../src/testing/signoff-fixtures.ts'
import { startWebhookServer, type WebhookServer } from '../../src/testing/webhook-server.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-multi-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let server: WebhookServer | undefined
const children: ChildProcess[] = []
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  await server?.close()
  server = undefined
})

const CHILD = join(import.meta.dirname, 'signoff-child.ts')
const later: Clock = { now: () => new Date(Date.now() + 5 * 60_000) }

function flowsOn(store: StateStore, webhook: URL, clock: Clock = { now: () => new Date() }) {
  return new ChatRouter({
    store,
    clock,
    auth: AUTH,
    forge: null as never,
    lines: [],
    repoWebUrl: null,
    finder: finderOf(),
    drafter: drafterOf([GOOD_TEXT]),
    voice: resolveVoice(),
    posters: () => ({ ok: true, poster: new DiscordWebhookPoster(webhook, { backoffMs: 1 }) }),
  })
}

function run(job: object): { child: ChildProcess; output: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(job)], { stdio: ['pipe', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => {
    out += d
  })
  child.stderr!.on('data', (d) => {
    err += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const output = exited.then((code) => {
    if (code !== 0 && code !== null) throw new Error(`child failed (${code}): ${err}`)
    return out
  })
  return { child, output, exited }
}

const header = (v: View) => v.blocks.find((b) => b.kind === 'header')?.text
const button = (v: View, label: string) => v.actions.find((a) => a.label === label)!.id

const stores: Array<[string, () => StoreSpec]> = [
  ['SQLite', () => ({ kind: 'sqlite', path: join(dir, `${randomUUID()}.db`) })],
]
if (process.env.REDIS_URL) stores.push(['Redis', () => ({ kind: 'redis', url: process.env.REDIS_URL! })])

describe.each(stores)('exactly once over %s shared by processes', (_name, specOf) => {
  it('posts once when two processes approve one draft 50 times each, at once', async () => {
    server = await startWebhookServer(['discord-ok'])
    const spec = specOf()
    const namespace = `race-${randomUUID()}`
    const store = await openStore(spec, { namespace })
    const flows = flowsOn(store, server.url())
    const preview = await flows.command(actor('U_REQ'), 'announce-release', {})
    const draftId = button(preview, 'Cancel').split(':')[2]!
    const job = {
      store: spec,
      namespace,
      draftId,
      revision: 1,
      count: 50,
      webhook: server.url().href,
      barrier: true,
    }
    const procs = [run(job), run(job)]
    await Promise.all(
      procs.map(
        ({ child }) =>
          new Promise<void>((resolve) =>
            child.stdout!.on('data', (d) => String(d).includes('ready') && resolve()),
          ),
      ),
    )
    for (const { child } of procs) child.stdin!.end('go\n')
    const results = await Promise.all(procs.map((p) => p.output))
    expect(new Set(results.map((o) => o.trim().split('\n').pop())).size).toBe(2)
    const summaries = results.map((o) => JSON.parse(o.trim().split('\n').pop()!))
    const headers = summaries.flatMap((s) => s.headers as string[])
    expect(headers).toHaveLength(100)
    expect(server.received).toHaveLength(1)
    expect((server.received[0]!.body as { content: string }).content).toBe(GOOD_TEXT)
    const done = (await store.listAudit()).filter((e) => e.outcome === 'done').map((e) => e.action)
    expect(done).toEqual(['drafted', 'approved', 'posting', 'posted'])
    await store.close()
  })

  it('keeps the draft and never re-sends when a process dies after claiming, before sending', async () => {
    server = await startWebhookServer(['discord-ok'])
    const spec = specOf()
    const namespace = `crash-${randomUUID()}`
    const store = await openStore(spec, { namespace })
    const flows = flowsOn(store, server.url())
    const draftId = button(await flows.command(actor('U_REQ'), 'announce-release', {}), 'Cancel').split(
      ':',
    )[2]!
    const { child, output } = run({
      store: spec,
      namespace,
      draftId,
      revision: 1,
      count: 1,
      webhook: server.url().href,
      hangBeforeSend: true,
    })
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (d) => String(d).includes('claimed') && resolve()),
    )
    child.kill('SIGKILL')
    await output.catch(() => {})

    // "Restart": a new Herald on the same store, once the post's deadline has passed.
    const restarted = flowsOn(store, server.url(), later)
    const again = await restarted.action(actor('U_APP'), `a:ok:${draftId}:1`)
    expect(header(again)).toBe('Announcement of cli-v0.3.0: post state unknown')
    expect(server.received).toHaveLength(0)
    // A person looked: it is not there. Post again: once.
    await restarted.action(actor('U_APP'), button(again, 'It is not there: post again'))
    await restarted.action(actor('U_APP2'), button(again, 'It is not there: post again'))
    expect(server.received).toHaveLength(1)
    await store.close()
  })

  it('never re-sends when a process dies while its request is in flight', async () => {
    server = await startWebhookServer(['hang'])
    const spec = specOf()
    const namespace = `inflight-${randomUUID()}`
    const store = await openStore(spec, { namespace })
    const flows = flowsOn(store, server.url())
    const draftId = button(await flows.command(actor('U_REQ'), 'announce-release', {}), 'Cancel').split(
      ':',
    )[2]!
    const arrived = server.nextRequest()
    const { child, output } = run({
      store: spec,
      namespace,
      draftId,
      revision: 1,
      count: 1,
      webhook: server.url().href,
    })
    await arrived
    child.kill('SIGKILL')
    await output.catch(() => {})
    const restarted = flowsOn(store, server.url(), later)
    const view = await restarted.action(actor('U_APP'), `a:ok:${draftId}:1`)
    expect(header(view)).toBe('Announcement of cli-v0.3.0: post state unknown')
    const seen = await restarted.action(actor('U_APP'), button(view, 'It is in the channel'))
    expect(header(seen)).toBe('Announcement of cli-v0.3.0: posted')
    expect(server.received).toHaveLength(1)
    const log = await store.listAudit()
    expect(log.filter((e) => e.outcome === 'done').map((e) => `${e.actor.userId} ${e.action}`)).toEqual([
      'U_REQ drafted',
      'U_APP2 approved',
      'U_APP2 posting',
      'herald post_unknown',
      'U_APP posted',
    ])
    await store.close()
  })
})
