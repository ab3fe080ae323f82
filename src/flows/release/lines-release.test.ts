/**
 * Several lines in one sign-off (`/release line:main,lts`) on a real
 * temporary repository: each line planned and cut at the tip of its own
 * branch, one click for all, the two-person rule by the highest bump, a
 * line that fails reported beside the ones cut, and a retry (after a failure
 * or an interrupted cut) that never cuts a line twice.
 */
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../../adapters/git/git-forge.ts'
import { openStore } from '../../adapters/store/open-store.ts'
import { resolveVoice } from '../../core/voice/voice-options.ts'
import { CutError, type CutRequest, type CutResult } from '../../ports/forge.ts'
import type { StateStore } from '../../ports/store.ts'
import { drafterOf } from '../../testing/fake-drafter.ts'
import { finderOf } from '../../testing/fake-release-finder.ts'
import { createRepo } from '../../testing/git-repo.ts'
import { RecordingPoster } from '../../testing/recording-poster.ts'
import { AUTH, actor, GOOD_TEXT } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { testLine } from '../../testing/test-line.ts'
import { ChatRouter } from '../chat-router.ts'
import { sweepInterrupted } from '../signoff/sweep.ts'
import type { View } from '../view.ts'
import { pendingSignoffs } from './channels/pending.ts'

let dir = ''
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const LINES = [
  testLine({ name: 'main', tagPrefix: 'v', branch: 'main' }),
  testLine({ name: 'lts', tagPrefix: 'lts-v', branch: 'lts-1.x' }),
  testLine({ name: 'web', tagPrefix: 'web-v', branch: 'main', mode: 'pr' }),
]

/** main at v1.0.0 + a feature and a fix; lts-1.x at lts-v1.0.0 + the same fix; HEAD on main. */
function repo(mainChange = 'feat: compare command') {
  const r = createRepo()
  dir = r.dir
  r.commit('feat: first')
  r.tag('v1.0.0')
  r.tag('lts-v1.0.0')
  r.branch('lts-1.x')
  const lts = r.commit('fix: reject forged tokens')
  r.checkout('main')
  r.commit('fix: reject forged tokens')
  const main = r.commit(mainChange)
  return { ...r, main, lts }
}

/** The local git forge, whose cut of `refuse` fails and of `hang` never finishes (a stopped process). */
class TestForge extends GitForge {
  cuts: string[] = []
  refuse = new Set<string>()
  hang = new Set<string>()
  /** Tag -> how long its cut takes on `clock`. */
  slow = new Map<string, number>()
  clock: TestClock | undefined
  override cutRelease(request: CutRequest): Promise<CutResult> {
    this.cuts.push(request.tag)
    this.clock?.advance(this.slow.get(request.tag) ?? 0)
    if (this.hang.has(request.tag)) return new Promise(() => {})
    if (this.refuse.has(request.tag))
      return Promise.reject(new CutError('release_failed', `the forge refused ${request.tag} (a test)`))
    return super.cutRelease(request)
  }
}

function routerDeps(store: StateStore, forge: GitForge, clock = new TestClock()) {
  return {
    store,
    clock,
    auth: AUTH,
    forge,
    files: forge,
    lines: LINES,
    repoWebUrl: 'https://github.com/o/r',
    finder: finderOf(),
    drafter: drafterOf([GOOD_TEXT]),
    voice: resolveVoice(),
    posters: () => ({ ok: true as const, poster: new RecordingPoster() }),
  }
}

const flows = (store: StateStore, forge: GitForge, clock = new TestClock()) =>
  new ChatRouter(routerDeps(store, forge, clock))

const header = (view: View) => view.blocks.find((b) => b.kind === 'header')?.text
const notices = (view: View) => view.blocks.flatMap((b) => (b.kind === 'notice' ? [b.text] : []))
const texts = (view: View) => view.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n')
const labels = (view: View) => view.actions.map((a) => a.label)
const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a) throw new Error(`no ${label} in [${labels(view).join(', ')}]: ${notices(view).join(' | ')}`)
  return a.id
}
/** Waits (without a deadline of its own) until the audit log has an entry whose detail ends with `detail`. */
async function untilAudited(store: StateStore, detail: string): Promise<void> {
  while (!(await store.listAudit()).some((e) => e.detail?.endsWith(detail)))
    await new Promise((ok) => setTimeout(ok, 5))
}

