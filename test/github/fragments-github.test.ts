/**
 * Fragments and the next development version through both forges: the same
 * real repository planned locally and mirrored into the fake GitHub gives the
 * same notes, and the GitHub release PR writes the CHANGELOG, removes the
 * consumed fragments and advances the placeholder.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import type { GitHubForge } from '../../src/adapters/github/github-forge.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { releaseTextForLine } from '../../src/flows/line-notes.ts'
import { prKind } from '../../src/flows/release/kinds/pr-kind.ts'
import { tagKind } from '../../src/flows/release/kinds/tag-kind.ts'
import { type ReleaseDeps, releasePrDeps } from '../../src/flows/release/release-kind.ts'
import { type ReleasePrDeps, updateReleasePr } from '../../src/flows/release/release-pr.ts'
import { newReleaseRecord } from '../../src/flows/release/release-record.ts'
import type { FakeGitHub } from './fake-github.ts'
import type { FakeRepo } from './fake-model.ts'
import { type GitFixture, gitFixture } from './git-fixture.ts'
import { forgeOn, startFake } from './support.ts'

const clock = { now: () => new Date('2026-07-01T12:00:00Z') }
const WEB = 'https://github.com/acme/widget'
const META = 'NEXT_RELEASE_VERSION = "26.7.0"\n'
let fixture: GitFixture | undefined
let fake: FakeGitHub | undefined
afterEach(async () => {
  await fake?.stop()
  fixture?.remove()
  fake = undefined
  fixture = undefined
})

function linesOf(mode: 'pr' | 'tag'): ReleaseLine[] {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        {
          name: 'main',
          tagPrefix: 'v',
          branch: 'main',
          mode,
          changelog: 'CHANGELOG.md',
          fragments: { dir: 'changes', types: ['feature', 'fix', 'breaking', 'deprecation', 'doc', 'misc'] },
          nextVersion: {
            file: 'src/meta.py',
            pattern: 'NEXT_RELEASE_VERSION = "(?<version>[^"]+)"',
            advance: 'minor',
          },
        },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

/** v26.6.0, then a feature with two fragments. */
function history(): GitFixture {
  const repo = gitFixture()
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/widget.git')
  repo.commit('chore: init', { 'CHANGELOG.md': '# Changelog\n', 'src/meta.py': META })
  repo.tag('v26.6.0')
  repo.commit('feat: resizing (#12)', {
    'changes/12.feature.md': 'Widgets can be resized.\n',
    'changes/13.fix.md': 'Titles render plain text.\n',
    'changes/+build.misc.md': 'Tidied the build.\n',
  })
  return repo
}

async function onGitHub(repo: GitFixture): Promise<{ forge: GitHubForge; fakeRepo: FakeRepo }> {
  const fakeRepo = repo.toFakeRepo()
  fake = await startFake(fakeRepo)
  return { forge: forgeOn(fake), fakeRepo }
}

// (The mirror reads blobs through `git`, whose output loses a final newline: compare trimmed.)
function filesAt(fakeRepo: FakeRepo, ref: string): Map<string, string> {
  const files = fakeRepo.commits.get(fakeRepo.resolve(ref)!)!.files
  return new Map([...files].map(([path, oid]) => [path, fakeRepo.blobs.get(oid)!]))
}

/** GitHub's squash merge of the release PR: one commit on main with exactly the branch's files. */
function squashMerge(fakeRepo: FakeRepo, branch: string, message: string): string {
  const sha = fakeRepo.commit({ message, parents: [fakeRepo.resolve('main')!] })
  const commit = fakeRepo.commits.get(sha)!
  commit.files = new Map(fakeRepo.commits.get(fakeRepo.resolve(branch)!)!.files)
  fakeRepo.refs.set('refs/heads/main', sha)
  return sha
}

/** The release deps on the forge for the line in `mode`: a `pr` line's release PRs on the forge too. */
function releaseDeps(forge: GitHubForge, mode: 'pr' | 'tag'): ReleaseDeps {
  return {
    store: {} as ReleaseDeps['store'],
    clock,
    auth: undefined,
    forge,
    host: forge,
    ...(mode === 'pr' ? { prHost: forge } : {}),
    lines: linesOf(mode),
    repoWebUrl: WEB,
  }
}

