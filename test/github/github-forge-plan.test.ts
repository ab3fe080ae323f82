import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { planLine } from '../../src/flows/plan-line.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { GitFixture } from './git-fixture.ts'
import { connexityLines, forgeOn, startFake } from './support.ts'

const WEB = 'https://github.com/acme/widget'
const lines = connexityLines()

describe('the GitHub forge plans exactly like the local git forge', () => {
  const fx = new GitFixture()
  let fake: FakeGitHub

  beforeAll(async () => {
    fx.commit('chore: initial import', {
      'README.md': 'hello\n',
      'backend/app.py': 'app = 1\n',
      'backend/cli/main.py': 'cli = 1\n',
      'backend/cli-legacy/old.py': 'old = 1\n',
      'pyproject.toml': 'version = "0.0.1"\n',
      'frontend/index.ts': 'export {}\n',
    })
    fx.git('tag', 'v0.1.0')
    fx.commit('feat(cli): add compare command (#1)', { 'backend/cli/main.py': 'cli = 2\n' })
    fx.git('tag', '-a', 'cli-v0.1.0', '-m', 'cli 0.1.0')
    fx.commit('fix(api): handle timeouts (#2)', { 'backend/app.py': 'app = 2\n' })
    fx.git('tag', 'v1.0.0')
    fx.git('checkout', '-q', '-b', 'feature')
    fx.commit('feat(web): dark mode', { 'frontend/dark.ts': 'dark\n' })
    fx.commit('feat(cli)!: drop python 3.10', {
      'backend/cli/main.py': 'cli = 3\n',
      'pyproject.toml': 'v = 2\n',
    })
    fx.git('checkout', '-q', 'main')
    fx.commit('fix(cli): handle SSE timeout (#4)', { 'backend/cli/sse.py': 'sse\n' })
    fx.merge('feature', 'Merge pull request #3 from acme/feature')
    fx.commit('docs: explain login (#5)', { 'README.md': 'hello again\n' })
    fx.commit('chore(legacy): tidy (#6)', { 'backend/cli-legacy/old.py': 'old = 2\n' })
    fx.commit('perf(api,cli): share the HTTP pool (#7)', {
      'backend/app.py': 'app = 3\n',
      'backend/cli/http.py': 'pool\n',
    })
    fx.commit('fix(cli): retry uploads\n\nBREAKING CHANGE: uploads need a token now (#8)', {
      'backend/cli/upload.py': 'up\n',
    })
    fake = await startFake(fx.toFakeRepo())
  })
  afterAll(async () => {
    await fake.stop()
    fx.remove()
  })

  const cases = [
    { line: 'cli' },
    { line: 'platform' },
    { line: 'whole' },
    { line: 'cli', prerelease: 'rc' },
    { line: 'platform', at: 'v1.0.0' },
    { line: 'platform', at: 'HEAD~2' },
    { line: 'cli', bump: 'major' as const },
  ]
  it.each(cases)('gives the same plan for %o', async (options) => {
    const at = options.at?.startsWith('HEAD') ? fx.git('rev-parse', options.at) : options.at
    const request = { bump: 'auto' as const, ...options, at }
    const local = await planLine(new GitForge(fx.dir), lines, request, WEB)
    const forge = forgeOn(fake, { scopes: lines })
    const before = fake.requests.length
    const remote = await planLine(forge, lines, request, WEB)
    expect(remote).toEqual(local)
    expect(local.ok && local.plan.commits.length).toBeGreaterThan(0)
    // A handful of commits: a constant number of requests, nowhere near one per commit.
    expect(fake.requests.length - before).toBeLessThanOrEqual(6)
  })

  it('reads the legacy tag v0.1.0 but never takes it as the platform base', async () => {
    const outcome = await planLine(
      forgeOn(fake, { scopes: lines }),
      lines,
      { bump: 'auto', line: 'platform' },
      WEB,
    )
    expect(outcome.ok && outcome.plan.from?.tag).toBe('v1.0.0')
  })
})

describe('reading a long range', () => {
  it('follows the Link pages of compare, 100 commits a request', async () => {
    const repo = new FakeRepo()
    let head = repo.commit({ message: 'chore: start', files: { a: '1' } })
    repo.refs.set('refs/tags/v1.0.0', head)
    for (let i = 0; i < 250; i++)
      head = repo.commit({ message: `fix: change ${i}`, parents: [head], files: { a: String(i) } })
    repo.refs.set('refs/heads/main', head)
    const fake = await startFake(repo)
    try {
      const forge = forgeOn(fake)
      const outcome = await planLine(forge, connexityLines().slice(1, 2), { bump: 'auto' }, WEB)
      expect(outcome.ok && outcome.plan.commits.length).toBe(250)
      expect(outcome.ok && outcome.plan.commits[0]!.subject).toBe('change 249')
      expect(outcome.ok && outcome.plan.to?.tag).toBe('v1.0.1')
      expect(fake.count('GET', /\/compare\//)).toBe(3)
      expect(
        fake.requests.map(
          (r) => `${r.method} ${r.path.replace(/\?.*/, '').replace(/[0-9a-f]{40}/g, '<sha>')}`,
        ),
      ).toMatchInlineSnapshot(`
        [
          "GET /repos/acme/widget/commits/main",
          "POST /graphql",
          "GET /repos/acme/widget/compare/<sha>...<sha>",
          "GET /repos/acme/widget/compare/<sha>...<sha>",
          "GET /repos/acme/widget/compare/<sha>...<sha>",
          "POST /graphql",
          "POST /graphql",
          "POST /graphql",
        ]
      `)
    } finally {
      await fake.stop()
    }
  })
})

describe('a higher release on another branch (an LTS or hotfix line)', () => {
  it('is not taken as the base: both forges fall back to what is reachable', async () => {
    const fx = new GitFixture()
    try {
      fx.commit('feat: start', { a: '1' })
      fx.git('tag', 'v1.0.0')
      fx.git('checkout', '-q', '-b', 'lts')
      fx.commit('fix: backport', { b: '1' })
      fx.git('tag', 'v9.0.0')
      fx.git('checkout', '-q', 'main')
      fx.commit('feat: on main', { a: '2' })
      const lines = connexityLines().slice(2)
      const local = await planLine(new GitForge(fx.dir), lines, { bump: 'auto' }, WEB)
      const fake = await startFake(fx.toFakeRepo())
      try {
        const remote = await planLine(forgeOn(fake), lines, { bump: 'auto' }, WEB)
        expect(remote).toEqual(local)
        expect(remote.ok && remote.plan.from?.tag).toBe('v1.0.0')
        expect(remote.ok && remote.plan.to?.tag).toBe('v1.1.0')
        // One compare per tag to learn what is reachable (REST has no `git tag --merged`).
        expect(fake.count('GET', /\/compare\/.*per_page=1(&|$)/)).toBe(2)
      } finally {
        await fake.stop()
      }
    } finally {
      fx.remove()
    }
  })
})
