/**
 * `/release backport` in chat, through Herald as `herald serve` builds it
 * (the chat router, the composition, the local git forge) on a real
 * temporary repository: Slack's text parsed, the requester authorised, the
 * branch made, and bad arguments answered with the usage. And `herald
 * backport`, its command-line twin.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseCommandText } from '../commands/parse-args.ts'
import { releaseCommand } from '../commands/release.ts'
import { buildHerald, type HeraldApp } from '../src/compose/build-herald.ts'
import type { Actor } from '../src/flows/view.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

let repo: TestRepo
let app: HeraldApp
const releaser: Actor = { platform: 'slack', userId: 'U0RELEASE', roles: [], groups: [] }
const stranger: Actor = { platform: 'slack', userId: 'U0OTHER', roles: [], groups: [] }

beforeEach(async () => {
  repo = createRepo()
  repo.commit('feat: initial', { 'app.txt': 'app\n' })
  repo.branch('lts-2026.1')
  repo.checkout('main')
  repo.commit('fix: crash on empty input (#12)', { 'fix.txt': 'fixed\n' })
  writeFileSync(
    join(repo.dir, 'herald.config.yaml'),
    [
      'lines:',
      '  - { name: main, tagPrefix: v }',
      '  - { name: lts-2026.1, tagPrefix: v, branch: lts-2026.1 }',
      'auth:',
      '  release: { users: [U0RELEASE] }',
    ].join('\n'),
  )
  app = await buildHerald({ env: { HERALD_STORE: 'memory:' }, cwd: repo.dir })
})
afterEach(async () => {
  await app.close()
  repo.remove()
})

async function slash(actor: Actor, text: string) {
  const args = parseCommandText(releaseCommand, text)
  if (!args.ok) throw new Error(args.error)
  const view = await app.flows.command(actor, 'release', args.value)
  return { view, text: JSON.stringify(view.blocks) }
}

describe('/release backport', () => {
  it('makes the backport branch for someone with the release role, and tells the channel', async () => {
    const { view, text } = await slash(releaser, 'backport pr:12 line:lts-2026.1')
    expect(view.private).toBe(false)
    expect(text).toContain('Backport of #12 to lts-2026.1')
    expect(text).toContain('fix: crash on empty input (backport #12 to lts-2026.1)')
    expect(text).toContain('created branch `herald/backport-12-to-lts-2026.1` on `lts-2026.1`')
    expect(repo.git('log', '-1', '--format=%s', 'herald/backport-12-to-lts-2026.1')).toBe(
      'fix: crash on empty input (#12)',
    )

    const again = await slash(releaser, 'backport pr:#12 lts-2026.1')
    expect(again.view.private).toBe(true)
    expect(again.text).toContain('#12 was backported to lts-2026.1 already')

    const [made, exists] = await app.store.listAudit()
    expect(made).toEqual({
      at: expect.any(String),
      actor: { platform: 'slack', userId: 'U0RELEASE' },
      subject: 'backport:12-to-lts-2026.1',
      action: 'backported',
      outcome: 'done',
      from: null,
      to: null,
      detail: expect.stringMatching(
        /^#12 to lts-2026\.1: created branch herald\/backport-12-to-lts-2026\.1 on lts-2026\.1 at [0-9a-f]{12} \(1 picked, 0 already there\)$/,
      ),
    })
    expect(exists).toMatchObject({ outcome: 'refused', subject: 'backport:12-to-lts-2026.1' })
    expect(exists?.detail).toMatch(/^#12 to lts-2026\.1: exists: #12 was backported to lts-2026\.1 already/)
  })

  it('audits a conflict with the files, and makes nothing', async () => {
    repo.checkout('lts-2026.1')
    repo.commit('fix: another crash fix', { 'fix.txt': 'fixed differently\n' })
    repo.checkout('main')
    const { text } = await slash(releaser, 'backport pr:12 line:lts-2026.1')
    expect(text).toContain('conflicts in fix.txt')
    expect(repo.git('branch', '--list', 'herald/*')).toBe('')
    const entries = await app.store.listAudit()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor: { platform: 'slack', userId: 'U0RELEASE' },
      subject: 'backport:12-to-lts-2026.1',
      action: 'backported',
      outcome: 'refused',
      from: null,
      to: null,
    })
    expect(entries[0]?.detail).toMatch(
      /^#12 to lts-2026\.1: conflict: commit [0-9a-f]{12} .*conflicts in fix\.txt/,
    )
  })

  it('refuses someone without the release role and makes nothing', async () => {
    const { view, text } = await slash(stranger, 'backport pr:12 line:lts-2026.1')
    expect(view.private).toBe(true)
    expect(text).toMatch(/cut releases/)
    expect(repo.git('branch', '--list', 'herald/*')).toBe('')
    // As an unauthorised /release or /announce-release is: the refusal is audited.
    expect(await app.store.listAudit()).toEqual([
      expect.objectContaining({
        actor: { platform: 'slack', userId: 'U0OTHER' },
        action: 'backported',
        outcome: 'refused',
        detail: expect.stringMatching(/^#12 to lts-2026\.1: not_allowed: /),
      }),
    ])
  })

  it('shows the backport in `herald audit`', async () => {
    const path = join(repo.dir, '.git', 'herald-audit.db')
    const env = { HERALD_STORE: `sqlite:${path}` }
    const herald = await buildHerald({ env, cwd: repo.dir })
    const args = parseCommandText(releaseCommand, 'backport pr:12 line:lts-2026.1')
    if (!args.ok) throw new Error(args.error)
    await herald.flows.command(releaser, 'release', args.value)
    await herald.close()
    const audit = await runCli(['audit'], { cwd: repo.dir, env })
    expect(audit.code).toBe(0)
    expect(audit.stdout).toMatch(
      /slack:U0RELEASE {2}backport:12-to-lts-2026\.1 {2}backported \(in none\) {2}DONE {2}#12 to lts-2026\.1: created branch herald\/backport-12-to-lts-2026\.1/,
    )
  })

  it.each([
    ['backport line:lts-2026.1', '`/release backport` needs the merged pull request: `pr:123`'],
    [
      'backport pr:12 line:lts-2026.1 bump:minor',
      '`/release backport` takes only `pr` and `line`, not `bump`',
    ],
    ['pr:12 line:lts-2026.1', '`pr` goes with backport'],
  ])('answers /release %s with the usage', async (command, problem) => {
    const { text } = await slash(releaser, command)
    expect(text).toContain(problem)
    expect(await app.store.listAudit()).toEqual([])
    expect(text).toContain('Usage: `/release [action:canary|promote|rollback|status|console|backport]')
  })
})

describe('herald backport', () => {
  it('makes the branch and prints it, as JSON too', async () => {
    const run = await runCli(['backport', '--pr', '12', '--line', 'lts-2026.1', '--json'], { cwd: repo.dir })
    expect(run.code).toBe(0)
    const tip = repo.sha('herald/backport-12-to-lts-2026.1')
    expect(run.json()).toEqual({
      line: 'lts-2026.1',
      pr: 12,
      how: 'squash',
      title: 'fix: crash on empty input (backport #12 to lts-2026.1)',
      branch: 'herald/backport-12-to-lts-2026.1',
      target: 'lts-2026.1',
      sha: tip,
      picked: [repo.sha('main')],
      skipped: [],
      pullRequest: null,
    })

    const again = await runCli(['backport', '--pr', '12', '--line', 'lts-2026.1'], { cwd: repo.dir })
    expect(again.code).toBe(1)
    expect(again.stdout).toBe('')
    expect(again.stderr).toBe(
      'herald backport: #12 was backported to lts-2026.1 already: branch herald/backport-12-to-lts-2026.1. Herald does not make it twice\n',
    )
  })

  it.each([
    [['--pr', 'abc', '--line', 'lts-2026.1'], "option '--pr <number>' argument 'abc' is invalid"],
    [['--pr', '12'], 'several release lines (main, lts-2026.1): choose one with --line NAME'],
    [['--pr', '41', '--line', 'lts-2026.1'], 'no merged pull request #41 found'],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await runCli(['backport', ...args], { cwd: repo.dir })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(repo.git('branch', '--list', 'herald/*')).toBe('')
  })
})
