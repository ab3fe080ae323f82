import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../../adapters/git/git-forge.ts'
import { openStore } from '../../adapters/store/open-store.ts'
import { resolveVoice } from '../../core/voice/voice-options.ts'
import type { StateStore } from '../../ports/store.ts'
import { drafterOf } from '../../testing/fake-drafter.ts'
import { finderOf } from '../../testing/fake-release-finder.ts'
import { createRepo } from '../../testing/git-repo.ts'
import { RecordingPoster } from '../../testing/recording-poster.ts'
import { AUTH, actor, GOOD_TEXT } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { testLine } from '../../testing/test-line.ts'
import { ChatRouter } from '../chat-router.ts'
import type { View } from '../view.ts'

let dir = ''
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function repo() {
  const r = createRepo()
  dir = r.dir
  const commit = (message: string) => r.commit(message)
  commit('feat: first')
  r.tag('v1.0.0', 'HEAD', { annotated: true, message: 'v1.0.0' })
  return { git: r.git, commit }
}

const header = (view: View) => view.blocks.find((b) => b.kind === 'header')?.text
const notices = (view: View) => view.blocks.flatMap((b) => (b.kind === 'notice' ? [b.text] : []))
const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a) throw new Error(`no ${label}: ${notices(view).join(' | ')}`)
  return a.id
}

function flows(
  store: StateStore,
  clock = new TestClock(),
  over: Record<string, unknown> = {},
  lines = [testLine(over as never)],
) {
  const forge = new GitForge(dir)
  return new ChatRouter({
    store,
    clock,
    auth: AUTH,
    forge,
    files: forge,
    lines,
    repoWebUrl: 'https://github.com/o/r',
    finder: finderOf(),
    drafter: drafterOf([GOOD_TEXT]),
    voice: resolveVoice(),
    posters: () => ({ ok: true, poster: new RecordingPoster() }),
  })
}

