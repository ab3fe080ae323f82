/** `POST /graphql`: the three named queries Herald sends, told apart by their operation name. */
import { lineHistory } from './graphql-line-history.ts'
import { folderSelections, treeSide } from './graphql-trees.ts'
import { ok, type Reply, type Request } from './route.ts'

/** `query HeraldTags`: every tag with its target (peeled through tag objects), 100 a page. */
function tags({ repo, body }: Request): Reply {
  const vars = (body.variables ?? {}) as Record<string, unknown>
  const all = [...repo.refs].filter(([k]) => k.startsWith('refs/tags/')).sort(([a], [b]) => (a < b ? -1 : 1))
  const start = vars.after ? Number(vars.after) : 0
  const slice = all.slice(start, start + 100)
  const node = (sha: string): unknown => {
    const t = repo.tagObjects.get(sha)
    if (t) return { __typename: 'Tag', oid: sha, target: node(t.object) }
    const c = repo.commits.get(sha)!
    return { __typename: 'Commit', oid: sha, committedDate: c.committer.date }
  }
  return ok({
    data: {
      repository: {
        refs: {
          pageInfo: { hasNextPage: start + 100 < all.length, endCursor: String(start + slice.length) },
          nodes: slice.map(([k, sha]) => ({ name: k.slice('refs/tags/'.length), target: node(sha) })),
        },
      },
    },
  })
}

/** `query HeraldCommitTrees`: `cN: object(oid:)` commits with their first parent's trees. */
function commitTrees({ repo }: Request, query: string): Reply {
  const folders = [...new Map(folderSelections(query))]
  const side = treeSide(repo, folders)
  const repository: Record<string, unknown> = {}
  for (const x of query.matchAll(/(c\d+): object\(oid: "([0-9a-f]+)"\)/g)) {
    const c = repo.commits.get(x[2]!)
    repository[x[1]!] = c
      ? { ...side(c), parents: { nodes: c.parents.slice(0, 1).map((p) => side(repo.commits.get(p)!)) } }
      : null
  }
  return ok({ data: { repository } })
}

export function graphql(request: Request): Reply {
  const query = String(request.body.query)
  if (query.includes('query HeraldTags')) return tags(request)
  if (query.includes('query HeraldCommitTrees')) return commitTrees(request, query)
  if (query.includes('query HeraldLineHistory')) return lineHistory(request, query)
  return { status: 200, body: { errors: [{ message: 'unknown query' }] } }
}