/** The record of the release confirmed now by ann on the console. */
const recordOf = (
  prepared: Parameters<typeof newReleaseRecord>[0],
  request: Parameters<typeof newReleaseRecord>[1],
) => newReleaseRecord(prepared, request, { platform: 'console', userId: 'ann' }, new Date(), 60_000)

/** The tag line's release, prepared with an automatic bump; throws if it is refused. */
async function prepareTag(deps: ReleaseDeps) {
  const line = deps.lines[0]!
  const request = { line: 'main', bump: 'auto' as const }
  const prepared = await tagKind.prepare({ deps, line, request, prDeps: null, releasePr: async () => null })
  if (!prepared?.ok) throw new Error(JSON.stringify(prepared))
  return { line, request, prepared }
}

describe('fragments through the git and GitHub forges', () => {
  it('gives the same notes on both forges', async () => {
    fixture = history()
    const lines = linesOf('tag')
    const local = await releaseTextForLine(
      new GitForge(fixture.dir),
      lines,
      { line: 'main', bump: 'auto', force: true },
      clock,
      WEB,
    )
    const { forge } = await onGitHub(fixture)
    const remote = await releaseTextForLine(
      forge,
      lines,
      { line: 'main', bump: 'auto', force: true },
      clock,
      WEB,
    )
    expect(local.ok && remote.ok).toBe(true)
    if (!local.ok || !remote.ok) return
    expect(remote.markdown).toBe(local.markdown)
    expect(local.markdown).toContain(
      '### Features\n\n- Widgets can be resized. ([#12](https://github.com/acme/widget/pull/12))',
    )
    expect(local.markdown).toContain('### Bugfixes\n\n- Titles render plain text. ([#13]')
    expect(local.markdown).toContain('### Misc\n\n- Tidied the build.\n')
  })

  it('writes the CHANGELOG, removes the fragments and advances the next version in the release PR', async () => {
    fixture = history()
    const { forge, fakeRepo } = await onGitHub(fixture)
    const deps: ReleasePrDeps = {
      forge,
      host: forge,
      lines: linesOf('pr'),
      clock,
      repoWebUrl: 'https://github.com/acme/widget',
    }
    expect(await updateReleasePr(deps, 'main')).toMatchObject({ kind: 'opened', tag: 'v26.7.0' })
    const files = filesAt(fakeRepo, 'herald/release-main')
    expect(files.get('CHANGELOG.md')).toContain('### Features\n\n* Widgets can be resized. ([#12]')
    expect(files.get('CHANGELOG.md')).toContain('### Bugfixes\n\n* Titles render plain text. ([#13]')
    expect(files.has('changes/12.feature.md')).toBe(false)
    expect(files.has('changes/13.fix.md')).toBe(false)
    expect(files.has('changes/+build.misc.md')).toBe(false)
    expect(files.get('src/meta.py')?.trimEnd()).toBe('NEXT_RELEASE_VERSION = "26.8.0"')

    // The year rolls over: next:27.1.0 overrides the advance.
    const over = await updateReleasePr(deps, 'main', { request: { bump: 'auto', next: '27.1.0' } })
    expect(over).toMatchObject({ kind: 'updated' })
    expect(filesAt(fakeRepo, 'herald/release-main').get('src/meta.py')?.trimEnd()).toBe(
      'NEXT_RELEASE_VERSION = "27.1.0"',
    )

    // A push refreshes the PR: the override stays.
    const pushed = fakeRepo.commit({
      message: 'docs: readme',
      parents: [fakeRepo.resolve('main')!],
      files: { README: 'hi\n' },
    })
    fakeRepo.refs.set('refs/heads/main', pushed)
    expect(await updateReleasePr(deps, 'main', { refresh: true })).toMatchObject({ kind: 'updated' })
    expect(filesAt(fakeRepo, 'herald/release-main').get('src/meta.py')?.trimEnd()).toBe(
      'NEXT_RELEASE_VERSION = "27.1.0"',
    )

    // Merged and tagged, the fragments are gone: the next release has none of them, and a patch leaves the placeholder alone.
    const merge = squashMerge(fakeRepo, 'herald/release-main', 'chore(main): release 26.7.0 (#1)')
    fakeRepo.refs.set('refs/tags/v26.7.0', merge)
    fakeRepo.pulls[0]!.state = 'closed'
    const fix = fakeRepo.commit({
      message: 'fix: offline saving',
      parents: [merge],
      files: { 'changes/14.fix.md': 'Saving works offline.\n' },
    })
    fakeRepo.refs.set('refs/heads/main', fix)
    const patch = await updateReleasePr(deps, 'main')
    expect(patch).toMatchObject({ kind: 'opened', tag: 'v26.7.1' })
    const after = filesAt(fakeRepo, 'herald/release-main')
    expect(after.get('src/meta.py')?.trimEnd()).toBe('NEXT_RELEASE_VERSION = "27.1.0"')
    const changelog = after.get('CHANGELOG.md')!
    const section = changelog.slice(0, changelog.indexOf('## [26.7.0]'))
    expect(section).toContain('Saving works offline. ([#14]')
    expect(section).not.toContain('#12')
    expect(after.has('changes/14.fix.md')).toBe(false)
  })

  it('refuses next: on a patch release, naming why', async () => {
    fixture = history()
    fixture.tag('v26.7.0')
    fixture.commit('fix: x', { 'changes/20.fix.md': 'X.\n' })
    const { forge } = await onGitHub(fixture)
    const deps: ReleasePrDeps = { forge, host: forge, lines: linesOf('pr'), clock, repoWebUrl: null }
    expect(await updateReleasePr(deps, 'main', { request: { bump: 'auto', next: '27.1.0' } })).toEqual({
      kind: 'failed',
      code: 'next_version',
      message:
        'next:27.1.0 goes with a final release ending in .0; 26.7.1 does not move the next development version',
    })
  })

  it('previews the release PR with the next version and the fragments check', async () => {
    fixture = history()
    fixture.commit('feat: more', { 'changes/15.feat.md': 'Wrong type.\n' })
    const { forge } = await onGitHub(fixture)
    const deps = releaseDeps(forge, 'pr')
    const line = deps.lines[0]!
    const request = { line: 'main', bump: 'auto' as const, next: '27.1.0' }
    const prepared = await prKind.prepare({
      deps,
      line,
      request,
      prDeps: releasePrDeps(deps),
      releasePr: async () => null,
    })
    expect(prepared).toMatchObject({
      ok: true,
      next: '27.1.0',
      checks: [
        {
          id: 'fragments',
          status: 'fail',
          text: 'changes/15.feat.md: not a fragment name: expected <issue>.<type>.md with a type among feature, fix, breaking, deprecation, doc, misc (or +<name>.<type>.md without an issue)',
        },
      ],
    })
    // Confirming re-reads the check: an override of it is recorded as one.
    if (!prepared?.ok) throw new Error(JSON.stringify(prepared))
    const record = recordOf(prepared, request)
    expect(await prKind.verify(deps, record, line)).toEqual({ stale: null, failed: prepared.checks })
  })

  it('cuts a tag line on GitHub, then commits the next version on the branch through the API', async () => {
    fixture = history()
    const { forge, fakeRepo } = await onGitHub(fixture)
    const cutSha = fakeRepo.resolve('main')!
    const deps = releaseDeps(forge, 'tag')
    const { line, request, prepared } = await prepareTag(deps)
    expect(prepared.next).toBe('26.8.0')
    const record = recordOf(prepared, request)
    const done = await tagKind.execute(deps, record, line)
    expect(done.state).toBe('cut')
    expect(fakeRepo.refs.get('refs/tags/v26.7.0')).toBe(cutSha)
    const head = fakeRepo.resolve('main')!
    expect(done.result?.followUp).toEqual({ sha: head, error: null })
    expect(fakeRepo.commits.get(head)!.parents).toEqual([cutSha])
    const files = filesAt(fakeRepo, 'main')
    expect(files.get('src/meta.py')?.trimEnd()).toBe('NEXT_RELEASE_VERSION = "26.8.0"')
    expect([...files.keys()].filter((p) => p.startsWith('changes/'))).toEqual([])
    expect(fakeRepo.releases[0]!.body).toContain('Widgets can be resized.')

    // A retry after a crash that came before the outcome was recorded: the tag and its
    // release are found, and the follow-up commit is there already: nothing is made twice.
    const again = await tagKind.execute(deps, record, line)
    expect(again).toMatchObject({
      state: 'cut',
      result: { tagCreated: false, followUp: { sha: head, error: null } },
    })
    expect(fakeRepo.resolve('main')).toBe(head)
    expect(fakeRepo.releases).toHaveLength(1)
  })

  it('keeps an executable nextVersion file executable in the follow-up commit', async () => {
    fixture = history()
    fixture.git('update-index', '--chmod=+x', 'src/meta.py')
    fixture.git('commit', '-q', '-m', 'chore: meta is a script')
    const { forge, fakeRepo } = await onGitHub(fixture)
    const deps = releaseDeps(forge, 'tag')
    const { line, request, prepared } = await prepareTag(deps)
    const record = recordOf(prepared, request)
    const done = await tagKind.execute(deps, record, line)
    const head = fakeRepo.commits.get(fakeRepo.resolve('main')!)!
    expect(done.result?.followUp).toEqual({ sha: head.sha, error: null })
    expect(filesAt(fakeRepo, 'main').get('src/meta.py')?.trimEnd()).toBe('NEXT_RELEASE_VERSION = "26.8.0"')
    expect(head.modes?.get('src/meta.py')).toBe('100755')
  })

  it('consumes fragments once through release PRs: rc1 a and b, rc2 c, the final all three and removes them', async () => {
    fixture = history()
    const { forge, fakeRepo } = await onGitHub(fixture)
    const deps: ReleasePrDeps = { forge, host: forge, lines: linesOf('pr'), clock, repoWebUrl: WEB }
    const release = async (prerelease: string | undefined, tag: string, n: number) => {
      expect(await updateReleasePr(deps, 'main', { request: { bump: 'auto', prerelease } })).toMatchObject({
        tag,
      })
      const files = filesAt(fakeRepo, 'herald/release-main')
      const merge = squashMerge(fakeRepo, 'herald/release-main', `chore(main): release ${tag} (#${n})`)
      fakeRepo.refs.set(`refs/tags/${tag}`, merge)
      fakeRepo.pulls.at(-1)!.state = 'closed'
      return files
    }
    const rc1 = await release('rc', 'v26.7.0-rc.1', 1)
    expect(rc1.get('CHANGELOG.md')).toContain('#12]')
    expect(rc1.has('changes/12.feature.md')).toBe(true)
    const c = fakeRepo.commit({
      message: 'fix: offline (#14)',
      parents: [fakeRepo.resolve('main')!],
      files: { 'changes/14.fix.md': 'Saving works offline.\n' },
    })
    fakeRepo.refs.set('refs/heads/main', c)
    const rc2 = (await release('rc', 'v26.7.0-rc.2', 2)).get('CHANGELOG.md')!
    const rc2Section = rc2.slice(0, rc2.indexOf('## [26.7.0-rc.1]'))
    expect(rc2Section).toContain('#14]')
    expect(rc2Section).not.toContain('#12]')
    const final = await release(undefined, 'v26.7.0', 3)
    const changelog = final.get('CHANGELOG.md')!
    expect(changelog).not.toContain('rc.')
    for (const issue of ['#12]', '#13]', '#14]']) expect(changelog.split(issue)).toHaveLength(2)
    expect([...final.keys()].filter((p) => p.startsWith('changes/'))).toEqual([])
    expect(fakeRepo.pulls.at(-1)!.body).toContain('Saving works offline.')
    expect(fakeRepo.pulls.at(-1)!.body).toContain('Widgets can be resized.')
  })
})
