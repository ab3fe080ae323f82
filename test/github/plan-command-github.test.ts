import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/io.ts'
import { runPlan } from '../../src/cli/plan-command.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { startFake } from './support.ts'

let fake: FakeGitHub
const dir = mkdtempSync(join(tmpdir(), 'herald-plan-gh-'))

beforeAll(async () => {
  const repo = new FakeRepo()
  let head = repo.commit({ message: 'chore: start', files: { a: '1' } })
  repo.refs.set('refs/tags/v1.0.0', head)
  head = repo.commit({ message: 'feat: search (#4)', parents: [head], files: { a: '2' } })
  repo.refs.set('refs/heads/main', head)
  // Labelled as a bug although the commit says feat: the notes follow the label, as /release publishes them.
  repo.pulls.push({
    number: 4,
    title: 'feat: search',
    body: '',
    state: 'closed',
    head: 'search',
    base: 'main',
    user: 'ada',
    labels: ['bug'],
    merged_at: '2024-02-01T00:00:00Z',
    merge_commit_sha: head,
    created: 4,
  })
  fake = await startFake(repo)
  writeFileSync(join(dir, 'herald.config.yaml'), 'repo: acme/widget\nlines:\n  - name: v\n    tagPrefix: v\n')
})
afterAll(async () => {
  await fake.stop()
  rmSync(dir, { recursive: true, force: true })
})

function io(env: NodeJS.ProcessEnv) {
  const out: string[] = []
  const err: string[] = []
  const value: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: dir, interactive: false }
  return { io: value, out, err }
}

describe('herald plan with GITHUB_TOKEN and repo', () => {
  it('plans through the GitHub API', async () => {
    const run = io({ GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url })
    expect(await runPlan({ bump: 'auto', json: true }, run.io)).toBe(0)
    const plan = JSON.parse(run.out.join(''))
    expect(plan).toMatchObject({ from: { tag: 'v1.0.0' }, to: { tag: 'v1.1.0' }, bump: 'minor' })
    expect(plan.notes).toContain(`${fake.url}/acme/widget/pull/4`)
    expect(plan.notes).toMatch(/^### 🐛 Bug Fixes\n\n- search /)
    expect(fake.count()).toBeGreaterThan(0)
  })

  it('reports a rejected token in one line, without the token', async () => {
    const run = io({ GITHUB_TOKEN: 'ghp_wrong', GITHUB_API_URL: fake.url })
    await expect(runPlan({ bump: 'auto' }, run.io)).rejects.toThrow(
      'listing the tags of acme/widget failed: Bad credentials (HTTP 401): GITHUB_TOKEN is missing, expired or revoked: set a valid token',
    )
    expect([...run.out, ...run.err].join('')).not.toContain('ghp_wrong')
  })

  it('rejects a GITHUB_API_URL that is not a URL', async () => {
    const run = io({ GITHUB_TOKEN: fake.token, GITHUB_API_URL: 'localhost:1234' })
    await expect(runPlan({ bump: 'auto' }, run.io)).rejects.toThrow(
      'GITHUB_API_URL is not an http(s) URL (got "localhost:1234"): set it like https://github.example.com/api/v3',
    )
  })
})
