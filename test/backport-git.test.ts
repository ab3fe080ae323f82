/**
 * Backports with the local git forge, on real temporary repositories: the
 * branch holds the cherry-picks (content, author, the `-x` note), the clone's
 * checkout is never touched, and every refusal creates nothing.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GitBackport } from '../src/adapters/git/git-backport.ts'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { type BackportDeps, backport } from '../src/flows/backport/backport.ts'
import type { Actor } from '../src/flows/view.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { testLine } from '../src/testing/test-line.ts'

const console: Actor = { platform: 'console', userId: 'console', roles: [], groups: [] }
let repo: TestRepo
let deps: BackportDeps

beforeEach(() => {
  repo = createRepo({ identity: { name: 'Ada Lovelace', email: 'ada@example.com' } })
  repo.commit('feat: initial', { 'app.txt': 'one\ntwo\nthree\n' })
  repo.tag('v1.0.0')
  repo.branch('lts')
  repo.commit('fix(lts): only on lts', { 'lts.txt': 'lts\n' })
  repo.checkout('main')
  deps = {
    lines: [
      testLine({ name: 'main', branch: 'main' }),
      testLine({ name: 'lts', branch: 'lts' }),
      testLine({ name: 'gone', branch: 'release-0.9' }),
    ],
    backports: new GitBackport(new GitForge(repo.dir), 'main'),
  }
})
afterEach(() => repo.remove())

const run = (pr: number, line = 'lts') => backport(deps, console, { pr, line }, 'cli')

/** What `git status` and HEAD say: the clone a backport must leave alone. */
function checkout() {
  return {
    head: repo.git('symbolic-ref', 'HEAD'),
    sha: repo.sha('HEAD'),
    status: repo.git('status', '--porcelain'),
  }
}

