/**
 * The GitHub forge's requests per plan on its fallback paths stay within
 * ceil(commits/100) + ceil(PRs/100) + 5 (the plan, the repository's notes
 * config and the pull requests of the notes), with plans identical to the
 * local git forge's. A request count is deterministic: no timing here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { tagsAncestorOf } from '../../src/adapters/github/github-refs.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { pullRequestEnricher, readRepositoryNotes } from '../../src/flows/github-notes.ts'
import { type PlanLineOptions, planLine } from '../../src/flows/plan-line.ts'
import type { FakeGitHub } from './fake-github.ts'
import type { FakeRepo } from './fake-model.ts'
import { type GitFixture, gitFixture } from './git-fixture.ts'
import { connexityLines, forgeOn, startFake } from './support.ts'

const WEB = 'https://github.com/acme/widget'
const lines = connexityLines()

/** Every commit `(#N)` of the fixture a merged pull request of the fake. */
function withPulls(fx: GitFixture): FakeRepo {
  const repo = fx.toFakeRepo()
  for (const c of repo.commits.values()) {
    const n = Number(/\(#(\d+)\)/.exec(c.message)?.[1])
    if (!n) continue
    repo.pulls.push({
      number: n,
      title: c.message.split('\n')[0]!,
      body: '',
      state: 'closed',
      head: `b${n}`,
      base: 'main',
      user: 'ada',
      labels: ['bug'],
      merged_at: '2024-01-01T00:00:00Z',
      merge_commit_sha: c.sha,
      created: n,
    })
  }
  return repo
}

/** Plans through both forges (same plan), then reads the notes' inputs as a release does; counts GitHub's requests. */
async function measure(
  fx: GitFixture,
  fake: FakeGitHub,
  request: PlanLineOptions,
  scoped: readonly ReleaseLine[],
) {
  const local = await planLine(new GitForge(fx.dir), scoped, request, WEB)
  const forge = forgeOn(fake, { scopes: scoped })
  const before = fake.requests.length
  const remote = await planLine(forge, scoped, request, WEB)
  expect(remote).toEqual(local)
  if (!remote.ok || !remote.plan.to) throw new Error(`no plan: ${JSON.stringify(remote)}`)
  await readRepositoryNotes(forge, remote.plan.to.sha)
  const enriched = await pullRequestEnricher(forge)(remote.plan.commits)
  const prs = enriched.filter((c) => c.labels).length
  const requests = fake.requests.length - before
  return {
    plan: remote.plan,
    requests,
    bound: Math.ceil(remote.plan.commits.length / 100) + Math.ceil(prs / 100) + 5,
  }
}

describe('a base guessed on a release branch that is not an ancestor, among 150 tags', () => {
  const fx = gitFixture()
  let fake: FakeGitHub

  beforeAll(async () => {
    const start = fx.commit('chore: start', { 'backend/app.py': '1\n', 'backend/cli/main.py': '1\n' })
    // 150 releases of the past (more than one GraphQL page of refs, more than 100 compares).
    for (let i = 0; i < 150; i++) fx.git('tag', `v1.${i}.0`, start)
    fx.git('tag', '-a', 'cli-v1.0.0', '-m', 'cli 1.0.0', start)
    fx.branch('release')
    fx.commit('fix: backport (#1)', { 'backend/app.py': '2\n' })
    fx.git('tag', 'v9.0.0')
    fx.checkout('main')
    fx.commit('feat(api): search (#2)', { 'backend/app.py': '3\n' })
    fx.commit('fix(cli): quoting (#3)', { 'backend/cli/main.py': '2\n' })
    fake = await startFake(withPulls(fx))
  })
  afterAll(async () => {
    await fake.stop()
    fx.remove()
  })

  it.each(['whole', 'platform'])(
    'plans %s from the reachable release with no compare per tag',
    async (line) => {
      fake.requests.length = 0
      const { plan, requests, bound } = await measure(fx, fake, { bump: 'auto', line }, lines)
      expect(plan.from?.tag).toBe('v1.149.0')
      expect(plan.to?.tag).toBe('v1.150.0')
      expect(requests).toBeLessThanOrEqual(bound)
      // Reachability of the line's 100 highest tags in one GraphQL query; the wrong guess cost one compare page.
      expect(fake.countQuery('HeraldReachable')).toBe(1)
      expect(fake.count('GET', /\/compare\//)).toBe(2)
    },
  )
})

describe("a pre-release series in a path-scoped line's range", () => {
  const fx = gitFixture()
  let fake: FakeGitHub

  beforeAll(async () => {
    fx.commit('chore: start', { 'backend/app.py': '1\n', 'backend/cli/main.py': '1\n' })
    fx.git('tag', 'cli-v1.0.0')
    fx.git('tag', 'v1.0.0')
    fx.commit('feat(cli): one (#1)', { 'backend/cli/main.py': '2\n' })
    fx.git('tag', '-a', 'cli-v1.1.0-rc.1', '-m', 'rc 1')
    fx.commit('fix(api): two (#2)', { 'backend/app.py': '2\n' })
    fx.commit('fix(cli): three (#3)', { 'backend/cli/main.py': '3\n' })
    fx.git('tag', 'cli-v1.1.0-rc.2')
    fx.commit('fix(api): four (#4)', { 'backend/app.py': '3\n' })
    fx.commit('feat(cli): five (#5)', { 'backend/cli/five.py': '5\n' })
    fake = await startFake(withPulls(fx))
  })
  afterAll(async () => {
    await fake.stop()
    fx.remove()
  })

  it.each([
    { request: { bump: 'auto' as const, line: 'cli' }, to: 'cli-v1.1.0', prs: [5, 3, 1] },
    { request: { bump: 'auto' as const, line: 'cli', prerelease: 'rc' }, to: 'cli-v1.1.0-rc.3', prs: [5] },
  ])('plans $to from the line history alone', async ({ request, to, prs }) => {
    fake.requests.length = 0
    const { plan, requests, bound } = await measure(fx, fake, request, lines)
    expect(plan.to?.tag).toBe(to)
    expect(plan.commits.map((c) => c.pr)).toEqual(prs)
    expect(requests).toBeLessThanOrEqual(bound)
    // One compare (the base), no reading of the whole range nor of its commits' trees.
    expect(fake.count('GET', /\/compare\//)).toBe(1)
    expect(fake.countQuery('HeraldCommitTrees')).toBe(0)
  })
})

describe('pull requests for the notes of a range planned without the line history', () => {
  it('are looked up by number, 100 a request, however many others were closed since', async () => {
    const fx = gitFixture()
    try {
      fx.commit('chore: start', { a: '1\n' })
      const repo = withPulls(fx)
      // 250 numbers: 240 merged PRs (one with a bot author), 10 open ones, and the gaps stay unknown.
      for (let n = 1; n <= 250; n++)
        repo.pulls.push({
          number: n * 2,
          title: `change ${n}`,
          body: '',
          state: n > 240 ? 'open' : 'closed',
          head: `b${n}`,
          base: 'main',
          user: n === 1 ? 'renovate[bot]' : 'ada',
          labels: n === 1 ? ['dependencies'] : [],
          merged_at: n > 240 ? null : '2024-01-01T00:00:00Z',
          merge_commit_sha: null,
          created: n,
        })
      const fake = await startFake(repo)
      try {
        const wanted = Array.from({ length: 250 }, (_, i) => (i + 1) * 2 - (i % 25 === 0 ? 1 : 0))
        const found = await forgeOn(fake).pullRequests(wanted)
        expect(fake.countQuery('HeraldPulls')).toBe(3)
        expect(fake.count('GET', /\/pulls/)).toBe(0)
        // Unknown numbers (the odd ones) and open pull requests are left out.
        expect(found.map((p) => p.number)).toEqual(wanted.filter((n) => n % 2 === 0 && n <= 480))
        expect(found.find((p) => p.number === 4)).toMatchObject({ author: 'ada', labels: [] })
        expect(await forgeOn(fake).pullRequests([2])).toEqual([
          {
            number: 2,
            title: 'change 1',
            author: 'renovate[bot]',
            labels: ['dependencies'],
            url: `${fake.url}/acme/widget/pull/2`,
            mergedAt: '2024-01-01T00:00:00Z',
          },
        ])
      } finally {
        await fake.stop()
      }
    } finally {
      fx.remove()
    }
  })
})

describe('which tags a commit descends from', () => {
  it('falls back to one REST compare a tag when GitHub answers the GraphQL comparison with errors', async () => {
    const fx = gitFixture()
    try {
      const start = fx.commit('chore: start', { a: '1\n' })
      fx.git('tag', 'v1.0.0', start)
      fx.branch('other')
      fx.git('tag', 'v2.0.0', fx.commit('fix: elsewhere', { b: '1\n' }))
      fx.checkout('main')
      const head = fx.commit('fix: here', { a: '2\n' })
      const fake = await startFake(fx.toFakeRepo())
      try {
        const forge = forgeOn(fake)
        expect(await tagsAncestorOf(forge.repo, ['v1.0.0', 'v2.0.0', 'gone'], head)).toEqual(
          new Set(['v1.0.0']),
        )
        expect(fake.countQuery('HeraldReachable')).toBe(1)
        fake.fail({
          method: 'POST',
          path: /^\/graphql$/,
          status: 200,
          body: { data: null, errors: [{ type: 'UNPROCESSABLE', message: 'headRef is not a ref' }] },
        })
        expect(await tagsAncestorOf(forge.repo, ['v1.0.0', 'v2.0.0', 'gone'], head)).toEqual(
          new Set(['v1.0.0']),
        )
        expect(fake.count('GET', /\/compare\//)).toBe(3)
      } finally {
        await fake.stop()
      }
    } finally {
      fx.remove()
    }
  })
})
