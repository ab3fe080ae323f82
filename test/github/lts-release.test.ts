/**
 * The LTS process end to end through ChatRouter, on a real temporary
 * repository and on the fake GitHub serving the same history: a security fix
 * on master backported onto lts-2026.1, then `/release line:main,lts-2026.1`
 * previews v0.12.4 and v2026.1.4 together and one authorised click cuts both
 * at each branch's tip. `main` never takes the LTS line's v2026.1.x tags, and
 * on GitHub the maintenance line never becomes the Latest release.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { GitBackport } from '../../src/adapters/git/git-backport.ts'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { resolveVoice } from '../../src/core/voice/voice-options.ts'
import { ChatRouter } from '../../src/flows/chat-router.ts'
import { buildHistoryChangelog } from '../../src/flows/history-changelog.ts'
import type { View } from '../../src/flows/view.ts'
import type { Forge } from '../../src/ports/forge.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { drafterOf } from '../../src/testing/fake-drafter.ts'
import { finderOf } from '../../src/testing/fake-release-finder.ts'
import { RecordingPoster } from '../../src/testing/recording-poster.ts'
import { AUTH, actor, GOOD_TEXT } from '../../src/testing/signoff-fixtures.ts'
import { TestClock } from '../../src/testing/test-clock.ts'
import { button, header, labels, notices, texts } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import type { FakeRepo } from './fake-model.ts'
import { type LtsFixture, ltsFixture, ltsLines } from './lts-scenario-fixture.ts'
import { forgeOn, startFake } from './support.ts'

let fx: LtsFixture | undefined
let fake: FakeGitHub | undefined
afterEach(async () => {
  await fake?.stop()
  fx?.remove()
  fake = undefined
  fx = undefined
})

function router(store: StateStore, forge: Forge, github = false): ChatRouter {
  return new ChatRouter({
    // The local backport puts a merged pull request's commit on a branch off the line's branch.
    ...(github ? {} : { backports: new GitBackport(forge as GitForge, 'master') }),
    store,
    clock: new TestClock(),
    auth: AUTH,
    forge,
    ...(github ? { host: forge as never, prHost: forge as never } : { files: forge }),
    lines: ltsLines(),
    repoWebUrl: 'https://github.com/acme/widget',
    finder: finderOf(),
    drafter: drafterOf([GOOD_TEXT]),
    voice: resolveVoice(),
    posters: () => ({ ok: true, poster: new RecordingPoster() }),
  })
}

/** The fixture served by the fake GitHub, master its default branch, CI green on both tips. */
async function onGitHub(repo: LtsFixture): Promise<{ fake: FakeGitHub; fakeRepo: FakeRepo }> {
  const fakeRepo = repo.toFakeRepo()
  fakeRepo.defaultBranch = 'master'
  for (const sha of [repo.tips.main, repo.tips.lts])
    fakeRepo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'success' }])
  fake = await startFake(fakeRepo)
  return { fake, fakeRepo }
}

/** The LTS fixture on the fake GitHub and a router on it, HEAD standing for `branch` (undefined: the default). */
async function ltsOnGitHub(branch: string | undefined) {
  fx = ltsFixture()
  const { fakeRepo } = await onGitHub(fx)
  const store = await openStore({ kind: 'memory' })
  return { fakeRepo, f: router(store, forgeOn(fake!, { branch }), true), tips: fx.tips }
}

