/** CI results on a commit: check runs (GitHub Actions, apps) and commit statuses (older integrations). */
import type { CiStatus } from '../../ports/release-host.ts'
import { call, type GitHubRepo, pages } from './github-repo.ts'

const PASSED = new Set(['success', 'neutral', 'skipped'])

type CheckRunJson = { name: string; status: string; conclusion: string | null }
type StatusJson = { context: string; state: string }

export async function readCiStatus(r: GitHubRepo, sha: string): Promise<CiStatus> {
  const failing: string[] = []
  const pending: string[] = []
  let total = 0
  const runs = pages(
    r,
    `reading the check runs of ${sha.slice(0, 12)}`,
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
    { ref: sha, filter: 'latest' },
    (d) => (d as { check_runs?: CheckRunJson[] }).check_runs ?? [],
  )
  for await (const { items } of runs) {
    for (const run of items) {
      total++
      if (run.status !== 'completed') pending.push(run.name)
      else if (!PASSED.has(run.conclusion ?? '')) failing.push(run.name)
    }
  }
  const { data } = await call(`reading the commit statuses of ${sha.slice(0, 12)}`, () =>
    r.client.request('GET /repos/{owner}/{repo}/commits/{ref}/status', {
      owner: r.owner,
      repo: r.repo,
      ref: sha,
      per_page: 100,
    }),
  )
  for (const s of (data as { statuses?: StatusJson[] }).statuses ?? []) {
    total++
    if (s.state === 'pending') pending.push(s.context)
    else if (s.state !== 'success') failing.push(s.context)
  }
  const state = failing.length ? 'failure' : pending.length ? 'pending' : total ? 'success' : 'none'
  return { sha, state, failing, pending, total }
}

export async function readRecentCommits(r: GitHubRepo, branch: string, count: number): Promise<string[]> {
  if (count <= 0) return []
  const { data } = await call(`reading the last ${count} commits of ${branch}`, () =>
    r.client.rest.repos.listCommits({
      owner: r.owner,
      repo: r.repo,
      sha: branch,
      per_page: Math.min(count, 100),
    }),
  )
  return data.slice(0, count).map((c) => c.sha)
}
