/**
 * `herald plan`'s early `git log HEAD`: taken over only by the read it is
 * (same repository, no paths, the sha git printed first), stopped otherwise,
 * and never a different answer, even when HEAD moves after it started.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { readLog } from '../src/adapters/git/log-read.ts'
import { type LogRun, startEarlyLog, takeEarlyLog } from '../src/adapters/git/log-run.ts'
import { startEarlyPlanLog } from '../src/cli/early-log.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo | undefined
afterEach(async () => {
  // Nothing left over for the next test.
  await takeEarlyLog('/', [], false)
  repo?.remove()
})

function threeCommits(): { repo: TestRepo; base: string; head: string } {
  const r = createRepo()
  const base = r.commit('feat: one')
  r.commit('fix: two')
  const head = r.commit('feat: three')
  return { repo: r, base, head }
}

/** What the run wrote, once git is done. */
async function output(run: LogRun): Promise<string> {
  expect(await run.exited).toBe(0)
  const buffer = Buffer.alloc(1 << 16)
  const { bytesRead } = await run.file.read(buffer, 0, buffer.length, 0)
  await run.file.close()
  return buffer.toString('utf8', 0, bytesRead)
}

describe('the early git log', () => {
  it('is taken over by a read of the same log from the commit it printed first, once', async () => {
    const made = threeCommits()
    repo = made.repo
    startEarlyLog(repo.dir, 2)
    const run = await takeEarlyLog(repo.dir, [made.head], false)
    expect(run).not.toBeNull()
    const text = await output(run!)
    expect(text.startsWith(`\u0000\u001e${made.head}\u001f`)).toBe(true)
    expect(text).toContain('fix: two')
    expect(text).toContain(made.base)
    expect(await takeEarlyLog(repo.dir, [made.head], false)).toBeNull()
  })

  it('is stopped, not taken, by another commit, another repository, several revisions or paths', async () => {
    const made = threeCommits()
    repo = made.repo
    const asks: [string, string[], boolean][] = [
      [repo.dir, [made.base], false],
      [`${repo.dir}/elsewhere`, [made.head], false],
      [repo.dir, [made.head, `^${made.base}`], false],
      [repo.dir, [made.head], true],
    ]
    for (const [dir, revs, withFiles] of asks) {
      startEarlyLog(repo.dir, 2)
      expect(await takeEarlyLog(dir, revs, withFiles)).toBeNull()
    }
  })

  it('does not start on a single core', async () => {
    const made = threeCommits()
    repo = made.repo
    startEarlyLog(repo.dir, 1)
    expect(await takeEarlyLog(repo.dir, [made.head], false)).toBeNull()
  })

  it('gives the reader the range it asks for, and the right one after HEAD moved', async () => {
    const made = threeCommits()
    repo = made.repo
    const forge = new GitForge(repo.dir)
    startEarlyLog(repo.dir, 2)
    const commits = await readLog(forge, { to: made.head, since: made.base, withFiles: false })
    expect(commits.map((c) => c.message)).toEqual(['feat: three', 'fix: two'])
    expect(await takeEarlyLog(repo.dir, [made.head], false)).toBeNull()

    startEarlyLog(repo.dir, 2)
    const moved = repo.commit('fix: four')
    const after = await readLog(forge, { to: moved, since: made.base, withFiles: false })
    expect(after.map((c) => c.message)).toEqual(['fix: four', 'feat: three', 'fix: two'])
  })
})

describe('the command line starting it', () => {
  const env = {}
  it('starts for `herald plan` in --repo, or the current folder', async () => {
    const made = threeCommits()
    repo = made.repo
    for (const argv of [
      ['plan', '--json'],
      ['plan', '--repo', repo.dir],
      ['plan', `--repo=${repo.dir}`, '--line', 'v'],
    ]) {
      startEarlyPlanLog(argv, argv.length === 2 ? repo.dir : '/', env)
      const run = await takeEarlyLog(repo.dir, [made.head], false)
      expect(run, argv.join(' ')).not.toBeNull()
      await output(run!)
    }
  })

  it('does not start for other commands, --at, --help, or with GITHUB_TOKEN set', async () => {
    const made = threeCommits()
    repo = made.repo
    const cases: [string[], Record<string, string>][] = [
      [['changelog'], env],
      [['plan', '--at', 'v1.0.0'], env],
      [['plan', '--at=v1.0.0'], env],
      [['plan', '--help'], env],
      [['--json', 'notes'], env],
      [['plan'], { GITHUB_TOKEN: 'ghp_x' }],
    ]
    for (const [argv, vars] of cases) {
      startEarlyPlanLog(argv, repo.dir, vars)
      expect(await takeEarlyLog(repo.dir, [made.head], false), argv.join(' ')).toBeNull()
    }
  })
})
