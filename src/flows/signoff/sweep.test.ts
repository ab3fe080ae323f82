import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { GitForge } from '../../adapters/git/git-forge.ts'
import { openStore, type StoreSpec } from '../../adapters/store/open-store.ts'
import type { CutRequest, CutResult } from '../../ports/forge.ts'
import type { StateStore } from '../../ports/store.ts'
import { announceDeps } from '../../testing/announce-deps.ts'
import { createRepo } from '../../testing/git-repo.ts'
import { RecordingPoster } from '../../testing/recording-poster.ts'
import { actor } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { testLine } from '../../testing/test-line.ts'
import { type AnnounceRecord, announceKind } from '../announce/announce-record.ts'
import { ChatRouter } from '../chat-router.ts'
import type { View } from '../view.ts'
import { SignoffLog } from './signoff-log.ts'
import { sweepInterrupted } from './sweep.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-sweep-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Two handles on one backend, as two replicas (or a stopped process and its successor) have. */
type Backend = [string, () => Promise<[StateStore, StateStore]>]
const backends: Backend[] = [
  [
    'memory',
    async () => {
      const store = await openStore({ kind: 'memory' })
      return [store, store]
    },
  ],
  [
    'sqlite',
    async () => {
      const spec: StoreSpec = { kind: 'sqlite', path: join(dir, `${randomUUID()}.db`) }
      return [await openStore(spec), await openStore(spec)]
    },
  ],
]
if (process.env.REDIS_URL) {
  const spec: StoreSpec = { kind: 'redis', url: process.env.REDIS_URL }
  backends.push([
    'redis',
    async () => {
      const namespace = `sweep-${randomUUID()}`
      return [await openStore(spec, { namespace }), await openStore(spec, { namespace })]
    },
  ])
}

const REQ = actor('U_REQ')
const APP = actor('U_APP')
const header = (view: View) => view.blocks.find((b) => b.kind === 'header')?.text
const labels = (view: View) => view.actions.map((a) => a.label)
function button(view: View, label: string): string {
  const action = view.actions.find((a) => a.label === label)
  if (!action) throw new Error(`no "${label}" button; have ${labels(view).join(', ')}`)
  return action.id
}
const tick = () => new Promise((r) => setTimeout(r, 20))
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 250 && !(await done()); i++) await tick()
}

/** An approval whose post never returns: the process "stops" mid-post. */
async function stuckPost(store: StateStore, clock: TestClock) {
  const hanging = new RecordingPoster(['hang'])
  const flows = new ChatRouter({
    ...announceDeps(store, { poster: hanging, clock, postBudgetMs: 1_000 }),
    forge: null as never,
    lines: [],
    repoWebUrl: null,
  })
  const approve = button(await flows.command(REQ, 'announce-release', {}), 'Approve & post')
  void flows.action(APP, approve)
  await until(async () => hanging.posted.length > 0)
  return { approve, hanging }
}