/** `/release line:main,lts-2026.1`, checked, then cut on one click by someone else. */
async function releaseBoth(f: ChatRouter, tips: LtsFixture['tips']): Promise<View> {
  const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts-2026.1' })
  expect(header(preview)).toBe(
    'v0.12.4 + v2026.1.4 (lines main, lts-2026.1): preview, waiting for confirmation',
  )
  const fields = preview.blocks.flatMap((b) => (b.kind === 'fields' ? b.fields : []))
  expect(fields.slice(0, 2)).toEqual([
    { label: 'Line main', value: `v0.12.3 → v0.12.4 (patch, 1 commit, at ${tips.main.slice(0, 12)})` },
    {
      label: 'Line lts-2026.1',
      value: `v2026.1.3 → v2026.1.4 (patch, 1 commit, at ${tips.lts.slice(0, 12)})`,
    },
  ])
  expect(texts(preview)).toContain(
    "✅ branch: line lts-2026.1: cutting at the tip of lts-2026.1, the line's branch",
  )
  expect(texts(preview)).toContain('✅ tag_free: line lts-2026.1: tag v2026.1.4 is free')
  const notes = preview.blocks.find((b) => b.kind === 'code')?.text ?? ''
  expect(notes).toMatch(
    /^## main: v0\.12\.4\n[\s\S]*forged session tokens[\s\S]*## lts-2026\.1: v2026\.1\.4\n/,
  )
  // Only the fix: none of the LTS line's own history leaks into main's notes, nor main's into the LTS line's.
  expect(notes).not.toMatch(/lts repair|repair \d/)
  const done = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
  expect(header(done)).toBe('v0.12.4 + v2026.1.4 (lines main, lts-2026.1): released')
  expect(texts(done)).toContain(`✅ main \`v0.12.4\` at \`${tips.main.slice(0, 12)}\``)
  expect(texts(done)).toContain(`✅ lts-2026.1 \`v2026.1.4\` at \`${tips.lts.slice(0, 12)}\``)
  return done
}

