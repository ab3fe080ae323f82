/**
 * `query HeraldLineHistory`: `object(oid:) { ... on Commit { hN: history(first,
 * path, since, after) } }` (and the same walks from side roots `sN: object(oid:)`
 * aliased `sNhM`) with commits carrying their trees (like
 * HeraldCommitTrees) and their pull request (the one whose merge commit it is,
 * as for squash merges).
 */
import type { FakeCommit, FakePull } from '../fake-model.ts'
import { folderSelections, treeSide } from './graphql-trees.ts'
import { ok, type Reply, type Request, webUrl } from './route.ts'

type HistoryArgs = { first?: number; path?: string; since?: string; after?: string }

/** A pull request as GraphQL selects it (`PULL_FIELDS`). */
export function pullNode(request: Request, p: FakePull) {
  return {
    __typename: 'PullRequest',
    number: p.number,
    title: p.title,
    url: `${webUrl(request)}/pull/${p.number}`,
    state: p.state === 'open' ? 'OPEN' : p.merged_at ? 'MERGED' : 'CLOSED',
    mergedAt: p.merged_at,
    author: p.user.endsWith('[bot]')
      ? { __typename: 'Bot', login: p.user.slice(0, -'[bot]'.length) }
      : { __typename: 'User', login: p.user },
    labels: { nodes: p.labels.map((name) => ({ name })) },
  }
}

function pullOf(request: Request, c: FakeCommit) {
  return request.repo.pulls
    .filter((p) => p.merge_commit_sha === c.sha)
    .slice(0, 1)
    .map((p) => pullNode(request, p))
}

export function lineHistory(request: Request, query: string): Reply {
  const r = request.repo
  const oid = /object\(oid: "([0-9a-f]+)"\)/.exec(query)?.[1] ?? ''
  if (!r.commits.get(oid)) return ok({ data: { repository: { object: null } } })
  const side = treeSide(r, folderSelections(query))
  const node = (c: FakeCommit) => ({
    oid: c.sha,
    committedDate: c.committer.date,
    message: c.message,
    author: c.author,
    parents: { nodes: c.parents.map((p) => ({ oid: p })) },
    firstParent: { nodes: c.parents.slice(0, 1).map((p) => side(r.commits.get(p)!)) },
    associatedPullRequests: { nodes: pullOf(request, c) },
    ...side(c),
  })
  const object: Record<string, unknown> = {}
  const repository: Record<string, unknown> = { object }
  // Side roots: `sN: object(oid:)` with their walks aliased `sNhM`.
  const sides = new Map(
    [...query.matchAll(/(s\d+): object\(oid: "([0-9a-f]+)"\)/g)].map((x) => [x[1]!, x[2]!]),
  )
  for (const x of query.matchAll(/(\w+): history\(([^)]*)\)/g)) {
    const args = Object.fromEntries(
      [...x[2]!.matchAll(/(\w+): ("(?:[^"\\]|\\.)*"|\d+)/g)].map((a) => [a[1]!, JSON.parse(a[2]!)]),
    ) as HistoryArgs
    const side = /^(s\d+)h/.exec(x[1]!)?.[1]
    const root = side ? sides.get(side)! : oid
    if (side && !r.commits.get(root)) {
      repository[side] = null
      continue
    }
    if (side && !repository[side]) repository[side] = {}
    const into = (side ? repository[side] : object) as Record<string, unknown>
    const list = r.history(root, {
      path: args.path,
      since: args.since === undefined ? undefined : Date.parse(args.since),
    })
    const from = args.after ? Number(args.after.split(' ')[1]) : 0
    const first = Math.min(args.first ?? 100, 100)
    const slice = list.slice(from, from + first)
    into[x[1]!] =
      x[1] === 'count'
        ? { totalCount: list.length }
        : {
            totalCount: list.length,
            pageInfo: {
              hasNextPage: from + first < list.length,
              endCursor: `${root} ${from + slice.length}`,
            },
            nodes: slice.map(node),
          }
  }
  return ok({ data: { repository } })
}