const audit = async (store: StateStore) =>
  (await store.listAudit()).map(
    (e) =>
      `${e.actor.userId} ${e.action} ${e.outcome}${e.detail?.includes('line ') ? ` ${e.detail.split(': ').slice(1).join(': ')}` : ''}`,
  )

describe('/release line:main,lts: several lines in one sign-off', () => {
  it('previews each line at its own branch tip and cuts both on one click', async () => {
    const r = repo()
    const store = await openStore({ kind: 'memory' })
    const forge = new TestForge(dir)
    const f = flows(store, forge)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    expect(header(preview)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): preview, waiting for confirmation')
    const fields = preview.blocks.flatMap((b) => (b.kind === 'fields' ? b.fields : []))
    expect(fields.slice(0, 2)).toEqual([
      { label: 'Line main', value: `v1.0.0 → v1.1.0 (minor, 2 commits, at ${r.main.slice(0, 12)})` },
      { label: 'Line lts', value: `lts-v1.0.0 → lts-v1.0.1 (patch, 1 commit, at ${r.lts.slice(0, 12)})` },
    ])
    // Not HEAD: the LTS line's branch, although HEAD is on main.
    expect(texts(preview)).toContain("✅ branch: line lts: cutting at the tip of lts-1.x, the line's branch")
    expect(texts(preview)).toContain('✅ tag_free: line lts: tag lts-v1.0.1 is free')
    expect(labels(preview)).toEqual(['Cut 2 releases', 'Cancel'])
    const notes = preview.blocks.find((b) => b.kind === 'code')?.text ?? ''
    expect(notes).toMatch(
      /^## main: v1\.1\.0\n[\s\S]*compare command[\s\S]*## lts: lts-v1\.0\.1\n[\s\S]*forged tokens/,
    )
    expect(notes.split('## lts')[1]).not.toContain('compare command')

    const done = await f.action(actor('U_REQ'), button(preview, 'Cut 2 releases'))
    expect(header(done)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): released')
    expect(texts(done)).toContain(`✅ main \`v1.1.0\` at \`${r.main.slice(0, 12)}\``)
    expect(texts(done)).toContain(`✅ lts \`lts-v1.0.1\` at \`${r.lts.slice(0, 12)}\``)
    expect(labels(done)).toEqual(['Announce both', 'Announce v1.1.0', 'Announce lts-v1.0.1'])
    expect(r.git('rev-list', '-n', '1', 'v1.1.0')).toBe(r.main)
    expect(r.git('rev-list', '-n', '1', 'lts-v1.0.1')).toBe(r.lts)
    expect(forge.cuts).toEqual(['v1.1.0', 'lts-v1.0.1'])
    expect(await audit(store)).toEqual([
      'U_REQ planned done',
      'U_REQ confirmed done',
      'U_REQ cutting done',
      'herald cutting done line main: v1.1.0 cut',
      'herald cutting done line lts: lts-v1.0.1 cut',
      'herald cut done',
    ])
  })

  it('refuses the whole request up front when one line has nothing to release, naming it', async () => {
    const r = repo()
    r.tag('lts-v1.0.1', 'lts-1.x')
    const store = await openStore({ kind: 'memory' })
    const view = await flows(store, new TestForge(dir)).command(actor('U_REQ'), 'release', {
      line: 'main,lts',
    })
    expect(notices(view)[0]).toBe(
      [
        'Nothing was planned: the lines are released together or not at all.',
        "• line lts: lts-1.x (the line's branch) is already lts-v1.0.1: nothing new to release (commit a change first)",
        'Release the others without that line (/release line:main), or fix what is said above.',
      ].join('\n'),
    )
    expect(view.actions).toEqual([])
    expect(await store.listAudit()).toEqual([])
  })

  it.each([
    [{ line: 'main,web' }, /^line web releases through a release PR \(mode: pr\).*\/release line:web\.$/],
    [{ line: 'main,lts', version: '2.0.0' }, /^`version:` sets one line’s version/],
    [{ line: 'main,main' }, /^a line is named twice/],
    [{ line: 'main,nope' }, /^no release line named "nope": the lines are main, lts, web$/],
  ])('refuses %o, saying what to do', async (args, message) => {
    repo()
    const store = await openStore({ kind: 'memory' })
    const view = await flows(store, new TestForge(dir)).command(actor('U_REQ'), 'release', args)
    expect(notices(view)[0]).toMatch(message)
    expect(await store.listAudit()).toEqual([])
  })

  it('shows a fresh preview, cutting nothing, when one line’s branch moved since the preview', async () => {
    const r = repo()
    const store = await openStore({ kind: 'memory' })
    const forge = new TestForge(dir)
    const f = flows(store, forge)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    // `/release status` of either line lists the preview waiting for a click.
    const waiting = await pendingSignoffs(store, 'lts', new TestClock().now())
    expect(waiting.map((p) => p.what)).toEqual(['lines v1.1.0 + lts-v1.0.1'])
    r.checkout('lts-1.x')
    const moved = r.commit('fix: one more')
    r.checkout('main')
    const fresh = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(notices(fresh)[0]).toBe(
      `Nothing was cut: line lts: the branch moved since the preview (${r.lts.slice(0, 7)} → ${moved.slice(0, 7)}). Here is a fresh preview; check it and confirm again.`,
    )
    expect(header(fresh)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): preview, waiting for confirmation')
    expect(forge.cuts).toEqual([])
    await f.action(actor('U_APP'), button(fresh, 'Cut 2 releases'))
    expect(r.git('rev-list', '-n', '1', 'lts-v1.0.1')).toBe(moved)
  })

  it('cuts nothing when one line’s tag appeared since the preview, and says which', async () => {
    const r = repo()
    const store = await openStore({ kind: 'memory' })
    const forge = new TestForge(dir)
    const f = flows(store, forge)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    r.tag('lts-v1.0.1', 'lts-1.x')
    const answer = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(notices(answer)[0]).toMatch(
      /^Nothing was cut: line lts: the tag lts-v1\.0\.1 appeared since the preview/,
    )
    expect(forge.cuts).toEqual([])
    expect(r.git('tag', '--list', 'v1.1.0')).toBe('')
  })

  it('releases two path-scoped lines of one branch together', async () => {
    const r = createRepo()
    dir = r.dir
    r.commit('feat: first', ['api/a', 'web/a'])
    r.tag('api-v1.0.0')
    r.tag('web-v1.0.0')
    r.commit('fix(api): escape ids', ['api/b'])
    const head = r.commit('feat(web): dark mode', ['web/b'])
    const lines = [
      testLine({ name: 'api', tagPrefix: 'api-v', paths: ['api/'] }),
      testLine({ name: 'web', tagPrefix: 'web-v', paths: ['web/'] }),
    ]
    const store = await openStore({ kind: 'memory' })
    const f = new ChatRouter({ ...routerDeps(store, new TestForge(dir)), lines })
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'api,web' })
    expect(header(preview)).toBe(
      'api-v1.0.1 + web-v1.1.0 (lines api, web): preview, waiting for confirmation',
    )
    await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(r.git('tag', '--points-at', head).split('\n').sort()).toEqual(['api-v1.0.1', 'web-v1.1.0'])
  })

  it('completes the last of several line names as they are typed', async () => {
    repo()
    const f = flows(await openStore({ kind: 'memory' }), new TestForge(dir))
    expect(await f.complete('release', 'line', 'm')).toEqual(['main'])
    expect(await f.complete('release', 'line', 'main,')).toEqual(['main,lts', 'main,web'])
    expect(await f.complete('release', 'line', 'main,L')).toEqual(['main,lts'])
  })

  it('applies the two-person rule by the highest bump among the lines', async () => {
    repo('feat!: drop the v1 API')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store, new TestForge(dir))
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts,main' })
    expect(header(preview)).toBe('lts-v1.0.1 + v2.0.0 (lines lts, main): preview, waiting for confirmation')
    const cut = button(preview, 'Cut 2 releases')
    expect(notices(await f.action(actor('U_REQ'), cut))[0]).toMatch(/^A major release needs a second person/)
    expect(header(await f.action(actor('U_APP'), cut))).toMatch(/: released$/)
  })

  it('reports a line the forge refuses beside the one cut; Retry cut cuts only the rest', async () => {
    const r = repo()
    const store = await openStore({ kind: 'memory' })
    const forge = new TestForge(dir)
    forge.refuse.add('v1.1.0')
    const f = flows(store, forge)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    const failed = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(header(failed)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): not every line was cut')
    expect(texts(failed)).toBe(
      [
        '❌ main `v1.1.0`: the forge refused v1.1.0 (a test) (release\\_failed)'.replace('\\_', '_'),
        `✅ lts \`lts-v1.0.1\` at \`${r.lts.slice(0, 12)}\``,
      ].join('\n'),
    )
    expect(notices(failed)[0]).toBe(
      '1 of 2 lines was not cut (main): fix what is said for it, then press Retry cut. Lines already cut are reported as done and never cut again. (release_failed)',
    )
    expect(r.git('tag', '--list', 'lts-v1.0.1')).toBe('lts-v1.0.1')
    expect(r.git('tag', '--list', 'v1.1.0')).toBe('')

    forge.refuse.clear()
    const retried = await f.action(actor('U_APP'), button(failed, 'Retry cut'))
    expect(header(retried)).toMatch(/: released$/)
    expect(forge.cuts).toEqual(['v1.1.0', 'lts-v1.0.1', 'v1.1.0'])
    expect(r.git('rev-list', '-n', '1', 'v1.1.0')).toBe(r.main)
  })

  it('gives each line of a long cut the whole budget: progress is never swept as interrupted', async () => {
    repo()
    const store = await openStore({ kind: 'memory' })
    const clock = new TestClock()
    const forge = new TestForge(dir)
    forge.clock = clock
    forge.slow.set('v1.1.0', 9 * 60 * 1000)
    forge.hang.add('lts-v1.0.1')
    const f = flows(store, forge, clock)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    void f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    await untilAudited(store, 'line main: v1.1.0 cut')
    // 11 minutes after the cut began, 2 after main was cut and recorded: still within budget.
    clock.advance(2 * 60 * 1000)
    expect((await sweepInterrupted(store, clock)).interrupted).toEqual([])
    // 10 minutes after the last progress: interrupted.
    clock.advance(8 * 60 * 1000 + 1)
    expect((await sweepInterrupted(store, clock)).interrupted.map((i) => i.to)).toEqual(['cut_failed'])
  })

  it('an interrupted cut keeps the lines already cut: after a restart they are reported, never cut again', async () => {
    const r = repo()
    const store = await openStore({ kind: 'memory' })
    const clock = new TestClock()
    const stopped = new TestForge(dir)
    stopped.hang.add('lts-v1.0.1')
    const f = flows(store, stopped, clock)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    const cut = button(preview, 'Cut 2 releases')
    // The process stops while the second line is being cut.
    void f.action(actor('U_APP'), cut)
    await untilAudited(store, 'line main: v1.1.0 cut')
    clock.advance(11 * 60 * 1000)

    // The start-up sweep finds the cut although it recorded a line since it started cutting.
    const swept = await sweepInterrupted(store, clock)
    expect(swept.interrupted.map((i) => `${i.tag} ${i.from} → ${i.to}`)).toEqual([
      'v1.1.0 + lts-v1.0.1 cutting → cut_failed',
    ])
    const forge = new TestForge(dir)
    const restarted = flows(store, forge, clock)
    const after = await restarted.action(actor('U_APP'), cut)
    expect(header(after)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): not every line was cut')
    expect(texts(after)).toContain(`✅ main \`v1.1.0\` at \`${r.main.slice(0, 12)}\``)
    expect(texts(after)).toContain('⏸ lts `lts-v1.0.1`: not cut yet')
    const done = await restarted.action(actor('U_APP'), button(after, 'Retry cut'))
    expect(header(done)).toMatch(/: released$/)
    expect(forge.cuts).toEqual(['lts-v1.0.1'])
    expect(r.git('rev-list', '-n', '1', 'lts-v1.0.1')).toBe(r.lts)
  })
})