describe('backport with the local git forge', () => {
  it('puts a squash-merged pull request on a new branch off the line’s branch, with the -x note', async () => {
    const fix = repo.commit('fix: crash on empty input (#12)\n\nLonger text.', { 'fix.txt': 'fixed\n' })
    repo.commit('feat: unrelated (#13)', { 'other.txt': 'x\n' })
    // Someone's work in progress: a modified file, a staged one, an untracked one.
    writeFileSync(join(repo.dir, 'app.txt'), 'edited, not committed\n')
    writeFileSync(join(repo.dir, 'staged.txt'), 'staged\n')
    repo.git('add', 'staged.txt')
    writeFileSync(join(repo.dir, 'untracked.txt'), 'u\n')
    const before = checkout()

    const answer = await run(12)

    expect(answer).toMatchObject({
      ok: true,
      branch: 'herald/backport-12-to-lts',
      target: 'lts',
      title: 'fix: crash on empty input (backport #12 to lts)',
      source: { how: 'squash' },
      backportPr: null,
    })
    const tip = 'herald/backport-12-to-lts'
    expect(repo.git('rev-parse', `${tip}^`)).toBe(repo.sha('lts'))
    expect(repo.git('log', '-1', '--format=%B', tip)).toBe(
      `fix: crash on empty input (#12)\n\nLonger text.\n\n(cherry picked from commit ${fix})`,
    )
    expect(repo.git('log', '-1', '--format=%an <%ae> %at', tip)).toBe(
      repo.git('log', '-1', '--format=%an <%ae> %at', fix),
    )
    expect(repo.git('show', `${tip}:fix.txt`)).toBe('fixed')
    expect(repo.git('show', `${tip}:lts.txt`)).toBe('lts')
    expect(() => repo.git('show', `${tip}:other.txt`)).toThrow()
    expect(checkout()).toEqual(before)
  })

  it('picks every commit of a rebase merge and the own commits of a merge commit, oldest first', async () => {
    repo.commit('fix: first half (#14)', { 'a.txt': 'a\n' })
    repo.commit('fix: second half (#14)', { 'b.txt': 'b\n' })
    repo.branch('feature')
    repo.commit('fix: parse dates', { 'c.txt': 'c\n' })
    repo.commit('test: cover dates', { 'd.txt': 'd\n' })
    repo.checkout('main')
    repo.commit('chore: meanwhile on main', { 'e.txt': 'e\n' })
    repo.merge('feature', 'Merge pull request #15 from acme/feature\n\nfix: parse dates')

    const rebased = await run(14)
    const merged = await run(15)

    expect(rebased).toMatchObject({ ok: true, source: { how: 'rebase' } })
    expect(repo.git('log', '--format=%s', 'lts..herald/backport-14-to-lts')).toBe(
      'fix: second half (#14)\nfix: first half (#14)',
    )
    expect(merged).toMatchObject({
      ok: true,
      source: { how: 'merge', title: 'fix: parse dates' },
      title: 'fix: parse dates (backport #15 to lts)',
    })
    expect(repo.git('log', '--format=%s', 'lts..herald/backport-15-to-lts')).toBe(
      'test: cover dates\nfix: parse dates',
    )
    expect(() => repo.git('show', 'herald/backport-15-to-lts:e.txt')).toThrow()
  })

  it('reports the conflicting files and creates nothing', async () => {
    repo.checkout('lts')
    repo.commit('fix(lts): patch app', { 'app.txt': 'one\nTWO on lts\nthree\n' })
    repo.checkout('main')
    repo.commit('fix: other app change (#16)', { 'app.txt': 'one\ntwo on main\nthree\n', 'new.txt': 'n\n' })
    const refs = repo.git('for-each-ref')
    const before = checkout()

    const answer = await run(16)

    expect(answer).toMatchObject({ ok: false, kind: 'refused', code: 'conflict', files: ['app.txt'] })
    expect(!answer.ok && answer.message).toMatch(
      /does not apply to lts: conflicts in app\.txt\. Nothing was created/,
    )
    expect(repo.git('for-each-ref')).toBe(refs)
    expect(checkout()).toEqual(before)
  })

  it('reports a backport made before instead of making it twice', async () => {
    repo.commit('fix: once (#17)', { 'once.txt': '1\n' })
    const first = await run(17)
    const tip = repo.sha('herald/backport-17-to-lts')

    const again = await run(17)

    expect(first.ok).toBe(true)
    expect(again).toMatchObject({
      ok: false,
      code: 'exists',
      existing: { branch: 'herald/backport-17-to-lts', sha: tip, state: 'branch' },
    })
    expect(repo.sha('herald/backport-17-to-lts')).toBe(tip)
  })

  it('says so when the line already has every change', async () => {
    repo.checkout('lts')
    repo.commit('fix: same change by hand', { 'same.txt': 's\n' })
    repo.checkout('main')
    repo.commit('fix: same change (#18)', { 'same.txt': 's\n' })

    expect(await run(18)).toMatchObject({ ok: false, code: 'empty' })
    expect(repo.git('branch', '--list', 'herald/*')).toBe('')
  })

  it.each([
    [99, 'lts', 'input', 'unknown_pr', 'no merged pull request #99 found (no commit of main ends with (#99)'],
    [12, 'main', 'input', 'same_branch', 'line main releases from main, where #12 is merged already'],
    [12, 'gone', 'refused', 'branch_missing', "line gone's branch release-0.9 does not exist"],
    [12, 'nope', 'input', 'unknown_line', 'no release line named "nope"'],
  ])('refuses pr %s to line %s: %s', async (pr, line, kind, code, message) => {
    repo.commit('fix: crash (#12)', { 'fix.txt': 'fixed\n' })
    const answer = await run(pr, line)
    expect(answer).toMatchObject({ ok: false, kind, code })
    expect(!answer.ok && answer.message).toContain(message)
    expect(repo.git('branch', '--list', 'herald/*')).toBe('')
  })

  it('needs the release role in chat', async () => {
    repo.commit('fix: crash (#12)', { 'fix.txt': 'fixed\n' })
    deps.auth = { release: { users: ['U1'], roles: [], groups: [] }, twoPersonRule: [] }
    const stranger: Actor = { platform: 'slack', userId: 'U2', roles: [], groups: [] }
    const answer = await backport(deps, stranger, { pr: 12, line: 'lts' })
    expect(answer).toMatchObject({ ok: false, code: 'not_allowed' })
    expect(repo.git('branch', '--list', 'herald/*')).toBe('')
  })
})
