/**
 * Release lines beyond one SemVer branch, on a real temporary repository:
 * an LTS line with calendar versions and a range beside `main` under one
 * `v` prefix, a SemVer maintenance line refusing a minor, calendar versions
 * rolling over a new year, and a PEP 440 release-candidate series. Each is
 * planned through `herald plan --json`, and through the GitHub forge (on the
 * fake GitHub) with the same result as the local git forge.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { validate } from '../src/config/load-config.ts'
import { planLine } from '../src/flows/plan-line.ts'
import type { FakeGitHub } from './github/fake-github.ts'
import { type GitFixture, gitFixture } from './github/git-fixture.ts'
import { forgeOn, startFake } from './github/support.ts'
import { runCli } from './helpers/run-cli.ts'

const WEB = 'https://github.com/acme/widget'
const config = {
  repo: 'acme/widget',
  lines: [
    { name: 'main', tagPrefix: 'v', branch: 'main' },
    {
      name: 'lts-2026.1',
      tagPrefix: 'v',
      branch: 'lts-2026.1',
      range: '2026.1.x',
      scheme: 'calver',
      calver: 'YYYY.MINOR.MICRO',
      bumps: { minor: [], patch: ['*'] },
    },
    { name: 'lib-1.2', tagPrefix: 'lib-v', branch: 'release-1.2', range: '1.2.x' },
    { name: 'cal', tagPrefix: 'cal-', branch: 'main', scheme: 'calver', calver: 'YYYY.MINOR.MICRO' },
    { name: 'backend', tagPrefix: 'py-', branch: 'main', scheme: 'pep440', calver: 'YY.MINOR.MICRO' },
  ],
}
const loaded = validate(config, 'herald.config.json')
if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
const lines = loaded.config.lines

let fx: GitFixture
let fake: FakeGitHub
const configDir = mkdtempSync(join(tmpdir(), 'herald-schemes-'))
const configPath = join(configDir, 'herald.config.json')

beforeAll(async () => {
  fx = gitFixture()
  fx.commit('chore: start', { 'a.txt': '1\n' })
  // One commit carries main's v0.12.0 and the LTS line's first release v2026.1.0: each line takes its own.
  for (const t of ['v0.12.0', 'v2026.1.0', 'lib-v1.2.3', 'cal-2026.3.0', 'py-26.1.0']) fx.tag(t)
  fx.branch('lts-2026.1')
  fx.commit('fix(security): escape the header', { 'a.txt': '2\n' })
  fx.tag('v2026.1.1')
  fx.commit('feat: backported flag for the CVE', { 'b.txt': '1\n' })
  fx.branch('release-1.2', 'main')
  fx.commit('fix: a small one', { 'c.txt': '1\n' })
  fx.commit('feat: a new option', { 'c.txt': '2\n' })
  fx.checkout('main')
  fx.commit('feat: new api', { 'd.txt': '1\n' })
  fx.tag('py-26.2.0rc1')
  fx.commit('fix: the api again', { 'd.txt': '2\n' })
  writeFileSync(configPath, JSON.stringify(config))
  fake = await startFake(fx.toFakeRepo())
})
afterAll(async () => {
  await fake.stop()
  fx.remove()
  rmSync(configDir, { recursive: true, force: true })
})

const today = { year: 2026, month: 6 }

/** Plans a line at its branch's head through both forges: the outcomes must be equal. */
async function planBoth(
  line: string,
  branch: string,
  extra: { prerelease?: string; today?: typeof today } = {},
) {
  const request = { line, bump: 'auto' as const, today, ...extra, at: fx.sha(branch) }
  const local = await planLine(new GitForge(fx.dir), lines, request, WEB)
  const remote = await planLine(forgeOn(fake, { branch }), lines, request, WEB)
  expect(remote).toEqual(local)
  if (!local.ok) throw new Error(local.message)
  return local.plan
}

