/**
 * Backports through the GitHub API, on the fake GitHub serving the same
 * history as a real temporary repository: the pull request is opened against
 * the line's branch with the cherry-picked commits (the same tree the local
 * forge makes), conflicts name their files and create nothing, and unmerged
 * or backported-before pull requests are refused.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GitBackport } from '../../src/adapters/git/git-backport.ts'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { GitHubBackport } from '../../src/adapters/github/github-backport.ts'
import { type BackportDeps, backport } from '../../src/flows/backport/backport.ts'
import type { Actor } from '../../src/flows/view.ts'
import { testLine } from '../../src/testing/test-line.ts'
import { runCli } from '../helpers/run-cli.ts'
import type { FakeGitHub } from './fake-github.ts'
import type { FakePull, FakeRepo } from './fake-model.ts'
import { type GitFixture, gitFixture } from './git-fixture.ts'
import { forgeOn, startFake } from './support.ts'

const releaser: Actor = { platform: 'slack', userId: 'U1', roles: [], groups: [] }
const auth = { release: { users: ['U1'], roles: [], groups: [] }, twoPersonRule: [] }
const lines = [testLine({ name: 'main', branch: 'main' }), testLine({ name: 'lts', branch: 'lts' })]
let git: GitFixture
let fake: FakeGitHub | undefined
let repo: FakeRepo
let deps: BackportDeps
/** Pull request number -> its own commits (as on its branch), merge commit and state. */
let pulls: Map<number, { own: string[]; merged: string | null }>

beforeEach(() => {
  git = gitFixture()
  git.commit('feat: initial', { 'app.txt': 'one\ntwo\nthree\n' })
  git.branch('lts')
  git.commit('fix(lts): only on lts', { 'lts.txt': 'lts\n' })
  git.checkout('main')
  pulls = new Map()
})
afterEach(async () => {
  await fake?.stop()
  fake = undefined
  git.remove()
})

/** A pull request's branch off main, with `commits`; back on main afterwards. */
function prBranch(name: string, commits: [string, Record<string, string>][]): string[] {
  git.branch(name, 'main')
  const shas = commits.map(([message, files]) => git.commit(message, files))
  git.checkout('main')
  return shas
}

/** Serves the fixture on the fake GitHub with its pull requests. */
async function serve(): Promise<void> {
  repo = git.toFakeRepo()
  for (const [number, p] of pulls) {
    const pull: FakePull = {
      number,
      title: repo.commits.get(p.own[0]!)!.message.split('\n')[0]!,
      body: '',
      state: p.merged ? 'closed' : 'open',
      head: `pr-${number}`,
      base: 'main',
      user: 'ada',
      labels: [],
      merged_at: p.merged ? '2024-02-01T00:00:00Z' : null,
      merge_commit_sha: p.merged,
      created: number,
      commits: p.own,
    }
    repo.pulls.push(pull)
  }
  fake = await startFake(repo)
  deps = { auth, lines, backports: new GitHubBackport(forgeOn(fake).repo) }
}

const files = (sha: string) => Object.fromEntries(repo.commits.get(sha)!.files)

