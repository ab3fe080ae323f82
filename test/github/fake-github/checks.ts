/** CI results of a commit: check runs and the combined status. */
import type { CommitStatus } from '../fake-model.ts'
import { notFound, ok, page, type Route } from './route.ts'

function combined(statuses: CommitStatus[]): string {
  if (statuses.length === 0) return 'pending'
  if (statuses.some((s) => s.state === 'failure' || s.state === 'error')) return 'failure'
  return statuses.every((s) => s.state === 'success') ? 'success' : 'pending'
}

export const checkRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/commits\/(.+)\/check-runs$/,
    handle(request, m) {
      const sha = request.repo.resolve(m[1]!)
      if (!sha) return notFound()
      const runs = (request.repo.checkRuns.get(sha) ?? []).map((c, i) => ({ id: i + 1, head_sha: sha, ...c }))
      const paged = page(request.url, runs)
      return { ...paged, body: { total_count: runs.length, check_runs: paged.body } }
    },
  },
  {
    method: 'GET',
    path: /^\/commits\/(.+)\/status$/,
    handle(request, m) {
      const sha = request.repo.resolve(m[1]!)
      if (!sha) return notFound()
      const statuses = request.repo.statuses.get(sha) ?? []
      return ok({ state: combined(statuses), sha, total_count: statuses.length, statuses })
    },
  },
]