describe('the LTS scenario: a security fix on main and its backport, released together', () => {
  it('through the local git forge: one click tags v0.12.4 on master and v2026.1.4 on lts-2026.1', async () => {
    fx = ltsFixture()
    const store = await openStore({ kind: 'memory' })
    const f = router(store, new GitForge(fx.dir))
    await releaseBoth(f, fx.tips)
    expect(fx.git('rev-list', '-n', '1', 'v0.12.4')).toBe(fx.tips.main)
    expect(fx.git('rev-list', '-n', '1', 'v2026.1.4')).toBe(fx.tips.lts)
    // Both released: asking again names both lines as done, and plans nothing.
    const again = await f.command(actor('U_REQ'), 'release', { line: 'main,lts-2026.1' })
    expect(notices(again)[0]).toContain("• line main: master (the line's branch) is already v0.12.4")
    expect(notices(again)[0]).toContain(
      "• line lts-2026.1: lts-2026.1 (the line's branch) is already v2026.1.4",
    )
  })

  it('with the backport made in chat: /release backport pr:41 line:lts-2026.1, merged, then both released', async () => {
    fx = ltsFixture({ backported: false })
    const store = await openStore({ kind: 'memory' })
    const f = router(store, new GitForge(fx.dir))
    const made = await f.command(actor('U_APP'), 'release', {
      action: 'backport',
      pr: '41',
      line: 'lts-2026.1',
    })
    expect(JSON.stringify(made.blocks)).toContain('herald/backport-41-to-lts-2026.1')
    // The backport's branch is reviewed and merged into lts-2026.1 (a fast-forward here).
    fx.checkout('lts-2026.1')
    fx.git('merge', '-q', '--ff-only', 'herald/backport-41-to-lts-2026.1')
    fx.checkout('master')
    const lts = fx.sha('lts-2026.1')
    expect(fx.git('log', '-1', '--format=%B', lts)).toContain(`(cherry picked from commit ${fx.tips.fix})`)
    await releaseBoth(f, { ...fx.tips, lts })
    expect(fx.git('rev-list', '-n', '1', 'v2026.1.4')).toBe(lts)
  })

  it('says why the LTS line alone plans nothing while the local checkout is on master', async () => {
    fx = ltsFixture()
    const store = await openStore({ kind: 'memory' })
    const f = router(store, new GitForge(fx.dir))
    const view = await f.command(actor('U_REQ'), 'release', { line: 'lts-2026.1' })
    expect(notices(view)[0]).toMatch(
      /\(planned at HEAD, on master, not on lts-2026\.1, the line's branch: check out lts-2026\.1, or name the line with another, \/release line:lts-2026\.1,OTHER, which plans each line at the tip of its own branch\)$/,
    )
    expect(view.actions).toEqual([])
    // Checked out, it is released from there.
    fx.checkout('lts-2026.1')
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts-2026.1' })
    expect(header(preview)).toBe('v2026.1.4 (line lts-2026.1): preview, waiting for confirmation')
  })

  it('through GitHub: the same versions, main takes Latest and the LTS release never does', async () => {
    const { fakeRepo, f, tips } = await ltsOnGitHub(undefined)
    await releaseBoth(f, tips)
    expect(fakeRepo.refs.get('refs/tags/v0.12.4')).toBe(tips.main)
    expect(fakeRepo.refs.get('refs/tags/v2026.1.4')).toBe(tips.lts)
    expect(fakeRepo.releases.map((r) => [r.tag_name, r.make_latest])).toEqual([
      ['v0.12.4', 'true'],
      ['v2026.1.4', 'false'],
    ])
  })

  it('through GitHub, named LTS first: still only main takes Latest', async () => {
    const { fakeRepo, f } = await ltsOnGitHub(undefined)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts-2026.1,main' })
    await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(fakeRepo.releases.map((r) => [r.tag_name, r.make_latest])).toEqual([
      ['v2026.1.4', 'false'],
      ['v0.12.4', 'true'],
    ])
  })
})

describe('the LTS line released on its own through GitHub', () => {
  it('is planned and cut at its own branch’s tip, not at the default branch, and never becomes Latest', async () => {
    // `herald serve`: HEAD stands for the default branch, master.
    const { fakeRepo, f, tips } = await ltsOnGitHub(undefined)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts-2026.1' })
    expect(header(preview)).toBe('v2026.1.4 (line lts-2026.1): preview, waiting for confirmation')
    expect(texts(preview)).toContain("✅ branch: cutting at the tip of lts-2026.1, the line's branch")
    expect(labels(preview)).toEqual(['Cut release', 'Cancel'])
    await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(fakeRepo.refs.get('refs/tags/v2026.1.4')).toBe(tips.lts)
    const main = await f.command(actor('U_REQ'), 'release', { line: 'main' })
    expect(header(main)).toBe('v0.12.4 (line main): preview, waiting for confirmation')
    await f.action(actor('U_APP'), button(main, 'Cut release'))
    expect(fakeRepo.refs.get('refs/tags/v0.12.4')).toBe(tips.main)
    expect(fakeRepo.releases.map((r) => [r.tag_name, r.make_latest])).toEqual([
      ['v2026.1.4', 'false'],
      ['v0.12.4', 'true'],
    ])
  })

  it('is never the Latest release, even where HEAD stands for its branch (the Action on lts-2026.1)', async () => {
    const { fakeRepo, f, tips } = await ltsOnGitHub('lts-2026.1')
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts-2026.1' })
    expect(header(preview)).toBe('v2026.1.4 (line lts-2026.1): preview, waiting for confirmation')
    await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(fakeRepo.refs.get('refs/tags/v2026.1.4')).toBe(tips.lts)
    expect(fakeRepo.releases.map((r) => [r.tag_name, r.make_latest])).toEqual([['v2026.1.4', 'false']])
  })
})

describe('each line’s history of the LTS scenario', () => {
  it('rebuilds main’s changelog from v0.12.x alone and the LTS line’s from v2026.1.x alone', async () => {
    fx = ltsFixture()
    const forge = new GitForge(fx.dir)
    const [main, lts] = ltsLines()
    const headings = (text: string) => [...text.matchAll(/^## \[?([^\]\s]+)/gm)].map((m) => m[1])
    const mainLog = await buildHistoryChangelog(forge, main!)
    expect(headings(mainLog.text)).toEqual(['0.12.3', '0.12.2', '0.12.1', '0.12.0'])
    const ltsLog = await buildHistoryChangelog(forge, lts!)
    expect(headings(ltsLog.text)).toEqual(['2026.1.3', '2026.1.2', '2026.1.1', '2026.1.0'])
    expect(ltsLog.text).toContain('lts repair 3')
    expect(mainLog.text).not.toContain('lts repair')
    expect(ltsLog.text.split('\n').filter((l) => l.includes('repair'))).toHaveLength(3)
  })
})
