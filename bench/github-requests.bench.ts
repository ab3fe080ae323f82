/**
 * Requests the GitHub forge makes to plan a release and read its pull
 * requests, against the local fake GitHub, for releases of 10, 1,000 and
 * 10,000 commits (one squash-merged PR each). Printed beside the
 * bound: ceil(commits/100) + ceil(PRs/100) + 5.
 */
import { GitHubForge } from '../src/adapters/github/github-forge.ts'
import { validate } from '../src/config/load-config.ts'
import { pullRequestEnricher, readRepositoryNotes } from '../src/flows/github-notes.ts'
import { planLine } from '../src/flows/plan-line.ts'
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

function history(commits: number): FakeRepo {
  const repo = new FakeRepo()
  let head = repo.commit({
    message: 'chore: start',
    files: { 'backend/app.py': '0', 'backend/cli/main.py': '0', 'README.md': '0' },
  })
  repo.refs.set('refs/tags/v1.0.0', head)
  repo.refs.set('refs/tags/cli-v1.0.0', head)
  for (let i = 1; i <= commits; i++) {
    const path = i % 3 === 0 ? 'backend/cli/main.py' : 'backend/app.py'
    head = repo.commit({
      message: `${i % 5 ? 'fix' : 'feat'}: change ${i} (#${i})`,
      parents: [head],
      files: { [path]: String(i) },
    })
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

export async function run(): Promise<void> {
  if (!config.ok) throw new Error(config.errors.join('\n'))
  const lines = config.config.lines
  console.log('Path-scoped lines (platform, cli): one compare, then GraphQL history walks of 100 commits')
  console.log("a request (the paths' history for cli, the range for platform), pull requests included.")
  console.log('line      commits     PRs  requests  bound  within')
  for (const size of [10, 1_000, 10_000]) {
    const fake = new FakeGitHub(history(size))
    await fake.start()
    try {
      for (const line of ['whole', 'platform', 'cli']) {
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
        const outcome = await planLine(forge, lines, { bump: 'auto', line }, null)
        if (!outcome.ok || !outcome.plan.to) throw new Error(`no plan for ${line}`)
        await readRepositoryNotes(forge, outcome.plan.to.sha)
        const enriched = await pullRequestEnricher(forge)(outcome.plan.commits)
        const prs = enriched.filter((c) => c.labels).length
        const commits = outcome.plan.commits.length
        const requests = fake.requests.length - before
        const bound = Math.ceil(commits / 100) + Math.ceil(prs / 100) + 5
        console.log(
          `${line.padEnd(9)} ${String(commits).padStart(7)} ${String(prs).padStart(7)} ${String(requests).padStart(9)} ${String(bound).padStart(6)}  ${requests <= bound ? 'yes' : 'NO'}`,
        )
      }
    } finally {
      await fake.stop()
    }
  }
}