describe('backport with the GitHub forge', () => {
  it('opens a pull request against the line’s branch with the squash-merged change, as the local forge builds it', async () => {
    const own = prBranch('pr-12', [['fix: crash on empty input', { 'fix.txt': 'fixed\n' }]])
    const squash = git.commit('fix: crash on empty input (#12)', { 'fix.txt': 'fixed\n' })
    git.commit('feat: unrelated (#13)', { 'other.txt': 'x\n' })
    pulls.set(12, { own, merged: squash })
    await serve()

    const answer = await backport(deps, releaser, { pr: 12, line: 'lts' })

    expect(answer).toMatchObject({
      ok: true,
      source: { how: 'squash' },
      branch: 'herald/backport-12-to-lts',
      backportPr: { number: 13, url: `${fake!.url}/acme/widget/pull/13` },
    })
    const pr = repo.pulls.find((p) => p.number === 13)!
    expect(pr).toMatchObject({
      base: 'lts',
      head: 'herald/backport-12-to-lts',
      title: 'fix: crash on empty input (backport #12 to lts)',
    })
    expect(pr.body).toContain(`- ${squash.slice(0, 12)} fix: crash on empty input (#12)`)
    const tip = repo.commits.get(repo.resolve('herald/backport-12-to-lts')!)!
    expect(tip.parents).toEqual([git.sha('lts')])
    expect(tip.message).toBe(`fix: crash on empty input (#12)\n\n(cherry picked from commit ${squash})\n`)
    expect(tip.author).toEqual(repo.commits.get(squash)!.author)
    expect([...repo.refs.keys()].filter((r) => r.includes('scratch'))).toEqual([])
    // The local forge, on the same history, makes the same tree.
    const local = new GitBackport(new GitForge(git.dir), 'main')
    expect(
      await backport({ auth, lines, backports: local }, releaser, { pr: 12, line: 'lts' }),
    ).toMatchObject({
      ok: true,
    })
    const paths = git.git('ls-tree', '-r', '--name-only', 'herald/backport-12-to-lts').split('\n')
    const localFiles = Object.fromEntries(
      paths.map((p) => [p, git.git('show', `herald/backport-12-to-lts:${p}`)]),
    )
    const githubFiles = Object.fromEntries(
      Object.entries(files(tip.sha)).map(([p, oid]) => [p, repo.blobs.get(oid)!.trimEnd()]),
    )
    expect(githubFiles).toEqual(localFiles)
  })

  it('picks a merge-commit pull request’s own commits, a rebase merge’s commits, a squash’s one', async () => {
    const merged = prBranch('pr-14', [
      ['fix: parse dates', { 'c.txt': 'c\n' }],
      ['test: cover dates', { 'd.txt': 'd\n' }],
    ])
    git.commit('chore: meanwhile on main', { 'e.txt': 'e\n' })
    const merge = git.merge('pr-14', 'Merge pull request #14 from acme/pr-14\n\nfix: parse dates')
    pulls.set(14, { own: merged, merged: merge })
    const rebasedOwn = prBranch('pr-15', [
      ['fix: first half', { 'a.txt': 'a\n' }],
      ['fix: second half', { 'b.txt': 'b\n' }],
    ])
    const dates = rebasedOwn.map((s) => Number(git.git('log', '-1', '--format=%at', s)))
    const first = git.commit('fix: first half', { 'a.txt': 'a\n' }, { date: dates[0]! })
    const last = git.commit('fix: second half', { 'b.txt': 'b\n' }, { date: dates[1]! })
    pulls.set(15, { own: rebasedOwn, merged: last })
    const squashedOwn = prBranch('pr-16', [
      ['fix: step one', { 'f.txt': 'f\n' }],
      ['fix: step two', { 'g.txt': 'g\n' }],
    ])
    const squash = git.commit('fix: both steps (#16)', { 'f.txt': 'f\n', 'g.txt': 'g\n' })
    pulls.set(16, { own: squashedOwn, merged: squash })
    await serve()

    const m = await backport(deps, releaser, { pr: 14, line: 'lts' })
    const r = await backport(deps, releaser, { pr: 15, line: 'lts' })
    const s = await backport(deps, releaser, { pr: 16, line: 'lts' })

    expect(m).toMatchObject({ ok: true, source: { how: 'merge' }, picked: merged.map((sha) => ({ sha })) })
    expect(files(repo.resolve('herald/backport-14-to-lts')!)).not.toHaveProperty('e.txt')
    expect(s).toMatchObject({ ok: true, source: { how: 'squash' }, picked: [{ sha: squash }] })
    expect(r).toMatchObject({
      ok: true,
      source: { how: 'rebase' },
      picked: [{ sha: first }, { sha: last }],
    })
  })

  it('picks every commit of a rebase-merged pull request that merged its base in, and refuses a merge it cannot read', async () => {
    git.branch('pr-21', 'main')
    const a = git.commit('fix: part one', { 'p1.txt': '1\n' })
    git.checkout('main')
    git.commit('chore: meanwhile on main', { 'm.txt': 'm\n' })
    git.checkout('pr-21')
    const update = git.merge('main', "Merge branch 'main' into pr-21")
    const b = git.commit('fix: part two', { 'p2.txt': '2\n' })
    git.checkout('main')
    const at = (s: string) => Number(git.git('log', '-1', '--format=%at', s))
    const first = git.commit('fix: part one', { 'p1.txt': '1\n' }, { date: at(a) })
    const last = git.commit('fix: part two', { 'p2.txt': '2\n' }, { date: at(b) })
    pulls.set(21, { own: [a, update, b], merged: last })
    const edited = prBranch('pr-22', [
      ['fix: one', { 'q1.txt': '1\n' }],
      ['fix: two', { 'q2.txt': '2\n' }],
    ])
    pulls.set(22, {
      own: edited,
      merged: git.commit('fix: both, retitled', { 'q1.txt': '1\n', 'q2.txt': '2\n' }),
    })
    await serve()

    expect(await backport(deps, releaser, { pr: 21, line: 'lts' })).toMatchObject({
      ok: true,
      source: { how: 'rebase' },
      picked: [{ sha: first }, { sha: last }],
    })
    const refused = await backport(deps, releaser, { pr: 22, line: 'lts' })
    expect(refused).toMatchObject({ ok: false, code: 'unclear' })
    expect(refused.ok || refused.message).toMatch(
      /^pull request #22 \(fix: one\): its 2 commits are not the last 2 commits on main .*cherry-pick its commits by hand/,
    )
    expect(git.git('branch', '--list', 'herald/backport-22*')).toBe('')
  })

  it('names the conflicting files and creates no branch and no pull request', async () => {
    git.commit('chore: notes', { 'notes.txt': 'a\nb\nc\nd\ne\n' })
    git.git('branch', '-f', 'lts', 'HEAD')
    git.checkout('lts')
    git.commit('fix(lts): patch app', {
      'app.txt': 'one\nTWO on lts\nthree\n',
      'notes.txt': 'A\nb\nc\nd\ne\n',
    })
    git.checkout('main')
    const change = { 'app.txt': 'one\ntwo on main\nthree\n', 'notes.txt': 'a\nb\nc\nd\nE\n', 'n.txt': 'n\n' }
    const own = prBranch('pr-16', [['fix: app', change]])
    const squash = git.commit('fix: app (#16)', change)
    pulls.set(16, { own, merged: squash })
    await serve()
    const refs = new Map(repo.refs)
    const inClone = {
      ...deps,
      backports: new GitHubBackport(forgeOn(fake!).repo, new GitBackport(new GitForge(git.dir), 'main')),
    }

    const estimated = await backport(deps, releaser, { pr: 16, line: 'lts' })
    const exact = await backport(inClone, releaser, { pr: 16, line: 'lts' })

    // Without a clone: every file both sides changed; git knows notes.txt merges cleanly.
    expect(estimated).toMatchObject({ ok: false, code: 'conflict', files: ['app.txt', 'notes.txt'] })
    expect(exact).toMatchObject({ ok: false, code: 'conflict', files: ['app.txt'] })
    expect(repo.refs).toEqual(refs)
    expect(repo.pulls).toHaveLength(1)
  })

  it('refuses an unmerged or unknown pull request, and one backported before', async () => {
    const open = prBranch('pr-17', [['fix: not yet', { 'y.txt': 'y\n' }]])
    pulls.set(17, { own: open, merged: null })
    const own = prBranch('pr-18', [['fix: once', { 'o.txt': 'o\n' }]])
    pulls.set(18, { own, merged: git.commit('fix: once (#18)', { 'o.txt': 'o\n' }) })
    await serve()

    expect(await backport(deps, releaser, { pr: 17, line: 'lts' })).toMatchObject({
      ok: false,
      code: 'unmerged',
      message: 'pull request #17 (fix: not yet) is not merged: merge it first',
    })
    expect(await backport(deps, releaser, { pr: 99, line: 'lts' })).toMatchObject({
      ok: false,
      code: 'unknown_pr',
    })
    expect(await backport(deps, releaser, { pr: 18, line: 'lts' })).toMatchObject({ ok: true })
    expect(await backport(deps, releaser, { pr: 18, line: 'lts' })).toMatchObject({
      ok: false,
      code: 'exists',
      existing: { url: `${fake!.url}/acme/widget/pull/19`, state: 'open' },
    })
    expect(repo.pulls.map((p) => p.number)).toEqual([17, 18, 19])
  })

  it('says a branch left without its pull request is not a backport, and how to go on', async () => {
    const own = prBranch('pr-23', [['fix: stopped', { 's.txt': 's\n' }]])
    pulls.set(23, { own, merged: git.commit('fix: stopped (#23)', { 's.txt': 's\n' }) })
    // An earlier attempt created the branch and stopped before opening its pull request.
    git.git('branch', 'herald/backport-23-to-lts', 'lts')
    await serve()

    expect(await backport(deps, releaser, { pr: 23, line: 'lts' })).toEqual({
      ok: false,
      kind: 'refused',
      code: 'exists',
      message:
        '#23 was not backported to lts: branch herald/backport-23-to-lts exists without a pull request (an earlier backport stopped part-way). Open a pull request from it to lts, or delete the branch and run the backport again',
      existing: {
        branch: 'herald/backport-23-to-lts',
        sha: git.sha('lts'),
        url: null,
        state: 'branch_without_pr',
      },
    })
    expect(repo.pulls.map((p) => p.number)).toEqual([23])
  })

  it('leaves no branch behind when GitHub refuses to open the pull request', async () => {
    const own = prBranch('pr-19', [['fix: half', { 'h.txt': 'h\n' }]])
    pulls.set(19, { own, merged: git.commit('fix: half (#19)', { 'h.txt': 'h\n' }) })
    await serve()
    fake!.fail({
      method: 'POST',
      path: /\/pulls$/,
      status: 403,
      body: { message: 'Resource not accessible' },
    })

    await expect(backport(deps, releaser, { pr: 19, line: 'lts' })).rejects.toThrow(
      /opening the backport pull request from herald\/backport-19-to-lts failed: Resource not accessible \(HTTP 403\)/,
    )
    expect([...repo.refs.keys()].filter((r) => r.startsWith('refs/heads/herald/'))).toEqual([])
  })

  it('herald backport opens the pull request through GitHub with GITHUB_TOKEN and repo', async () => {
    const own = prBranch('pr-20', [['fix: cli', { 'cli.txt': 'c\n' }]])
    pulls.set(20, { own, merged: git.commit('fix: cli (#20)', { 'cli.txt': 'c\n' }) })
    await serve()
    writeFileSync(
      join(git.dir, 'herald.config.yaml'),
      'repo: acme/widget\nlines:\n  - { name: main, tagPrefix: v, branch: main }\n  - { name: lts, tagPrefix: v, branch: lts }\n',
    )
    const env = { GITHUB_TOKEN: fake!.token, GITHUB_API_URL: fake!.url }

    const run = await runCli(['backport', '--pr', '20', '--line', 'lts', '--json'], { cwd: git.dir, env })

    expect(run.stderr).toBe('')
    expect(run.json()).toMatchObject({
      branch: 'herald/backport-20-to-lts',
      pullRequest: { number: 21, url: `${fake!.url}/acme/widget/pull/21` },
    })
    expect(repo.pulls.at(-1)).toMatchObject({ base: 'lts', title: 'fix: cli (backport #20 to lts)' })
    expect(git.git('branch', '--list', 'herald/*')).toBe('')
  })
})
