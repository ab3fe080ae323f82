/**
 * Pull requests by number, for the notes: 100 a GraphQL request
 * (`issueOrPullRequest(number:)`), however many other pull requests were
 * closed meanwhile. (Listing closed pull requests newest first until the
 * wanted ones are passed took a page per 100 of all of them.)
 */
import type { PullRequestInfo } from '../../ports/release-host.ts'
import { call, type GitHubRepo } from './github-repo.ts'

/** A pull request as Herald's GraphQL queries select it. */
export type PullNode = {
  __typename?: string
  number: number
  title: string
  url: string
  state: string
  mergedAt: string | null
  author: { __typename?: string; login: string } | null
  labels: { nodes: { name: string }[] } | null
}

export const PULL_FIELDS =
  'number title url state mergedAt author { __typename login } labels(first: 100) { nodes { name } }'

/** The port's shape; null for an open pull request (not released). */
export function toPullInfo(pr: PullNode): PullRequestInfo | null {
  if (pr.state === 'OPEN') return null
  const login = pr.author?.login ?? null
  return {
    number: pr.number,
    title: pr.title,
    // GraphQL names apps without REST's `[bot]` suffix, which the notes' exclusions use.
    author: login && pr.author?.__typename === 'Bot' ? `${login}[bot]` : login,
    labels: (pr.labels?.nodes ?? []).map((l) => l.name),
    url: pr.url,
    mergedAt: pr.mergedAt,
  }
}

type PullsPage = { repository: Record<string, PullNode | null> | null }

/** The closed (merged or not) pull requests among `wanted`; issues and unknown numbers are left out. */
export async function lookupPulls(r: GitHubRepo, wanted: ReadonlySet<number>): Promise<PullRequestInfo[]> {
  const numbers = [...wanted].filter((n) => Number.isSafeInteger(n) && n > 0)
  const found: PullRequestInfo[] = []
  for (let i = 0; i < numbers.length; i += 100) {
    const batch = numbers.slice(i, i + 100)
    const fields = batch.map(
      (n, j) =>
        `p${j}: issueOrPullRequest(number: ${n}) { __typename ... on PullRequest { ${PULL_FIELDS} } }`,
    )
    const query = `query HeraldPulls($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}`
    const data = await call(`reading ${batch.length} pull requests of ${r.owner}/${r.repo}`, () =>
      partial(r.client.graphql<PullsPage>(query, { owner: r.owner, name: r.repo })),
    )
    for (const j of batch.keys()) {
      const node = data.repository?.[`p${j}`]
      const info = node?.__typename === 'PullRequest' ? toPullInfo(node) : null
      if (info) found.push(info)
    }
  }
  return found
}

/**
 * GitHub answers a number that is neither an issue nor a pull request with
 * a NOT_FOUND error beside the data of the others: keep that data. Any
 * other error stays an error.
 */
async function partial(request: Promise<PullsPage>): Promise<PullsPage> {
  try {
    return await request
  } catch (error) {
    const e = error as { errors?: { type?: string }[]; data?: PullsPage }
    if (e.data && e.errors?.length && e.errors.every((x) => x.type === 'NOT_FOUND')) return e.data
    throw error
  }
}
