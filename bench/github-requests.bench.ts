/**
 * Requests the GitHub forge makes to plan a release and read its pull
 * requests (and the repository's notes config), against the local fake
 * GitHub, for releases of 10, 1,000 and 10,000 commits (one squash-merged PR
 * each), and on each fallback path: a guessed base that is not an ancestor,
 * a pre-release series in the range, 500 tags. Printed beside the bound:
 * ceil(commits/100) + ceil(PRs/100) + 5.
 */
import { GitHubForge } from '../src/adapters/github/github-forge.ts'
import { validate } from '../src/config/load-config.ts'
import { pullRequestEnricher, readRepositoryNotes } from '../src/flows/github-notes.ts'
import { type PlanLineOptions, planLine } from '../src/flows/plan-line.ts'
import { FakeGitHub } from '../test/github/fake-github.ts'
import { FakeRepo } from '../test/github/fake-model.ts'

const config = validate(
  {
    repo: 'acme/widget',
    lines: [
      { name: 'whole', tagPrefix: 'v' },
      { name: 'platform', tagPrefix: 'v', excludePaths: ['backend/cli/'] },
      { name: 'cli', tagPrefix: 'cli-v', paths: ['backend/cli/', 'pyproject.toml'] },
    ],
  },
  'bench',
)

/** What a history holds besides its commits. */
type Shape = {
  /** Old releases (`v0.N.0`) on the first commit: many tags. */
  oldTags?: number
  /** A release branch off the first commit, tagged `v9.0.0` and `cli-v9.0.0`, never merged: the guessed base is not an ancestor. */
  releaseBranch?: boolean
  /** `cli-v1.1.0-rc.1` and `rc.2` on CLI commits a third and two thirds into the range: a pre-release series in the range. */
  prereleases?: boolean
}

function history(commits: number, shape: Shape = {}): FakeRepo {
  const repo = new FakeRepo()
  let head = repo.commit({
    message: 'chore: start',
    files: { 'backend/app.py': '0', 'backend/cli/main.py': '0', 'README.md': '0' },
  })
  repo.refs.set('refs/tags/v1.0.0', head)
  repo.refs.set('refs/tags/cli-v1.0.0', head)
  for (let i = 1; i <= (shape.oldTags ?? 0); i++) repo.refs.set(`refs/tags/v0.${i}.0`, head)
  if (shape.releaseBranch) {
    const fix = repo.commit({
      message: 'fix: backport',
      parents: [head],
      files: { 'backend/cli/main.py': 'lts' },
    })
    repo.refs.set('refs/tags/v9.0.0', fix)
    repo.refs.set('refs/tags/cli-v9.0.0', fix)
    repo.refs.set('refs/heads/release', fix)
  }
  const rcAt = new Map([
    [3 * Math.max(1, Math.floor(commits / 9)), 'cli-v1.1.0-rc.1'],
    [3 * Math.max(1, Math.floor((2 * commits) / 9)), 'cli-v1.1.0-rc.2'],
  ])
  for (let i = 1; i <= commits; i++) {
    const path = i % 3 === 0 ? 'backend/cli/main.py' : 'backend/app.py'
    head = repo.commit({
      message: `${i % 5 ? 'fix' : 'feat'}: change ${i} (#${i})`,
      parents: [head],
      files: { [path]: String(i) },
    })
    if (shape.prereleases && rcAt.has(i)) repo.refs.set(`refs/tags/${rcAt.get(i)}`, head)
    repo.pulls.push({
      number: i,
      title: `change ${i}`,
      body: '',
      state: 'closed',
      head: `b${i}`,
      base: 'main',
      user: 'ada',
      labels: ['bug'],
      merged_at: '2024-01-01T00:00:00Z',
      merge_commit_sha: head,
      created: i,
    })
  }
  repo.refs.set('refs/heads/main', head)
  return repo
}

type Row = { line: string; commits: number; prs: number; requests: number; bound: number }

