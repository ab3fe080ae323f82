import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GitHubForge } from '../../src/adapters/github/github-forge.ts'
import { publishMergedReleasePr } from '../../src/flows/release/merged-release-pr.ts'
import { type ReleasePrDeps, updateReleasePr } from '../../src/flows/release/release-pr.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { connexityLines, forgeOn, startFake } from './support.ts'

const lines = connexityLines()
let fake: FakeGitHub
let repo: FakeRepo
let forge: GitHubForge
let deps: ReleasePrDeps

function advance(message: string, files: Record<string, string>): string {
  const head = repo.commit({ message, parents: [repo.resolve('main')!], files })
  repo.refs.set('refs/heads/main', head)
  return head
}

function fileAt(ref: string, path: string): string {
  return repo.blobs.get(repo.commits.get(repo.resolve(ref)!)!.files.get(path)!)!
}

/** GitHub's squash merge: one commit on main with the branch's files, the PR closed and merged. */
function squashMerge(number: number): string {
  const pull = repo.pulls.find((p) => p.number === number)!
  const branchFiles = repo.commits.get(repo.resolve(pull.head)!)!.files
  const files: Record<string, string> = {}
  for (const [path, oid] of branchFiles) files[path] = repo.blobs.get(oid)!
  const sha = advance(`${pull.title} (#${number})`, files)
  Object.assign(pull, { state: 'closed', merged_at: '2024-03-02T00:00:00Z', merge_commit_sha: sha })
  return sha
}

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'pyproject.toml': '[project]\nname = "connexity-cli"\nversion = "0.2.0"\n',
      'backend/cli/_version.py': '__version__ = "0.2.0"\n',
      'backend/cli/CHANGELOG.md': '# Changelog\n\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n',
      'backend/app.py': 'app\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/cli-v0.2.0', root)
  advance('feat(cli): add compare command (#11)', { 'backend/cli/compare.py': 'compare\n' })
  advance('fix(api): platform only (#12)', { 'backend/app.py': 'app 2\n' })
  fake = await startFake(repo)
  forge = forgeOn(fake, { scopes: lines })
  deps = {
    forge,
    host: forge,
    lines,
    clock: { now: () => new Date('2024-03-01T12:00:00Z') },
    repoWebUrl: null,
  }
})
afterEach(() => fake.stop())