describe('release lines with schemes and ranges, through both forges', () => {
  it('main and the LTS line share the v prefix, each planning from its own tags', async () => {
    const main = await planBoth('main', 'main')
    expect(main.base?.tag).toBe('v0.12.0')
    expect(main.to?.tag).toBe('v0.13.0')
    const lts = await planBoth('lts-2026.1', 'lts-2026.1')
    expect(lts.base?.tag).toBe('v2026.1.1')
    // Security-only: every change, a feat too, is a patch.
    expect(lts.to?.tag).toBe('v2026.1.2')
    expect(lts.bump).toBe('patch')
  })

  it('a 1.2.x line refuses the minor a feat asks for, naming the range and the commit', async () => {
    const plan = await planBoth('lib-1.2', 'release-1.2')
    expect(plan.to).toBeNull()
    expect(plan.refusal?.code).toBe('out-of-range')
    expect(plan.refusal?.message).toContain(`lib-1.2"'s range 1.2.x`)
    expect(plan.refusal?.message).toContain(`${fx.sha('release-1.2').slice(0, 7)} "feat: a new option"`)
  })

  it('calendar versions raise MINOR within the year and start at YEAR.0.0 in a new one', async () => {
    expect((await planBoth('cal', 'main')).to?.tag).toBe('cal-2026.4.0')
    expect((await planBoth('cal', 'main', { today: { year: 2027, month: 1 } })).to?.tag).toBe('cal-2027.0.0')
  })

  it('a PEP 440 line continues its release-candidate series, then cuts the final release', async () => {
    const rc2 = await planBoth('backend', 'main', { prerelease: 'rc' })
    expect(rc2.to?.tag).toBe('py-26.2.0rc2')
    expect(rc2.from?.tag).toBe('py-26.2.0rc1')
    expect(rc2.commits.map((c) => c.subject)).toEqual(['the api again'])
    const final = await planBoth('backend', 'main')
    expect(final.to?.tag).toBe('py-26.2.0')
    expect(final.from?.tag).toBe('py-26.1.0')
    expect(final.commits).toHaveLength(2)
  })
})

describe('herald plan --json with schemes and ranges', () => {
  const plan = (...args: string[]) =>
    runCli(['plan', '--repo', fx.dir, '--config', configPath, '--json', '--force', ...args], {
      env: { HERALD_TODAY: '2027-01-15' },
    })

  it('says the scheme and range of the line, and plans on HERALD_TODAY', async () => {
    const cal = await plan('--line', 'cal')
    expect(cal.code).toBe(0)
    expect(cal.json()).toMatchObject({
      scheme: 'calver',
      calver: 'YYYY.MINOR.MICRO',
      to: { tag: 'cal-2027.0.0' },
    })
    const main = (await plan('--line', 'main')).json()
    expect(main).not.toHaveProperty('scheme')
    expect(main.to.tag).toBe('v0.13.0')
  })

  it('exits 1 when a release would leave the line’s range', async () => {
    const run = await plan('--line', 'lib-1.2', '--at', 'release-1.2')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('1.3.0 is outside line "lib-1.2"\'s range 1.2.x')
    expect(run.stderr).toContain('"feat: a new option" asks for a minor release')
    expect(run.json()).toMatchObject({ range: '1.2.x', to: null, refusal: { code: 'out-of-range' } })
  })

  it('refuses an explicit version outside the range, and takes a PEP 440 one', async () => {
    const outside = await plan('--line', 'lts-2026.1', '--at', 'lts-2026.1', '--version', '2026.2.0')
    expect(outside.code).toBe(1)
    expect(outside.stderr).toContain(
      `2026.2.0 is outside line "lts-2026.1"'s range 2026.1.x: pick a version in 2026.1.x`,
    )
    const rc = await plan('--line', 'backend', '--version', '26.2.0rc5')
    expect(rc.code).toBe(0)
    expect(rc.json().to.tag).toBe('py-26.2.0rc5')
    const semver = await plan('--line', 'main', '--version', '26.2.0rc2')
    expect(semver.code).toBe(2)
    expect(semver.stderr).toContain("26.2.0rc2 is a PEP 440 version: set the line's `scheme: pep440`")
  })

  it('starts a PEP 440 series at rc1, and refuses a SemVer pre-release identifier', async () => {
    // At the commit py-26.2.0rc1 was cut from (its tag hidden): in 2027 the series starts a new year.
    const rc1 = await plan('--line', 'backend', '--at', fx.sha('main~1'), '--prerelease', 'rc')
    expect(rc1.json().to.tag).toBe('py-27.0.0rc1')
    const beta = await plan('--line', 'backend', '--prerelease', 'beta')
    expect(beta.code).toBe(2)
    expect(beta.stderr).toContain('bad prerelease identifier "beta": use a, b, rc or dev')
  })

  it('names the line’s scheme and range in the text plan', async () => {
    const run = await runCli(
      [
        'plan',
        '--repo',
        fx.dir,
        '--config',
        configPath,
        '--force',
        '--line',
        'lts-2026.1',
        '--at',
        'lts-2026.1',
      ],
      { env: { HERALD_TODAY: '2027-01-15' } },
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Line lts-2026.1: v2026.1.1 -> v2026.1.2 (patch)')
    expect(run.stdout).toContain('  versions calver YYYY.MINOR.MICRO in 2026.1.x\n')
  })

  it('refuses a HERALD_TODAY that is not a day', async () => {
    const run = await runCli(['plan', '--repo', fx.dir, '--config', configPath, '--line', 'cal', '--force'], {
      env: { HERALD_TODAY: '2027-13-01' },
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('HERALD_TODAY "2027-13-01": expected a day like 2026-01-31')
  })
})
