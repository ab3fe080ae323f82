/**
 * The whole "backend" process on one real temporary repository: a PEP 440
 * line with calendar versions (`YY.MINOR.MICRO`), an empty tag prefix, news
 * fragments and a next development version, released through release PRs:
 * 26.2.0rc1 (fragments a, b) → 26.2.0rc2 (c) → 26.2.0 (a, b, c once; the
 * fragments removed, the placeholder advanced) → 26.2.1 (the placeholder
 * left alone) → 26.3.0 with `next:27.0.0` (the year rolls over) → 27.0.0,
 * planned in 2027. Every step is planned with `herald plan --json` locally
 * and through the fake GitHub with the same result, `herald changelog
 * --write` writes exactly the CHANGELOG the GitHub release PR carries, and
 * the PR's merge is applied to the local repository so both stay one history.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { releaseTextForLine } from '../../src/flows/line-notes.ts'
import { tagKind } from '../../src/flows/release/kinds/tag-kind.ts'
import type { ReleaseDeps } from '../../src/flows/release/release-kind.ts'
import { type ReleasePrRequest, updateReleasePr } from '../../src/flows/release/release-pr.ts'
import { newReleaseRecord } from '../../src/flows/release/release-record.ts'
import type { Forge } from '../../src/ports/forge.ts'
import { runCli } from '../helpers/run-cli.ts'
import type { FakeGitHub } from './fake-github.ts'
import type { FakeRepo } from './fake-model.ts'
import { type GitFixture, gitFixture } from './git-fixture.ts'
import { forgeOn, startFake } from './support.ts'

const WEB = 'https://github.com/acme/widget'
const BACKEND_YAML = (mode: 'pr' | 'tag') => `repo: acme/widget
lines:
  - name: backend
    tagPrefix: ''
    branch: main
    mode: ${mode}
    scheme: pep440
    calver: YY.MINOR.MICRO
    changelog: CHANGELOG.md
    versionFiles: [pyproject.toml]
    fragments: { dir: changes, types: [feature, fix, breaking, deprecation, doc, misc] }
    nextVersion: { file: src/meta.py, pattern: 'NEXT_RELEASE_VERSION = "(?<version>[^"]+)"', advance: minor }
`

let fixture: GitFixture | undefined
let fake: FakeGitHub | undefined
afterEach(async () => {
  await fake?.stop()
  fixture?.remove()
  fake = undefined
  fixture = undefined
})

function linesOf(yaml: string): ReleaseLine[] {
  const result = validate(parse(yaml), 'test')
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

/** 26.1.0 released; the placeholder says 26.2.0. */
function backendRepo(mode: 'pr' | 'tag'): GitFixture {
  const repo = gitFixture()
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/widget.git')
  repo.commit('chore: init', {
    'herald.config.yaml': BACKEND_YAML(mode),
    'CHANGELOG.md': '# Changelog\n',
    'pyproject.toml': '[project]\nname = "backend"\nversion = "26.1.0"\n',
    'src/meta.py': 'NEXT_RELEASE_VERSION = "26.2.0"\n',
    'changes/.gitkeep': '',
  })
  repo.tag('26.1.0')
  return repo
}

/** The fake GitHub serving the repository as it is now (a fresh mirror). */
async function mirror(repo: GitFixture): Promise<{ fakeRepo: FakeRepo; fake: FakeGitHub }> {
  await fake?.stop()
  const fakeRepo = repo.toFakeRepo()
  fake = await startFake(fakeRepo)
  return { fakeRepo, fake }
}

const day = (today: string) => ({ now: () => new Date(`${today}T12:00:00Z`) })

/** `herald plan --json` locally and through GitHub: the same document (GitHub's links aside). */
async function planBoth(repo: GitFixture, today: string, ...args: string[]) {
  const { fake } = await mirror(repo)
  const local = await runCli(['plan', '--json', ...args], { cwd: repo.dir, env: { HERALD_TODAY: today } })
  expect(local.code, local.stderr).toBe(0)
  const env = { HERALD_TODAY: today, GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url }
  const remote = await runCli(['plan', '--json', ...args], { cwd: repo.dir, env })
  expect(remote.code, remote.stderr).toBe(0)
  expect(remote.stdout.replaceAll(fake.url, 'https://github.com')).toBe(local.stdout)
  return local.json()
}

