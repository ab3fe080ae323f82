import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { planLine } from '../../src/flows/plan-line.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { gitFixture } from './git-fixture.ts'
import { connexityLines, forgeOn, startFake } from './support.ts'

const WEB = 'https://github.com/acme/widget'
const lines = connexityLines()

describe('the GitHub forge plans exactly like the local git forge', () => {
  const fx = gitFixture()
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
    fx.branch('feature')
    fx.commit('feat(web): dark mode', { 'frontend/dark.ts': 'dark\n' })
    fx.commit('feat(cli)!: drop python 3.10', {
      'backend/cli/main.py': 'cli = 3\n',
      'pyproject.toml': 'v = 2\n',
    })
    fx.checkout('main')
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
  const longRepo = () => {
    const repo = new FakeRepo()
    let head = repo.commit({ message: 'chore: start', files: { a: '1', 'backend/cli/x': '1' } })
    repo.refs.set('refs/tags/v1.0.0', head)
    for (let i = 0; i < 250; i++)
      head = repo.commit({ message: `fix: change ${i}`, parents: [head], files: { a: String(i) } })
    repo.refs.set('refs/heads/main', head)
    return repo
  }
  const shapes = (fake: FakeGitHub) =>
    fake.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '').replace(/[0-9a-f]{40}/g, '<sha>')}`)

  // The head comes with the tags: every tag in one REST request, their commits and dates in one GraphQL query.
  const TAGS = 'GET /repos/acme/widget/git/matching-refs/tags'
  const GRAPHQL = 'POST /graphql'
  const COMPARE = 'GET /repos/acme/widget/compare/<sha>...<sha>'
  it.each([
    {
      name: 'follows the Link pages of compare, 100 commits a request',
      lines: connexityLines().slice(2),
      scoped: false,
      requests: [TAGS, GRAPHQL, COMPARE, COMPARE, COMPARE],
    },
    {
      name: "walks a path-scoped line's history in GraphQL pages of 100, after one compare",
      lines: connexityLines().slice(1, 2),
      scoped: true,
      requests: [TAGS, GRAPHQL, COMPARE, GRAPHQL, GRAPHQL, GRAPHQL],
    },
  ])('$name', async ({ lines, scoped, requests }) => {
    const fake = await startFake(longRepo())
    try {
      const forge = scoped ? forgeOn(fake, { scopes: lines }) : forgeOn(fake)
      const outcome = await planLine(forge, lines, { bump: 'auto' }, WEB)
      expect(outcome.ok && outcome.plan.commits.length).toBe(250)
      expect(outcome.ok && outcome.plan.commits[0]!.subject).toBe('change 249')
      expect(outcome.ok && outcome.plan.to?.tag).toBe('v1.0.1')
      expect(shapes(fake)).toEqual(requests)
    } finally {
      await fake.stop()
    }
  })
})

describe('a higher release on another branch (an LTS or hotfix line)', () => {
  it('is not taken as the base: both forges fall back to what is reachable', async () => {
    const fx = gitFixture()
    try {
      fx.commit('feat: start', { a: '1' })
      fx.git('tag', 'v1.0.0')
      fx.branch('lts')
      fx.commit('fix: backport', { b: '1' })
      fx.git('tag', 'v9.0.0')
      fx.checkout('main')
      fx.commit('feat: on main', { a: '2' })
      const lines = connexityLines().slice(2)
      const local = await planLine(new GitForge(fx.dir), lines, { bump: 'auto' }, WEB)
      const fake = await startFake(fx.toFakeRepo())
      try {
        const remote = await planLine(forgeOn(fake), lines, { bump: 'auto' }, WEB)
        expect(remote).toEqual(local)
        expect(remote.ok && remote.plan.from?.tag).toBe('v1.0.0')
        expect(remote.ok && remote.plan.to?.tag).toBe('v1.1.0')
        // What is reachable: the line's tags compared in one GraphQL query, no compare per tag,
        // and of the range from the wrong guess only its first page.
        expect(fake.countQuery('HeraldReachable')).toBe(1)
        expect(fake.count('GET', /\/compare\/.*per_page=1(&|$)/)).toBe(0)
      } finally {
        await fake.stop()
      }
    } finally {
      fx.remove()
    }
  })
})

describe('path-scoped lines where the line history is not enough', () => {
  it('gives the same plans as the local forge with an old branch merged after the base and an rc in the range', async () => {
    const fx = gitFixture()
    try {
      fx.commit('chore: initial import', { 'backend/app.py': '1\n', 'backend/cli/main.py': '1\n' })
      fx.git('tag', 'cli-v1.0.0')
      fx.git('tag', 'v1.0.0')
      // A branch started before the release, with commits older than the release's tag commit.
      fx.branch('old')
      fx.commit('feat(cli): old branch work (#11)', { 'backend/cli/old.py': 'old\n' })
      fx.commit('fix(api): old branch fix (#12)', { 'backend/app.py': '2\n' })
      fx.checkout('main')
      fx.git('reset', '-q', '--hard', 'v1.0.0')
      fx.git('commit', '-q', '--allow-empty', '-m', 'chore: release')
      fx.git('tag', '-f', 'cli-v1.0.1')
      fx.git('tag', '-f', 'v1.0.1')
      fx.commit('fix(cli): after the release (#13)', { 'backend/cli/main.py': '2\n' })
      fx.git('tag', 'cli-v1.1.0-rc.1')
      fx.commit('feat(cli): more (#14)', { 'backend/cli/more.py': 'more\n' })
      fx.merge('old', 'Merge pull request #15 from acme/old')
      const fake = await startFake(fx.toFakeRepo())
      try {
        for (const request of [
          { line: 'cli', bump: 'auto' as const },
          { line: 'cli', bump: 'auto' as const, prerelease: 'rc' },
          { line: 'platform', bump: 'auto' as const },
        ]) {
          const local = await planLine(new GitForge(fx.dir), lines, request, WEB)
          const remote = await planLine(forgeOn(fake, { scopes: lines }), lines, request, WEB)
          expect(remote).toEqual(local)
          expect(local.ok && local.plan.commits.length).toBeGreaterThan(0)
        }
      } finally {
        await fake.stop()
      }
    } finally {
      fx.remove()
    }
  })

  it('reads the pull requests along with the history: no pull request listing', async () => {
    const fx = gitFixture()
    try {
      fx.commit('chore: start', { 'backend/cli/main.py': '1\n' })
      fx.git('tag', 'cli-v1.0.0')
      const sha = fx.commit('feat(cli): bots too (#2)', { 'backend/cli/main.py': '2\n' })
      const repo = fx.toFakeRepo()
      repo.pulls.push({
        number: 2,
        title: 'bots too',
        body: '',
        state: 'closed',
        head: 'b2',
        base: 'main',
        user: 'dependabot[bot]',
        labels: ['dependencies'],
        merged_at: '2024-01-01T00:00:00Z',
        merge_commit_sha: sha,
        created: 2,
      })
      const fake = await startFake(repo)
      try {
        const forge = forgeOn(fake, { scopes: lines })
        const outcome = await planLine(forge, lines, { bump: 'auto', line: 'cli' }, WEB)
        expect(outcome.ok && outcome.plan.commits.map((c) => c.pr)).toEqual([2])
        expect(await forge.pullRequests([2])).toEqual([
          {
            number: 2,
            title: 'bots too',
            author: 'dependabot[bot]',
            labels: ['dependencies'],
            url: `${fake.url}/acme/widget/pull/2`,
            mergedAt: '2024-01-01T00:00:00Z',
          },
        ])
        expect(fake.count('GET', /\/pulls/)).toBe(0)
      } finally {
        await fake.stop()
      }
    } finally {
      fx.remove()
    }
  })
})
