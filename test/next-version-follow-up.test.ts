/**
 * A `tag` line's next development version on a real temporary repository:
 * the preview names it, the cut tags exactly the previewed commit, and a
 * follow-up commit on the line's branch advances the placeholder and removes
 * the consumed fragments; the checkout of that branch comes along.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { openStore } from '../src/adapters/store/open-store.ts'
import { validate } from '../src/config/load-config.ts'
import { resolveVoice } from '../src/core/voice/voice-options.ts'
import { ChatRouter } from '../src/flows/chat-router.ts'
import { tagKind } from '../src/flows/release/kinds/tag-kind.ts'
import type { ReleaseDeps } from '../src/flows/release/release-kind.ts'
import { newReleaseRecord, type ReleaseRequest } from '../src/flows/release/release-record.ts'
import { renderRelease } from '../src/flows/release/release-views.ts'
import type { View } from '../src/flows/view.ts'
import { drafterOf } from '../src/testing/fake-drafter.ts'
import { finderOf } from '../src/testing/fake-release-finder.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { RecordingPoster } from '../src/testing/recording-poster.ts'
import { AUTH, actor, GOOD_TEXT } from '../src/testing/signoff-fixtures.ts'
import { TestClock } from '../src/testing/test-clock.ts'
import { runCli } from './helpers/run-cli.ts'

const CONFIG = {
  lines: [
    {
      name: 'main',
      tagPrefix: 'v',
      branch: 'main',
      fragments: { dir: 'changes', types: ['feature', 'fix'] },
      nextVersion: { file: 'src/meta.py', pattern: 'NEXT_RELEASE_VERSION = "(?<version>[^"]+)"' },
    },
  ],
}
const YAML = `lines:
  - name: main
    tagPrefix: v
    branch: main
    fragments: { dir: changes, types: [feature, fix] }
    nextVersion: { file: src/meta.py, pattern: 'NEXT_RELEASE_VERSION = "(?<version>[^"]+)"' }
`

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

function setUp() {
  repo = createRepo()
  repo.commit('chore: init', {
    'src/meta.py': 'NEXT_RELEASE_VERSION = "26.7.0"\n',
    'herald.config.yaml': YAML,
  })
  repo.tag('v26.6.0')
  repo.commit('feat: resizing', { 'changes/12.feature.md': 'Resizing.\n' })
  const result = validate(CONFIG, 'test')
  if (!result.ok) throw new Error(result.errors.join('\n'))
  const forge = new GitForge(repo.dir)
  const deps = {
    store: {} as ReleaseDeps['store'],
    clock: { now: () => new Date('2026-07-01T12:00:00Z') },
    auth: undefined,
    forge,
    files: forge,
    lines: result.config.lines,
    repoWebUrl: null,
  } satisfies ReleaseDeps
  return { repo, deps, line: result.config.lines[0]! }
}

async function preview(deps: ReleaseDeps, line: ReleaseDeps['lines'][number], request: ReleaseRequest) {
  const prepared = await tagKind.prepare({ deps, line, request, prDeps: null, releasePr: async () => null })
  if (!prepared?.ok) throw new Error(`no preview: ${JSON.stringify(prepared)}`)
  return newReleaseRecord(prepared, request, { platform: 'console', userId: 'ann' }, new Date(), 60_000)
}

describe('nextVersion on a tag line', () => {
  it('previews the next version, cuts, then commits it and removes the fragments on the branch', async () => {
    const { repo, deps, line } = setUp()
    const cutSha = repo.sha('HEAD')
    const record = await preview(deps, line, { line: 'main', bump: 'auto' })
    expect(record.next).toBe('26.8.0')
    expect(record.checks).toContainEqual({
      id: 'fragments',
      status: 'pass',
      text: '1 news fragment in this release',
    })
    const shown = renderRelease(record).blocks.flatMap((b) => (b.kind === 'fields' ? b.fields : []))
    expect(shown).toContainEqual({ label: 'Next development version', value: '26.8.0' })

    const done = await tagKind.execute(deps, record, line)
    expect(done.state).toBe('cut')
    expect(repo.sha('v26.7.0')).toBe(cutSha)
    const followUp = done.result!.followUp!
    expect(followUp.error).toBeNull()
    expect(repo.sha('main')).toBe(followUp.sha)
    expect(repo.git('rev-parse', 'main^')).toBe(cutSha)
    expect(repo.git('show', 'main:src/meta.py')).toBe('NEXT_RELEASE_VERSION = "26.8.0"')
    expect(repo.git('ls-tree', '--name-only', 'main', 'changes/')).toBe('')
    // The branch is checked out here: the working tree came along, as after a fast-forward.
    expect(readFileSync(join(repo.dir, 'src/meta.py'), 'utf8')).toBe('NEXT_RELEASE_VERSION = "26.8.0"\n')
    expect(repo.git('status', '--porcelain')).toBe('')
    expect(tagKind.view.doneText({ ...record, ...done } as typeof record)).toContain(
      'Next development version `26.8.0` committed on top',
    )
    // The follow-up commit is a release commit: nothing new to release.
    const plan = await runCli(['plan', '--json'], { cwd: repo.dir })
    expect(plan.json().to).toBeNull()

    // A retry after a crash before the outcome was recorded: the tag is reused, no second follow-up.
    const again = await tagKind.execute(deps, record, line)
    expect(again).toMatchObject({
      state: 'cut',
      result: { tagCreated: false, followUp: { sha: followUp.sha } },
    })
    expect(repo.sha('main')).toBe(followUp.sha)
  })

  it('cuts, but commits nothing when a local change to the placeholder is in the way, and says so', async () => {
    const { repo, deps, line } = setUp()
    const cutSha = repo.sha('HEAD')
    const record = await preview(deps, line, { line: 'main', bump: 'auto' })
    writeFileSync(join(repo.dir, 'src/meta.py'), 'NEXT_RELEASE_VERSION = "26.7.0"  # mine\n')
    const done = await tagKind.execute(deps, record, line)
    expect(done.state).toBe('cut')
    expect(repo.sha('v26.7.0')).toBe(cutSha)
    expect(repo.sha('main')).toBe(cutSha)
    expect(repo.git('status', '--porcelain')).toBe('M src/meta.py')
    expect(tagKind.view.doneText({ ...record, ...done } as typeof record)).toContain(
      `⚠️ The next development version \`26.8.0\` was not committed: branch main is checked out in ${repo.dir} with local changes to src/meta.py that it would overwrite, so the follow-up commit was not added and the branch was left as it was (commit or undo those changes first). Write it yourself.`,
    )
  })

  it('takes next: as the override, and leaves patch releases alone', async () => {
    const { repo, deps, line } = setUp()
    expect((await preview(deps, line, { line: 'main', bump: 'auto', next: '27.1.0' })).next).toBe('27.1.0')
    repo.tag('v26.7.0')
    repo.commit('fix: a crash', { 'changes/13.fix.md': 'No crash.\n' })
    const patch = await preview(deps, line, { line: 'main', bump: 'auto' })
    expect(patch.plan.tag).toBe('v26.7.1')
    expect(patch.next).toBeNull()
    await expect(
      tagKind.prepare({
        deps,
        line,
        request: { bump: 'auto', next: '27.1.0' },
        prDeps: null,
        releasePr: async () => null,
      }),
    ).resolves.toMatchObject({
      ok: false,
      message: expect.stringContaining('goes with a final release ending in .0'),
    })
    const done = await tagKind.execute(deps, patch, line)
    expect(done.result?.followUp).toBeUndefined()
    expect(repo.sha('main')).toBe(patch.plan.sha)
  })

  it('names a file that is not a fragment as a failed check', async () => {
    const { repo, deps, line } = setUp()
    repo.commit('feat: more', { 'changes/14.feat.md': 'Typo in the type.\n' })
    const record = await preview(deps, line, { bump: 'auto' })
    expect(record.checks).toContainEqual({
      id: 'fragments',
      status: 'fail',
      text: 'changes/14.feat.md: not a fragment name: expected <issue>.<type>.md with a type among feature, fix (or +<name>.<type>.md without an issue)',
    })
  })

  it('shows the next version in herald plan, with --next as the override', async () => {
    const { repo } = setUp()
    const plan = (...args: string[]) => runCli(['plan', ...args], { cwd: repo.dir })
    expect((await plan('--json')).json()).toMatchObject({ to: { version: '26.7.0' }, nextVersion: '26.8.0' })
    expect((await plan('--json', '--next', '27.1.0')).json()).toMatchObject({ nextVersion: '27.1.0' })
    expect((await plan()).stdout).toContain('  next development version: 26.8.0\n')
    repo.tag('v26.7.0')
    repo.commit('fix: a crash', { 'changes/13.fix.md': 'No crash.\n' })
    expect((await plan('--json')).json()).toMatchObject({ to: { version: '26.7.1' }, nextVersion: null })
    const refused = await plan('--next', '27.1.0')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(
      'herald plan: next:27.1.0 goes with a final release ending in .0; 26.7.1 does not move the next development version\n',
    )
  })
})

describe('nextVersion on a line released with others (/release line:main,backend)', () => {
  const config = {
    lines: [
      { name: 'main', tagPrefix: 'v', branch: 'main', paths: ['app/'] },
      {
        name: 'backend',
        tagPrefix: '',
        branch: 'main',
        paths: ['backend/', 'changes/'],
        scheme: 'pep440',
        calver: 'YY.MINOR.MICRO',
        fragments: { dir: 'changes', types: ['feature', 'fix'] },
        nextVersion: { file: 'backend/meta.py', pattern: 'NEXT = "(?<version>[^"]+)"' },
      },
    ],
  }
  const lines = () => {
    const result = validate(config, 'test')
    if (!result.ok) throw new Error(result.errors.join('\n'))
    return result.config.lines
  }

  async function flows() {
    repo = createRepo()
    repo.commit('chore: init', { 'app/a.txt': '1\n', 'backend/meta.py': 'NEXT = "26.2.0"\n' })
    repo.tag('v1.0.0')
    repo.tag('26.1.0')
    repo.commit('feat: app search', { 'app/a.txt': '2\n' })
    repo.commit('feat: backend streaming', { 'backend/s.py': 's\n', 'changes/7.feature.md': 'Streams.\n' })
    const forge = new GitForge(repo.dir)
    const store = await openStore({ kind: 'memory' })
    const router = new ChatRouter({
      store,
      clock: new TestClock(),
      auth: AUTH,
      forge,
      files: forge,
      lines: lines(),
      repoWebUrl: null,
      finder: finderOf(),
      drafter: drafterOf([GOOD_TEXT]),
      voice: resolveVoice(),
      posters: () => ({ ok: true as const, poster: new RecordingPoster() }),
    })
    return { repo, router, store }
  }
  const fields = (view: View) => view.blocks.flatMap((b) => (b.kind === 'fields' ? b.fields : []))
  const texts = (view: View) => view.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n')

  it('previews the line’s next version and fragments, cuts both lines, then commits it on top', async () => {
    const { repo, router } = await flows()
    const cutSha = repo.sha('HEAD')
    const preview = await router.command(actor('U_REQ'), 'release', { line: 'main,backend' })
    expect(fields(preview)[1]).toEqual({
      label: 'Line backend',
      value: `26.1.0 → 26.2.0 (minor, 1 commit, at ${cutSha.slice(0, 12)}); next development version 26.3.0`,
    })
    expect(texts(preview)).toContain('✅ fragments: line backend: 1 news fragment in this release')
    const cut = preview.actions.find((a) => a.label === 'Cut 2 releases')!
    const done = await router.action(actor('U_REQ'), cut.id)
    expect(repo.sha('v1.1.0')).toBe(cutSha)
    expect(repo.sha('26.2.0')).toBe(cutSha)
    const followUp = repo.sha('main')
    expect(repo.git('rev-parse', 'main^')).toBe(cutSha)
    expect(repo.git('show', 'main:backend/meta.py')).toBe('NEXT = "26.3.0"')
    expect(repo.git('ls-tree', '--name-only', 'main', 'changes/')).toBe('')
    expect(repo.git('status', '--porcelain')).toBe('')
    expect(texts(done)).toContain(
      `✅ backend \`26.2.0\` at \`${cutSha.slice(0, 12)}\`; next development version \`26.3.0\` committed on top (\`${followUp.slice(0, 12)}\`)`,
    )
  })

  it.each([
    ['backend', 'Override and cut'],
    ['main,backend', 'Override and cut'],
  ])('records an override of a failed fragments check as one (line:%s)', async (lineArg, label) => {
    const { repo, router, store } = await flows()
    repo.commit('feat: backend more', { 'changes/8.feat.md': 'Typo in the type.\n' })
    const preview = await router.command(actor('U_REQ'), 'release', { line: lineArg })
    const prefix = lineArg === 'backend' ? '' : 'line backend: '
    const why = `${prefix}changes/8.feat.md: not a fragment name: expected <issue>.<type>.md with a type among feature, fix (or +<name>.<type>.md without an issue)`
    expect(texts(preview)).toContain(`❌ fragments: ${why}`)
    const override = preview.actions.find((a) => a.label === label)!
    await router.action(actor('U_APP'), override.id)
    expect(repo.git('tag', '--list', '26.2.0')).toBe('26.2.0')
    const confirmed = (await store.listAudit()).find((e) => e.action === 'confirmed' && e.outcome === 'done')
    expect(confirmed?.detail).toContain(`confirmed, overriding failed checks: fragments (${why})`)
  })

  it('refuses next: with several lines', async () => {
    const { router } = await flows()
    const view = await router.command(actor('U_REQ'), 'release', { line: 'main,backend', next: '27.0.0' })
    expect(view.actions).toEqual([])
    expect(JSON.stringify(view.blocks)).toContain(
      '`next:` sets one line’s next development version: release that line on its own with it.',
    )
  })

  it('herald plan --line main --line backend: the backend’s fragment notes and next version, as on its own', async () => {
    const { repo } = await flows()
    // YAML reads JSON; left untracked, as a local config is.
    writeFileSync(join(repo.dir, 'herald.config.yaml'), JSON.stringify(config))
    const env = { HERALD_TODAY: '2026-02-10' }
    const both = await runCli(['plan', '--json', '--line', 'main', '--line', 'backend'], {
      cwd: repo.dir,
      env,
    })
    expect(both.code, both.stderr).toBe(0)
    const [main, backend] = both.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(main).toMatchObject({ to: { tag: 'v1.1.0' } })
    expect(main).not.toHaveProperty('nextVersion')
    expect(backend).toMatchObject({ to: { tag: '26.2.0' }, nextVersion: '26.3.0' })
    expect(backend.notes).toContain('### Features\n\n- Streams. (#7)')
    const alone = await runCli(['plan', '--json', '--line', 'backend'], { cwd: repo.dir, env })
    expect(alone.json()).toEqual(backend)
    const next = await runCli(['plan', '--line', 'main', '--line', 'backend', '--next', '27.0.0'], {
      cwd: repo.dir,
      env,
    })
    expect([next.code, next.stderr]).toEqual([
      2,
      "herald plan: --next sets one line's next development version: plan that line on its own with it\n",
    ])
  })
})