/** The notes through both forges: the same markdown. */
async function notesBoth(repo: GitFixture, today: string, prerelease?: string) {
  const { fake } = await mirror(repo)
  const lines = linesOf(BACKEND_YAML('pr'))
  const options = { line: 'backend', bump: 'auto' as const, prerelease, force: true }
  const local = await releaseTextForLine(new GitForge(repo.dir), lines, options, day(today), WEB)
  const remote = await releaseTextForLine(forgeOn(fake), lines, options, day(today), WEB)
  if (!local.ok || !remote.ok) throw new Error(JSON.stringify([local, remote]))
  expect(remote.markdown).toBe(local.markdown)
  const cli = await runCli(['notes', ...(prerelease ? ['--prerelease', prerelease] : [])], {
    cwd: repo.dir,
    env: { HERALD_TODAY: today },
  })
  expect(cli.code, cli.stderr).toBe(0)
  expect(cli.stdout).toBe(local.markdown)
  return local.markdown
}

/**
 * One release: the GitHub release PR, checked against `herald changelog
 * --write` on the local checkout, then squash-merged and tagged on both.
 * Returns the PR's files that Herald changed (null: removed).
 */
async function release(repo: GitFixture, today: string, tag: string, request: ReleasePrRequest) {
  const { fakeRepo, fake } = await mirror(repo)
  const forge = forgeOn(fake)
  const deps = { forge, host: forge, lines: linesOf(BACKEND_YAML('pr')), clock: day(today), repoWebUrl: WEB }
  expect(await updateReleasePr(deps, 'backend', { request })).toMatchObject({ kind: 'opened', tag })
  const base = fakeRepo.commits.get(fakeRepo.resolve('main')!)!.files
  const head = fakeRepo.commits.get(fakeRepo.resolve('herald/release-backend')!)!.files
  const changed = new Map<string, string | null>()
  for (const [path, oid] of head) if (base.get(path) !== oid) changed.set(path, fakeRepo.blobs.get(oid)!)
  for (const path of base.keys()) if (!head.has(path)) changed.set(path, null)

  const args = request.prerelease ? ['--prerelease', request.prerelease] : []
  const cli = await runCli(['changelog', '--write', ...args], { cwd: repo.dir, env: { HERALD_TODAY: today } })
  expect(cli.code, cli.stderr).toBe(0)
  expect(readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8')).toBe(changed.get('CHANGELOG.md'))

  // The squash merge, locally: exactly the files the PR changed.
  const files: Record<string, string> = {}
  for (const [path, text] of changed) if (text !== null) files[path] = text
  const removed = [...changed].filter(([, text]) => text === null).map(([path]) => path)
  if (removed.length) repo.git('rm', '-q', ...removed)
  repo.commit(`chore(backend): release ${tag} (#${fakeRepo.pulls[0]!.number})`, files)
  repo.tag(tag)
  return { changed, body: fakeRepo.pulls[0]!.body }
}

const section = (changelog: string, version: string) => {
  const start = changelog.indexOf(`## [${version}]`)
  const end = changelog.indexOf('\n## ', start + 1)
  return changelog.slice(start, end < 0 ? undefined : end)
}

describe('the backend process: PEP 440 calendar versions, fragments and the next version', () => {
  it('releases 26.2.0rc1, rc2, 26.2.0, 26.2.1, 26.3.0 with next:27.0.0, then 27.0.0 in 2027', async () => {
    fixture = backendRepo('pr')
    const repo = fixture
    repo.commit('feat: streaming (#1)', { 'changes/1.feature.md': 'Responses stream.\n' })
    repo.commit('fix: a leak (#2)', { 'changes/2.fix.md': 'No more leaked sockets.\n' })

    // rc1: a and b; the fragments stay, the placeholder too.
    const rc1Plan = await planBoth(repo, '2026-02-10', '--prerelease', 'rc')
    expect(rc1Plan).toMatchObject({
      from: { tag: '26.1.0' },
      to: { tag: '26.2.0rc1', version: '26.2.0rc1' },
      scheme: 'pep440',
      calver: 'YY.MINOR.MICRO',
      nextVersion: null,
    })
    const rc1Notes = await notesBoth(repo, '2026-02-10', 'rc')
    expect(rc1Notes).toContain('Responses stream. ([#1]')
    expect(rc1Notes).toContain('No more leaked sockets. ([#2]')
    const rc1 = await release(repo, '2026-02-10', '26.2.0rc1', { bump: 'auto', prerelease: 'rc' })
    expect(rc1.changed.get('pyproject.toml')).toBe('[project]\nname = "backend"\nversion = "26.2.0rc1"\n')
    expect(rc1.changed.has('src/meta.py')).toBe(false)
    expect([...rc1.changed.keys()].filter((p) => p.startsWith('changes/'))).toEqual([])

    // rc2: c only.
    repo.commit('fix: retries (#3)', { 'changes/3.fix.md': 'Retries back off.\n' })
    const rc2Plan = await planBoth(repo, '2026-02-17', '--prerelease', 'rc')
    expect(rc2Plan).toMatchObject({ from: { tag: '26.2.0rc1' }, to: { tag: '26.2.0rc2' }, nextVersion: null })
    const rc2Notes = await notesBoth(repo, '2026-02-17', 'rc')
    expect(rc2Notes).toContain('Retries back off. ([#3]')
    expect(rc2Notes).not.toContain('#1]')
    expect(rc2Notes).not.toContain('#2]')
    const rc2 = await release(repo, '2026-02-17', '26.2.0rc2', { bump: 'auto', prerelease: 'rc' })
    const rc2Section = section(rc2.changed.get('CHANGELOG.md')!, '26.2.0rc2')
    expect(rc2Section).toContain('Retries back off.')
    expect(rc2Section).not.toContain('Responses stream.')

    // The final: a, b and c once each; the fragments removed; the placeholder advanced to 26.3.0.
    const finalPlan = await planBoth(repo, '2026-02-24')
    expect(finalPlan).toMatchObject({ from: { tag: '26.1.0' }, to: { tag: '26.2.0' }, nextVersion: '26.3.0' })
    const finalNotes = await notesBoth(repo, '2026-02-24')
    for (const entry of ['Responses stream.', 'No more leaked sockets.', 'Retries back off.'])
      expect(finalNotes.split(entry)).toHaveLength(2)
    const final = await release(repo, '2026-02-24', '26.2.0', { bump: 'auto' })
    const changelog = final.changed.get('CHANGELOG.md')!
    expect(changelog).not.toContain('rc1')
    expect(changelog).not.toContain('rc2')
    for (const issue of ['#1]', '#2]', '#3]']) expect(changelog.split(issue)).toHaveLength(2)
    expect(final.changed.get('src/meta.py')).toBe('NEXT_RELEASE_VERSION = "26.3.0"\n')
    expect(final.changed.get('pyproject.toml')).toContain('version = "26.2.0"')
    for (const f of ['changes/1.feature.md', 'changes/2.fix.md', 'changes/3.fix.md'])
      expect(final.changed.get(f)).toBeNull()
    expect(final.changed.has('changes/.gitkeep')).toBe(false)
    expect(final.body).toContain('Responses stream.')

    // A patch: its fragment is consumed, the placeholder stays at 26.3.0.
    repo.commit('fix: timeouts (#4)', { 'changes/4.fix.md': 'Timeouts are honoured.\n' })
    expect(await planBoth(repo, '2026-03-03')).toMatchObject({ to: { tag: '26.2.1' }, nextVersion: null })
    const patchNotes = await notesBoth(repo, '2026-03-03')
    expect(patchNotes).toContain('Timeouts are honoured.')
    expect(patchNotes).not.toContain('Responses stream.')
    const refused = await runCli(['plan', '--next', '27.0.0'], {
      cwd: repo.dir,
      env: { HERALD_TODAY: '2026-03-03' },
    })
    expect([refused.code, refused.stderr]).toEqual([
      2,
      'herald plan: next:27.0.0 goes with a final release ending in .0; 26.2.1 does not move the next development version\n',
    ])
    const patch = await release(repo, '2026-03-03', '26.2.1', { bump: 'auto' })
    expect(patch.changed.has('src/meta.py')).toBe(false)
    expect(patch.changed.get('changes/4.fix.md')).toBeNull()
    // The last minor of 2026, with the year's rollover named: next:27.0.0.
    repo.commit('feat: quotas (#5)', { 'changes/5.feature.md': 'Quotas per user.\n' })
    const decPlan = await planBoth(repo, '2026-12-01', '--next', '27.0.0')
    expect(decPlan).toMatchObject({ to: { tag: '26.3.0' }, nextVersion: '27.0.0' })
    expect(await planBoth(repo, '2026-12-01')).toMatchObject({ nextVersion: '26.4.0' })
    const dec = await release(repo, '2026-12-01', '26.3.0', { bump: 'auto', next: '27.0.0' })
    expect(dec.changed.get('src/meta.py')).toBe('NEXT_RELEASE_VERSION = "27.0.0"\n')

    // In 2027 a feature starts the year's versions: 27.0.0, and the placeholder moves to 27.1.0.
    repo.commit('feat: webhooks (#6)', { 'changes/6.feature.md': 'Webhooks.\n' })
    expect(await planBoth(repo, '2027-01-15')).toMatchObject({
      from: { tag: '26.3.0' },
      to: { tag: '27.0.0' },
      nextVersion: '27.1.0',
    })
    // `herald notes` plans on HERALD_TODAY too: the same version as `herald plan`.
    expect(await notesBoth(repo, '2027-01-15')).toContain('compare/26.3.0...27.0.0')
    const jan = await release(repo, '2027-01-15', '27.0.0', { bump: 'auto' })
    expect(jan.changed.get('src/meta.py')).toBe('NEXT_RELEASE_VERSION = "27.1.0"\n')
    expect(section(jan.changed.get('CHANGELOG.md')!, '27.0.0')).toContain('Webhooks.')
    expect(section(jan.changed.get('CHANGELOG.md')!, '27.0.0')).not.toContain('Quotas')
  })
})

/** The tag line's preview and cut on `forge`: the record and the cut's outcome. */
async function cutOn(forge: Forge, today: string) {
  const lines = linesOf(BACKEND_YAML('tag'))
  const deps: ReleaseDeps = {
    store: {} as ReleaseDeps['store'],
    clock: day(today),
    auth: undefined,
    forge,
    lines,
    repoWebUrl: WEB,
  }
  const request = { line: 'backend', bump: 'auto' as const }
  const line = lines[0]!
  const prepared = await tagKind.prepare({ deps, line, request, prDeps: null, releasePr: async () => null })
  if (!prepared?.ok) throw new Error(JSON.stringify(prepared))
  const record = newReleaseRecord(
    prepared,
    request,
    { platform: 'console', userId: 'ann' },
    new Date(),
    60_000,
  )
  return { record, done: await tagKind.execute(deps, record, line) }
}

describe('the backend process on a tag line: the follow-up commit', () => {
  it('cuts 26.2.0 after its candidates, then commits 26.3.0 and removes the fragments alike on both forges', async () => {
    fixture = backendRepo('tag')
    const repo = fixture
    repo.commit('feat: streaming (#1)', { 'changes/1.feature.md': 'Responses stream.\n' })
    repo.tag('26.2.0rc1')
    repo.commit('fix: retries (#3)', { 'changes/3.fix.md': 'Retries back off.\n' })
    repo.tag('26.2.0rc2')
    const cutSha = repo.sha('HEAD')
    const { fakeRepo, fake } = await mirror(repo)

    const remote = await cutOn(forgeOn(fake), '2026-02-24')
    const local = await cutOn(new GitForge(repo.dir), '2026-02-24')
    for (const { record, done } of [local, remote]) {
      expect(record.plan).toMatchObject({ tag: '26.2.0', from: '26.1.0' })
      expect(record.next).toBe('26.3.0')
      expect(done.state).toBe('cut')
      expect(done.result?.followUp?.error).toBeNull()
    }
    expect(remote.record.plan.notes).toBe(local.record.plan.notes)
    expect(local.record.plan.notes).toContain('Responses stream.')
    expect(local.record.plan.notes).toContain('Retries back off.')

    // Locally: the tag on the previewed commit, the follow-up on top, and the checkout brought along.
    expect(repo.sha('26.2.0')).toBe(cutSha)
    expect(repo.git('rev-parse', 'main^')).toBe(cutSha)
    expect(repo.git('status', '--porcelain')).toBe('')
    expect(readFileSync(join(repo.dir, 'src/meta.py'), 'utf8')).toBe('NEXT_RELEASE_VERSION = "26.3.0"\n')
    expect(repo.git('ls-files', 'changes')).toBe('changes/.gitkeep')
    expect(repo.git('log', '-1', '--format=%s')).toBe(
      'chore(backend): release 26.2.0: next development version 26.3.0',
    )
    // On GitHub: the same commit's files.
    expect(fakeRepo.refs.get('refs/tags/26.2.0')).toBe(cutSha)
    const head = fakeRepo.commits.get(fakeRepo.resolve('main')!)!
    expect(head.parents).toEqual([cutSha])
    expect(fakeRepo.blobs.get(head.files.get('src/meta.py')!)).toBe('NEXT_RELEASE_VERSION = "26.3.0"\n')
    expect([...head.files.keys()].filter((p) => p.startsWith('changes/'))).toEqual(['changes/.gitkeep'])
    expect(head.message).toBe('chore(backend): release 26.2.0: next development version 26.3.0')

    // The follow-up is a release commit; a patch after it moves nothing.
    const after = await runCli(['plan', '--json'], { cwd: repo.dir, env: { HERALD_TODAY: '2026-02-25' } })
    expect(after.json().to).toBeNull()
    repo.commit('fix: timeouts (#4)', { 'changes/4.fix.md': 'Timeouts are honoured.\n' })
    const patch = await cutOn(new GitForge(repo.dir), '2026-03-03')
    expect(patch.record.plan.tag).toBe('26.2.1')
    expect(patch.record.next).toBeNull()
    expect(patch.done.result?.followUp).toBeUndefined()
    expect(patch.record.plan.notes).toContain('Timeouts are honoured.')
    expect(patch.record.plan.notes).not.toContain('Responses stream.')
  })
})