/**
 * One plan and its notes' inputs, as a release reads them. `commits` is the
 * plan's, except for a pre-release, whose notes list only what is new since
 * the previous one: then the commits since the stable base, which it reads.
 */
async function measure(fake: FakeGitHub, request: PlanLineOptions): Promise<Row> {
  if (!config.ok) throw new Error(config.errors.join('\n'))
  const lines = config.config.lines
  // No pause between GraphQL requests (the throttling plugin spaces them 1 s apart by default):
  // this counts requests, it does not time them.
  const forge = new GitHubForge({
    token: fake.token,
    baseUrl: fake.url,
    repository: 'acme/widget',
    branch: 'main',
    scopes: lines,
    writeIntervalMs: 0,
  })
  const before = fake.requests.length
  const outcome = await planLine(forge, lines, request, null)
  if (!outcome.ok || !outcome.plan.to) throw new Error(`no plan for ${request.line}`)
  await readRepositoryNotes(forge, outcome.plan.to.sha)
  const enriched = await pullRequestEnricher(forge)(outcome.plan.commits)
  const requests = fake.requests.length - before
  let commits = outcome.plan.commits.length
  if (request.prerelease) {
    const stable = await planLine(forge, lines, { ...request, prerelease: undefined }, null)
    if (stable.ok) commits = stable.plan.commits.length
  }
  const prs = enriched.filter((c) => c.labels).length
  const bound = Math.ceil(commits / 100) + Math.ceil(prs / 100) + 5
  return { line: `${request.line}${request.prerelease ? ' rc' : ''}`, commits, prs, requests, bound }
}

function print(rows: readonly Row[]): void {
  console.log('line        commits     PRs  requests  bound  within')
  for (const r of rows)
    console.log(
      `${r.line.padEnd(11)} ${String(r.commits).padStart(7)} ${String(r.prs).padStart(7)} ${String(r.requests).padStart(9)} ${String(r.bound).padStart(6)}  ${r.requests <= r.bound ? 'yes' : 'NO'}`,
    )
}

async function rows(repo: FakeRepo, requests: readonly PlanLineOptions[]): Promise<Row[]> {
  const fake = new FakeGitHub(repo)
  await fake.start()
  try {
    const out: Row[] = []
    for (const request of requests) out.push(await measure(fake, request))
    return out
  } finally {
    await fake.stop()
  }
}

const EVERY_LINE: PlanLineOptions[] = ['whole', 'platform', 'cli'].map((line) => ({ bump: 'auto', line }))

export async function run(): Promise<void> {
  console.log('Path-scoped lines (platform, cli): one compare, then GraphQL history walks of 100 commits')
  console.log("a request (the paths' history for cli, the range for platform), pull requests included.")
  console.log('Bound: ceil(commits/100) + ceil(PRs/100) + 5.')
  console.log('\nThe main path: the last release an ancestor of HEAD, 10 to 10,000 commits')
  for (const size of [10, 1_000, 10_000]) print(await rows(history(size), EVERY_LINE))
  console.log(
    '\nA guessed base that is not an ancestor (a higher release on an unmerged release branch), 1,000 commits',
  )
  print(await rows(history(1_000, { releaseBranch: true }), EVERY_LINE))
  console.log('\nA pre-release series in the range (cli-v1.1.0-rc.1, rc.2), 1,000 commits')
  const cli: PlanLineOptions[] = [
    { bump: 'auto', line: 'cli' },
    { bump: 'auto', line: 'cli', prerelease: 'rc' },
    { bump: 'auto', line: 'whole' },
  ]
  print(await rows(history(1_000, { prereleases: true }), cli))
  console.log('\n500 tags, 1,000 commits: on the main path, then with the base not an ancestor')
  print(await rows(history(1_000, { oldTags: 500 }), EVERY_LINE))
  print(await rows(history(1_000, { oldTags: 500, releaseBranch: true }), EVERY_LINE))
}
