/** Closed pull requests by number, for the notes: newest first, 100 a page, stopping once past the lowest wanted. */
import type { PullRequestInfo } from '../../ports/release-host.ts'
import { type GitHubRepo, pages } from './github-repo.ts'

type PullJson = {
  number: number
  title: string
  html_url: string
  user: { login: string } | null
  labels: (string | { name?: string })[]
  merged_at: string | null
}

/** The closed PRs among `wanted` (numbers grow with creation, so a page below the lowest wanted ends it). */
export async function listClosedPulls(
  repo: GitHubRepo,
  name: string,
  wanted: Set<number>,
): Promise<PullRequestInfo[]> {
  const found: PullRequestInfo[] = []
  const listing = pages(
    repo,
    `listing the pull requests of ${name}`,
    'GET /repos/{owner}/{repo}/pulls',
    { state: 'closed', sort: 'created', direction: 'desc' },
    (d) => d as PullJson[],
  )
  for await (const { items } of listing) {
    for (const p of items) {
      if (!wanted.delete(p.number)) continue
      found.push({
        number: p.number,
        title: p.title,
        author: p.user?.login ?? null,
        labels: p.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
        url: p.html_url,
        mergedAt: p.merged_at,
      })
    }
    const lowest = Math.min(...wanted)
    if (wanted.size === 0 || items.length === 0 || items.at(-1)!.number < lowest) break
  }
  return found
}
