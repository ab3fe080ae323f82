/**
 * `herald plan --line main --line lts-2026.1 --json` on the LTS scenario:
 * the same versions (v0.12.4 and v2026.1.4) through the local git forge and
 * through GitHub; `main` never sees the LTS line's v2026.1.x tags.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli.ts'
import type { FakeGitHub } from './fake-github.ts'
import { LTS_LINES, type LtsFixture, ltsFixture } from './lts-scenario-fixture.ts'
import { startFake } from './support.ts'

let fx: LtsFixture
let fake: FakeGitHub

beforeAll(async () => {
  fx = ltsFixture()
  fx.git('remote', 'add', 'origin', 'https://github.com/acme/widget.git')
  writeFileSync(join(fx.dir, 'local.yaml'), LTS_LINES)
  writeFileSync(join(fx.dir, 'github.yaml'), `repo: acme/widget\n${LTS_LINES}`)
  const fakeRepo = fx.toFakeRepo()
  fakeRepo.defaultBranch = 'master'
  fake = await startFake(fakeRepo)
})
afterAll(async () => {
  await fake.stop()
  fx.remove()
})

const plan = (config: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  runCli(['plan', '--config', config, ...args], { cwd: fx.dir, env })
const forges = () =>
  [
    ['local git', 'local.yaml', {}],
    ['GitHub', 'github.yaml', { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url }],
  ] as const

describe('herald plan of the LTS scenario', () => {
  it('plans v0.12.4 and v2026.1.4 alike through both forges', async () => {
    const documents: unknown[] = []
    for (const [, config, env] of forges()) {
      const run = await plan(config, env, '--line', 'main', '--line', 'lts-2026.1', '--json')
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const [main, lts] = run.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(main).toMatchObject({
        line: 'main',
        from: { tag: 'v0.12.3' },
        to: { tag: 'v0.12.4', sha: fx.tips.main },
      })
      expect(lts).toMatchObject({
        line: 'lts-2026.1',
        from: { tag: 'v2026.1.3' },
        to: { tag: 'v2026.1.4', sha: fx.tips.lts },
        scheme: 'calver',
        range: '2026.1.x',
      })
      expect(main.commits.map((c: { subject: string }) => c.subject)).toEqual([
        'reject forged session tokens',
      ])
      expect(lts.commits.map((c: { subject: string }) => c.subject)).toEqual(['reject forged session tokens'])
      documents.push([main, lts].map(({ notes, ...plan }) => plan))
    }
    expect(documents[1]).toEqual(documents[0])
  })

  it('prints both plans as text, with no word of stray tags: every v tag belongs to one of the lines', async () => {
    for (const [, config, env] of forges()) {
      const run = await plan(config, env, '--line', 'main', '--line', 'lts-2026.1')
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain('Line main: v0.12.3 -> v0.12.4 (patch)')
      expect(run.stdout).toContain('Line lts-2026.1: v2026.1.3 -> v2026.1.4 (patch)')
      expect(run.stdout + run.stderr).not.toMatch(/look like releases/)
    }
  })
})
