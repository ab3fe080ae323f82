/**
 * `herald plan --line main --line lts`: two lines on two branches, each
 * planned at the tip of its own branch whatever HEAD is, printed as JSON
 * Lines; the same plans through the local git forge and through GitHub.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli.ts'
import type { FakeGitHub } from './fake-github.ts'
import { type GitFixture, gitFixture } from './git-fixture.ts'
import { startFake } from './support.ts'

const LINES = `lines:
  - name: main
    tagPrefix: v
    branch: main
  - name: lts
    tagPrefix: lts-v
    branch: lts-1.x
`

let fx: GitFixture
let fake: FakeGitHub
const shas: Record<string, string> = {}

beforeAll(async () => {
  fx = gitFixture()
  fx.commit('feat: first', { 'a.txt': '1\n' })
  fx.git('tag', 'v1.0.0')
  fx.git('tag', 'lts-v1.0.0')
  fx.branch('lts-1.x')
  shas.lts = fx.commit('fix: reject forged tokens', { 'auth.txt': 'lts\n' })
  fx.checkout('main')
  fx.commit('fix: reject forged tokens', { 'auth.txt': 'main\n' })
  shas.main = fx.commit('feat: compare command', { 'compare.txt': '1\n' })
  // HEAD is on neither branch: each line is still planned at its own branch's tip.
  fx.git('checkout', '-q', '--detach', 'HEAD~1')
  fx.git('remote', 'add', 'origin', 'https://github.com/acme/widget.git')
  writeFileSync(join(fx.dir, 'local.yaml'), LINES)
  writeFileSync(join(fx.dir, 'github.yaml'), `repo: acme/widget\n${LINES}`)
  fake = await startFake(fx.toFakeRepo())
})
afterAll(async () => {
  await fake.stop()
  fx.remove()
})

const local = (...args: string[]) =>
  runCli(['plan', '--config', 'local.yaml', ...args], { cwd: fx.dir, env: {} })
const github = (...args: string[]) =>
  runCli(['plan', '--config', 'github.yaml', ...args], {
    cwd: fx.dir,
    env: { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url },
  })
// biome-ignore lint/suspicious/noExplicitAny: the JSON contract, read loosely
const jsonLines = (stdout: string): any[] =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))

describe('herald plan with several --line', () => {
  it('prints one JSON line per line, each planned at the tip of its own branch', async () => {
    const run = await local('--line', 'main', '--line', 'lts', '--json')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const [main, lts] = jsonLines(run.stdout)
    expect(main).toMatchObject({
      line: 'main',
      from: { tag: 'v1.0.0' },
      to: { tag: 'v1.1.0', sha: shas.main },
    })
    expect(lts).toMatchObject({
      line: 'lts',
      from: { tag: 'lts-v1.0.0' },
      to: { tag: 'lts-v1.0.1', sha: shas.lts },
    })
    expect(lts.commits.map((c: { subject: string }) => c.subject)).toEqual(['reject forged tokens'])
  })

  it('gives the same plans through GitHub', async () => {
    const [viaGit, viaGitHub] = [
      await local('--line', 'lts', '--line', 'main', '--json'),
      await github('--line', 'lts', '--line', 'main', '--json'),
    ]
    expect(viaGitHub.code).toBe(0)
    // The same plans and notes, linked to the fake GitHub instead of github.com; GitHub's notes
    // (the ones /release publishes there) end with the compare link, as for one line.
    const remote = viaGitHub.stdout
      .replaceAll(fake.url, 'https://github.com')
      .replace(/\\n\*\*Full diff:\*\* [^\\]+\\n/g, '')
    expect(remote).toBe(viaGit.stdout)
    expect(jsonLines(viaGit.stdout).map((p) => p.to.tag)).toEqual(['lts-v1.0.1', 'v1.1.0'])
  })

  it('shows each line in text, a blank line between them', async () => {
    const run = await local('--line', 'main', '--line', 'lts')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /^Line main: v1\.0\.0 -> v1\.1\.0 \(minor\)\n[\s\S]*\n\nLine lts: lts-v1\.0\.0 -> lts-v1\.0\.1 \(patch\)\n/,
    )
  })

  it('shows each line in text, and says which line has nothing to release', async () => {
    fx.git('tag', 'lts-v1.0.1', 'lts-1.x')
    try {
      const run = await local('--line', 'main', '--line', 'lts')
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/^Line main: v1\.0\.0 -> v1\.1\.0 \(minor\)\n/)
      expect(run.stderr).toBe(
        "herald plan: line lts: lts-1.x (the line's branch) is already lts-v1.0.1: nothing new to release (commit a change first)\n",
      )
      const json = await local('--line', 'main', '--line', 'lts', '--json')
      expect(jsonLines(json.stdout)[1]).toEqual({
        line: 'lts',
        error: {
          code: 'already_released',
          message:
            "lts-1.x (the line's branch) is already lts-v1.0.1: nothing new to release (commit a change first)",
        },
      })
    } finally {
      fx.git('tag', '-d', 'lts-v1.0.1')
    }
  })

  it.each([
    [['--at', 'v1.0.0'], '--at plans one line: name one --line'],
    [
      ['--version', '2.0.0'],
      "--version sets one line's version: plan several lines without it, or one line with it",
    ],
    [['--line', 'main'], 'a line is named twice: name each line once'],
    [['--line', 'nope'], 'no release line named "nope": the lines are main, lts'],
  ])('refuses %o with several lines (exit 2)', async (extra, message) => {
    const run = await local('--line', 'main', '--line', 'lts', ...extra)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`herald plan: ${message}\n`)
    expect(run.stdout).toBe('')
  })
})