describe('release PRs (mode: pr)', () => {
  it('opens one release PR that bumps the version files and prepends the changelog section', async () => {
    const outcome = await updateReleasePr(deps, 'cli')
    expect(outcome).toMatchObject({ kind: 'opened', tag: 'cli-v0.3.0', version: '0.3.0', pr: { number: 1 } })
    const pull = repo.pulls[0]!
    expect(pull).toMatchObject({
      title: 'chore(cli): release 0.3.0',
      base: 'main',
      head: 'herald/release-cli',
    })
    expect(pull.labels).toEqual(['autorelease: pending'])
    expect(pull.body).toContain('add compare command')
    expect(pull.body).not.toContain('platform only')

    const branch = repo.commits.get(repo.resolve('herald/release-cli')!)!
    expect(branch.parents).toEqual([repo.resolve('main')])
    expect(branch.message).toBe('chore(cli): release 0.3.0')
    expect(fileAt('herald/release-cli', 'pyproject.toml')).toBe(
      '[project]\nname = "connexity-cli"\nversion = "0.3.0"\n',
    )
    expect(fileAt('herald/release-cli', 'backend/cli/_version.py')).toBe('__version__ = "0.3.0"\n')
    const changelog = fileAt('herald/release-cli', 'backend/cli/CHANGELOG.md')
    expect(changelog.startsWith('# Changelog\n\n## ')).toBe(true)
    expect(changelog).toContain('0.3.0')
    expect(changelog).toContain('add compare command')
    expect(changelog.indexOf('0.3.0')).toBeLessThan(changelog.indexOf('## 0.2.0 (2024-01-01)'))
  })

  it('updates the same PR as commits land, rebuilding the branch on the new head', async () => {
    await updateReleasePr(deps, 'cli')
    const head = advance('fix(cli): handle SSE timeout (#13)', { 'backend/cli/sse.py': 'sse\n' })
    const outcome = await updateReleasePr(deps, 'cli')
    expect(outcome).toMatchObject({ kind: 'updated', pr: { number: 1 } })
    expect(repo.pulls).toHaveLength(1)
    expect(repo.pulls[0]!.body).toContain('handle SSE timeout')
    expect(repo.commits.get(repo.resolve('herald/release-cli')!)!.parents).toEqual([head])
    expect(fileAt('herald/release-cli', 'backend/cli/CHANGELOG.md')).toContain('handle SSE timeout')
  })

  it('waits for the merge, then tags the merge commit and publishes, once', async () => {
    await updateReleasePr(deps, 'cli')
    expect(await publishMergedReleasePr(deps, 'cli')).toMatchObject({
      kind: 'waiting',
      message: 'release PR #1 is still open: review and merge it first',
    })
    const merge = squashMerge(1)
    const published = await publishMergedReleasePr(deps, 'cli')
    expect(published).toMatchObject({
      kind: 'published',
      cut: { tag: 'cli-v0.3.0', sha: merge, tagCreated: true },
    })
    expect(repo.refs.get('refs/tags/cli-v0.3.0')).toBe(merge)
    const release = repo.releases[0]!
    expect(release).toMatchObject({ tag_name: 'cli-v0.3.0', prerelease: false, make_latest: 'true' })
    expect(release.body).toContain('add compare command')
    expect(release.body).not.toContain('herald-release')
    expect(release.body).not.toContain('Merge this PR')

    expect(await publishMergedReleasePr(deps, 'cli')).toEqual(
      expect.objectContaining({ kind: 'already_published', tag: 'cli-v0.3.0' }),
    )
    expect(repo.releases).toHaveLength(1)
    // The release commit itself never counts: nothing new to release.
    expect(await updateReleasePr(deps, 'cli')).toMatchObject({ kind: 'nothing' })
  })

  it('refuses a line that is not in PR mode and a version file it cannot bump', async () => {
    expect(await updateReleasePr(deps, 'platform')).toMatchObject({ kind: 'failed', code: 'not_pr_mode' })
    advance('fix(cli): drop the static version (#14)', {
      'pyproject.toml': '[project]\nname = "connexity-cli"\ndynamic = ["version"]\n',
    })
    expect(await updateReleasePr(deps, 'cli')).toEqual({
      kind: 'failed',
      code: 'version_file',
      message:
        'pyproject.toml: no version = "…" in [project] or [tool.poetry] (a dynamic version lives in another file: list that one)',
    })
    expect(repo.pulls).toEqual([])
  })
})

describe('refreshing a release PR after pushes', () => {
  it('writes nothing when the open PR is computed at the head, and updates it when the branch moves', async () => {
    const opened = await updateReleasePr(deps, 'cli', { refresh: true })
    expect(opened.kind).toBe('opened')
    const head = repo.resolve('main')!
    expect(repo.pulls[0]!.body).toContain(`Computed at ${head}.`)
    const writes = () => fake.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql').length
    const before = writes()
    expect(await updateReleasePr(deps, 'cli', { refresh: true })).toEqual({
      kind: 'nothing',
      message: `release PR #1 is already computed at ${head.slice(0, 7)}`,
    })
    expect(writes()).toBe(before)
    const moved = advance('fix(cli): handle empty input (#13)', { 'backend/cli/compare.py': 'compare 2\n' })
    expect((await updateReleasePr(deps, 'cli', { refresh: true })).kind).toBe('updated')
    expect(repo.pulls[0]!.body).toContain(`Computed at ${moved}.`)
  })

  it('waits for a merged release PR to be published before opening the next one', async () => {
    await updateReleasePr(deps, 'cli')
    squashMerge(1)
    advance('fix(cli): after the release (#14)', { 'backend/cli/compare.py': 'compare 3\n' })
    expect(await updateReleasePr(deps, 'cli', { refresh: true })).toEqual({
      kind: 'nothing',
      message: 'release PR #1 was merged and cli-v0.3.0 is not published yet: it is published first',
    })
    expect(repo.pulls).toHaveLength(1)
    expect((await publishMergedReleasePr(deps, 'cli')).kind).toBe('published')
    expect((await updateReleasePr(deps, 'cli', { refresh: true })).kind).toBe('opened')
    expect(repo.pulls).toHaveLength(2)
  })
})