describe.each(backends)('the startup sweep on %s', (_name, open) => {
  it('moves a post left in flight past its deadline to post_unknown, once, with two sweeps racing', async () => {
    const [a, b] = await open()
    const clock = new TestClock()
    const { approve, hanging } = await stuckPost(a, clock)
    clock.advance(10_000)
    const [one, two] = await Promise.all([sweepInterrupted(a, clock), sweepInterrupted(b, clock)])
    const interrupted = [...one.interrupted, ...two.interrupted]
    expect(interrupted).toHaveLength(1)
    expect(interrupted[0]).toMatchObject({ tag: 'cli-v0.3.0', from: 'posting', to: 'post_unknown' })
    expect(interrupted[0]!.message).toMatch(
      /^interrupted: the post of the cli-v0\.3\.0 announcement \(announce:[\w-]+\) did not finish before its deadline; now post_unknown: check the channel/,
    )
    const moves = (await b.listAudit()).filter((e) => e.to === 'post_unknown')
    expect(moves).toHaveLength(1)
    expect(moves[0]).toMatchObject({ actor: { userId: 'herald' }, from: 'posting', outcome: 'done' })
    expect(moves[0]!.detail).toMatch(/^cli-v0\.3\.0: interrupted: still posting after its deadline/)
    // Idempotent: the next start finds nothing, and the index is empty again.
    expect(await sweepInterrupted(b, clock)).toEqual({ interrupted: [], inFlight: [] })
    expect(await b.listIndex('announce:in-flight')).toEqual([])
    // The next reader sees post_unknown and the choices; nothing was sent again.
    const fresh = new RecordingPoster()
    const restarted = new ChatRouter({
      ...announceDeps(b, { poster: fresh, clock }),
      forge: null as never,
      lines: [],
      repoWebUrl: null,
    })
    const view = await restarted.action(APP, approve)
    expect(header(view)).toBe('Announcement of cli-v0.3.0: post state unknown')
    expect(labels(view)).toContain('It is in the channel')
    expect(fresh.posted).toEqual([])
    expect(hanging.posted).toHaveLength(1)
    await a.close()
    if (b !== a) await b.close()
  })

  it('leaves a post still within its budget alone, and reports when to look again', async () => {
    const [a, b] = await open()
    const clock = new TestClock()
    await stuckPost(a, clock)
    const swept = await sweepInterrupted(b, clock)
    expect(swept.interrupted).toEqual([])
    expect(swept.inFlight).toHaveLength(1)
    expect(swept.inFlight[0]!.deadline).toBe('2026-03-01T10:00:06.000Z')
    const [member] = await b.listIndex('announce:in-flight')
    const record = await new SignoffLog<AnnounceRecord>(b, 'announce', announceKind.inFlight).load(
      member!.split('#')[0]!,
    )
    expect(record?.state).toBe('posting')
    expect((await b.listAudit()).filter((e) => e.to === 'post_unknown')).toEqual([])
    await a.close()
    if (b !== a) await b.close()
  })

  it('moves a cut left in flight to cut_failed and offers the retry, which resumes it', async () => {
    const [a, b] = await open()
    const { git, flows } = releaseRepo()
    const clock = new TestClock()
    const stopped = flows(a, clock, { cut: () => new Promise<CutResult>(() => {}) })
    const preview = await stopped.command(REQ, 'release', { line: 'v' })
    const cut = button(preview, 'Cut release')
    void stopped.action(APP, cut)
    await until(async () => (await a.listIndex('release:in-flight')).length > 0)
    const [one, two] = await Promise.all([sweepInterrupted(a, clock), sweepInterrupted(b, clock)])
    expect([...one.interrupted, ...two.interrupted]).toEqual([])
    expect(one.inFlight.map((r) => r.subject)).toEqual([expect.stringMatching(/^release:/)])
    clock.advance(5_000)
    const [three, four] = await Promise.all([sweepInterrupted(a, clock), sweepInterrupted(b, clock)])
    const interrupted = [...three.interrupted, ...four.interrupted]
    expect(interrupted).toHaveLength(1)
    expect(interrupted[0]!.message).toMatch(
      /^interrupted: the cut of v1\.1\.0 \(release:[\w-]+\) did not finish before its deadline; now cut_failed: .*run \/release again$/,
    )
    const moves = (await b.listAudit()).filter((e) => e.to === 'cut_failed')
    expect(moves.map((e) => [e.actor.userId, e.from])).toEqual([['herald', 'cutting']])
    expect(git('tag', '--list', 'v1.1*')).toBe('')
    const restarted = flows(b, clock)
    const view = await restarted.action(APP, cut)
    expect(header(view)).toBe('v1.1.0 (line v): cut failed')
    const retried = await restarted.action(APP, button(view, 'Retry cut'))
    expect(header(retried)).toMatch(/: released$/)
    expect(git('tag', '--list', 'v1.1*')).toBe('v1.1.0')
    await a.close()
    if (b !== a) await b.close()
  })
})

function releaseRepo() {
  const r = createRepo({ parent: dir })
  const repoDir = r.dir
  const git = r.git
  for (const [i, message] of ['feat: first', 'feat: compare command'].entries()) {
    r.commit(message)
    if (i === 0) r.tag('v1.0.0', 'HEAD', { annotated: true, message: 'v1.0.0' })
  }
  const flows = (
    store: StateStore,
    clock: TestClock,
    over: { cut?: (request: CutRequest) => Promise<CutResult> } = {},
  ) => {
    const forge = new GitForge(repoDir)
    if (over.cut) forge.cutRelease = over.cut
    const deps = announceDeps(store, { clock })
    return new ChatRouter({
      ...deps,
      forge,
      files: forge,
      cutBudgetMs: 1_000,
      lines: [testLine()],
      repoWebUrl: 'https://github.com/o/r',
    })
  }
  return { git, flows }
}
