import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validate } from '../../src/config/load-config.ts'
import type { ConfigInput } from '../../src/config/schema.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { planLine } from '../../src/flows/plan-line.ts'
import { checkRelease, failedChecks, hasVersionHeading } from '../../src/flows/release/release-checks.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { forgeOn, startFake } from './support.ts'

let fake: FakeGitHub
let repo: FakeRepo
let shas: string[]

const lineOf = (over: Partial<ConfigInput['lines'][number]> = {}): ReleaseLine => {
  const r = validate({ lines: [{ name: 'v', tagPrefix: 'v', changelog: 'CHANGELOG.md', ...over }] }, 'test')
  if (!r.ok) throw new Error(r.errors.join('\n'))
  return r.config.lines[0]!
}

beforeEach(async () => {
  repo = new FakeRepo()
  shas = []
  let head = repo.commit({ message: 'chore: start', files: { 'CHANGELOG.md': '# Changelog\n' } })
  repo.refs.set('refs/tags/v1.0.0', head)
  for (const m of ['feat: one', 'fix: two']) {
    head = repo.commit({ message: m, parents: [head] })
    shas.push(head)
  }
  head = repo.commit({
    message: 'docs: changelog for 1.1.0',
    parents: [head],
    files: { 'CHANGELOG.md': '# Changelog\n\n## [1.1.0](https://x/compare/v1.0.0...v1.1.0) (2024-02-01)\n' },
  })
  shas.push(head)
  repo.refs.set('refs/heads/main', head)
  for (const sha of shas) {
    repo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'success' }])
    repo.statuses.set(sha, [{ context: 'ci/legacy', state: 'success' }])
  }
  fake = await startFake(repo)
})
afterEach(() => fake.stop())

async function checks(line: ReleaseLine, options: Parameters<typeof forgeOn>[1] = {}) {
  const forge = forgeOn(fake, options)
  const outcome = await planLine(forge, [line], { bump: 'auto', force: true })
  if (!outcome.ok || !outcome.plan.to) throw new Error('expected a plan')
  return checkRelease({ forge, host: forge, line, plan: outcome.plan })
}

describe('checks before a cut', () => {
  it('passes a green head on the line branch with a changelog section', async () => {
    const result = await checks(lineOf())
    expect(result).toEqual([
      { id: 'branch', status: 'pass', text: "cutting from main, the line's branch" },
      { id: 'tag_free', status: 'pass', text: 'tag v1.1.0 is free' },
      { id: 'ci_head', status: 'pass', text: `CI green on ${shas[2]!.slice(0, 12)} (2 checks)` },
      { id: 'changelog', status: 'pass', text: 'CHANGELOG.md has a section for 1.1.0' },
    ])
    expect(failedChecks(result)).toEqual([])
  })

  it('blocks on a failed check run, naming it', async () => {
    repo.checkRuns.set(shas[2]!, [
      { name: 'test', status: 'completed', conclusion: 'failure' },
      { name: 'lint', status: 'completed', conclusion: 'skipped' },
    ])
    const failed = failedChecks(await checks(lineOf()))
    expect(failed).toEqual([
      { id: 'ci_head', status: 'fail', text: `CI failed on ${shas[2]!.slice(0, 12)}: test` },
    ])
  })

  it('blocks while CI still runs, and when no CI ran at all', async () => {
    repo.statuses.set(shas[2]!, [{ context: 'deploy/preview', state: 'pending' }])
    expect(failedChecks(await checks(lineOf()))[0]!.text).toContain('CI still running on')
    repo.checkRuns.delete(shas[2]!)
    repo.statuses.delete(shas[2]!)
    expect(failedChecks(await checks(lineOf()))[0]!.text).toContain('no CI ran on')
    expect(failedChecks(await checks(lineOf({ checks: { ci: false } })))).toEqual([])
  })

  it('checks the last N commits of the branch when asked (here 3)', async () => {
    repo.checkRuns.set(shas[0]!, [{ name: 'test', status: 'completed', conclusion: 'timed_out' }])
    const two = failedChecks(await checks(lineOf({ checks: { ciLastCommits: 2 } })))
    expect(two).toEqual([])
    const three = failedChecks(await checks(lineOf({ checks: { ciLastCommits: 3 } })))
    expect(three).toEqual([
      {
        id: 'ci_recent',
        status: 'fail',
        text: `CI is not green on the last 3 commits of main: ${shas[0]!.slice(0, 12)} (failure)`,
      },
    ])
  })

  it('blocks when the changelog has no section for the version, and skips it for release PRs', async () => {
    const line = lineOf({ initialVersion: '1.0.0' })
    repo.commits.get(shas[2]!)!.files.set('CHANGELOG.md', repo.addBlob('# Changelog\n\n## 1.0.0\n'))
    expect(failedChecks(await checks(line))).toEqual([
      {
        id: 'changelog',
        status: 'fail',
        text: 'CHANGELOG.md has no section for 1.1.0: add one (or run herald changelog --write) and merge it first',
      },
    ])
    expect(failedChecks(await checks(lineOf({ mode: 'pr' })))).toEqual([])
  })

  it('blocks another branch and an existing tag', async () => {
    repo.refs.set('refs/heads/develop', shas[2]!)
    // On a side branch, so that it is not the base: only the tag check sees it.
    repo.refs.set('refs/tags/v1.1.0', repo.commit({ message: 'fix: elsewhere', parents: [shas[0]!] }))
    const failed = failedChecks(await checks(lineOf(), { branch: 'develop' }))
    expect(failed.map((c) => c.id)).toEqual(['branch', 'tag_free'])
    expect(failed[0]!.text).toBe('line v releases from main, not from develop')
  })

  it.each([
    ['## 1.1.0', true],
    ['## [1.1.0](https://x) (2024-01-01)', true],
    ['# v1.1.0 — faster', true],
    ['## 1.1.0-rc.1', false],
    ['## 11.1.0', false],
    ['## 1.1.01', false],
    ['1.1.0 without a heading', false],
  ])('reads %s as a heading for 1.1.0: %s', (text, expected) => {
    expect(hasVersionHeading(text, '1.1.0')).toBe(expected)
  })
})