describe('release sign-off', () => {
  it('cuts exactly the previewed commit and version, once, however many confirmations race', async () => {
    const { git, commit } = repo()
    const sha = commit('feat: compare command')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store)
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'v' })
    expect(header(preview)).toBe('v1.1.0 (line v): preview, waiting for confirmation')
    const cut = button(preview, 'Cut release')
    const views = await Promise.all(Array.from({ length: 20 }, () => f.action(actor('U_APP'), cut)))
    // Every click sees the release (late ones as "already cut" or "someone else acted first").
    expect(views.every((v) => /: (released|confirmed|cutting…)$/.test(header(v) ?? ''))).toBe(true)
    expect(git('tag', '--list', 'v1.1*')).toBe('v1.1.0')
    expect(git('rev-list', '-n', '1', 'v1.1.0')).toBe(sha)
    const done = (await store.listAudit()).filter((e) => e.outcome === 'done')
    expect(done.map((e) => e.action)).toEqual(['planned', 'confirmed', 'cutting', 'cut'])
    expect(new Set(done.map((e) => e.hash)).size).toBe(1)
  })

  it('refuses when the branch moved since the preview, cuts nothing, and offers a fresh preview', async () => {
    const { git, commit } = repo()
    commit('fix: one')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store)
    const preview = await f.command(actor('U_REQ'), 'release', {})
    const moved = commit('feat: two')
    const view = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(notices(view)[0]).toMatch(
      /^Nothing was cut: the branch moved since the preview \(\w{7} → \w{7}\)\. Here is a fresh preview/,
    )
    expect(header(view)).toBe('v1.1.0 (line v): preview, waiting for confirmation')
    expect(git('tag', '--list', 'v1.*')).toBe('v1.0.0')
    await f.action(actor('U_APP'), button(view, 'Cut release'))
    expect(git('rev-list', '-n', '1', 'v1.1.0')).toBe(moved)
    // The old button is dead for good.
    expect(notices(await f.action(actor('U_APP'), button(preview, 'Cut release')))[0]).toMatch(
      /This preview was closed \(stale/,
    )
  })

  it.each([
    [
      'HEAD already released',
      [],
      {},
      'HEAD is already v1.0.0: nothing new to release (commit a change first)',
    ],
    [
      'nothing releasable, in chat terms',
      ['docs: readme'],
      {},
      'none of the 1 commits since v1.0.0 is a releasable type (feat, fix, perf, revert); use /release bump:patch (or minor, major) to force one',
    ],
    [
      'several lines and none named, in chat terms',
      ['feat: x'],
      { lines: 2 },
      'several release lines (v, w): choose one with line:NAME',
    ],
  ])('/release says what is wrong in chat terms: %s', async (_name, commits, opts, expected) => {
    const { commit } = repo()
    for (const m of commits) commit(m)
    const store = await openStore({ kind: 'memory' })
    const router =
      'lines' in opts
        ? flows(store, new TestClock(), {}, [testLine(), testLine({ name: 'w', tagPrefix: 'w-v' })])
        : flows(store)
    const text = notices(await router.command(actor('U_REQ'), 'release', {})).join('\n')
    expect(text).toContain(expected)
    expect(text).not.toMatch(/--\w/)
  })

  it('refuses when the tag appeared since the preview', async () => {
    const { git, commit } = repo()
    commit('fix: one')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store)
    const preview = await f.command(actor('U_REQ'), 'release', {})
    git('tag', '-a', 'v1.0.1', '-m', 'by hand')
    const view = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(notices(view)[0]).toContain('Nothing was cut: the tag v1.0.1 appeared since the preview')
  })

  it('applies auth.release, the two-person rule on majors, and expiry', async () => {
    const { commit } = repo()
    commit('feat!: drop the old API')
    const store = await openStore({ kind: 'memory' })
    const clock = new TestClock()
    const f = flows(store, clock)
    expect(notices(await f.command(actor('U_NOPE'), 'release', {}))[0]).toMatch(
      /^You may not cut releases: allowed are users U_REQ, U_APP\./,
    )
    const preview = await f.command(actor('U_REQ'), 'release', {})
    expect(header(preview)).toBe('v2.0.0 (line v): preview, waiting for confirmation')
    const cut = button(preview, 'Cut release')
    expect(notices(await f.action(actor('U_REQ'), cut))[0]).toMatch(/^A major release needs a second person/)
    clock.advance(25 * 60 * 60 * 1000)
    expect(notices(await f.action(actor('U_APP'), cut))[0]).toMatch(
      /^This preview expired at 2026-03-02T10:00:00.000Z/,
    )
    const log = await store.listAudit()
    expect(log.map((e) => `${e.actor.userId} ${e.action} ${e.outcome}`)).toEqual([
      'U_NOPE planned refused',
      'U_REQ planned done',
      'U_REQ confirmed refused',
      'herald expired done',
      'U_APP confirmed refused',
    ])
  })

  it('checks the changelog through the local forge: a missing section blocks, an audited override cuts', async () => {
    const { git, commit } = repo()
    const sha = commit('feat: compare command')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store, new TestClock(), { changelog: 'CHANGELOG.md' })
    const preview = await f.command(actor('U_REQ'), 'release', {})
    const text = preview.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n')
    expect(text).toContain('➖ ci_head: CI not checked: the local git forge cannot see CI')
    expect(text).toContain(`❌ changelog: CHANGELOG.md is missing at ${sha.slice(0, 12)}`)
    expect(preview.actions.map((a) => a.label)).toEqual(['Override and cut', 'Cancel'])
    expect(notices(preview)[0]).toMatch(/^A check failed \(changelog\), so cutting is blocked\./)
    const override = button(preview, 'Override and cut')
    expect(notices(await f.action(actor('U_NOPE'), override))[0]).toMatch(/^You may not cut releases/)
    expect(header(await f.action(actor('U_APP'), override))).toBe('v1.1.0 (line v): released')
    expect(git('rev-list', '-n', '1', 'v1.1.0')).toBe(sha)
    const confirmed = (await store.listAudit()).find((e) => e.action === 'confirmed' && e.outcome === 'done')
    expect(confirmed?.detail).toBe(
      `v1.1.0: confirmed, overriding failed checks: changelog (CHANGELOG.md is missing at ${sha.slice(0, 12)})`,
    )

    // With the section written, the check passes and Cut release is offered.
    writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## 1.1.1\n\n- fixed\n')
    git('add', 'CHANGELOG.md')
    git('commit', '-q', '-m', 'fix: typo')
    const next = await f.command(actor('U_REQ'), 'release', {})
    expect(
      next.blocks.some(
        (b) => b.kind === 'text' && b.text.includes('✅ changelog: CHANGELOG.md has a section for 1.1.1'),
      ),
    ).toBe(true)
    expect(next.actions.map((a) => a.label)).toEqual(['Cut release', 'Cancel'])
  })

  it('shows another branch as a failed check that only an override gets past', async () => {
    const { git, commit } = repo()
    git('checkout', '-q', '-b', 'hotfix')
    const sha = commit('fix: urgent')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store)
    const preview = await f.command(actor('U_REQ'), 'release', {})
    expect(
      preview.blocks.some(
        (b) => b.kind === 'text' && b.text.includes('❌ branch: line v releases from main, not from hotfix'),
      ),
    ).toBe(true)
    expect(
      notices(
        await f.action(actor('U_APP'), button(preview, 'Override and cut').replace('r:ov:', 'r:cut:')),
      )[0],
    ).toMatch(
      /^Nothing was cut: a check failed: branch \(line v releases from main, not from hotfix\)\. Fix it and run \/release again/,
    )
    await f.action(actor('U_APP'), button(preview, 'Override and cut'))
    expect(git('rev-list', '-n', '1', 'v1.0.1')).toBe(sha)
  })

  it('explains that a release-PR line needs GitHub, and offers nothing', async () => {
    const { git, commit } = repo()
    commit('feat: compare command')
    const store = await openStore({ kind: 'memory' })
    const f = flows(store, new TestClock(), { mode: 'pr', changelog: 'CHANGELOG.md' })
    const view = await f.command(actor('U_REQ'), 'release', {})
    expect(view.actions).toEqual([])
    expect(notices(view)).toEqual([
      'Line v is released through a release PR (`mode: pr`), and this Herald works on the local git repository, which has no pull requests: nothing was changed. To release it from chat, set GITHUB_TOKEN and `repo: owner/name` in herald.config.yaml and restart Herald. Without GitHub, bump the version files and CHANGELOG.md in a commit, tag it `vX.Y.Z` by hand, then use /announce-release.',
    ])
    expect(git('tag', '--list')).toBe('v1.0.0')
    expect((await store.listAudit()).filter((e) => e.outcome === 'done')).toEqual([])
  })

  it('checks the bump argument against the command definition, as every front-end does', async () => {
    repo()
    const f = flows(await openStore({ kind: 'memory' }))
    expect(notices(await f.command(actor('U_REQ'), 'release', { bump: 'huge' }))).toEqual([
      '`bump` cannot be `huge` (expected auto, patch, minor, major).\nUsage: `/release [action:canary|promote|rollback|status|console|backport] [line:<name>] [bump:auto|patch|minor|major] [version:X.Y.Z] [prerelease:rc] [next:X.Y.Z] [reason:"…"] [ticket:ID] [pr:N]`, for example `/release cli minor`.',
    ])
  })
})
