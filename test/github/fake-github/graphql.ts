/** `POST /graphql`: the named queries Herald sends, told apart by their operation name. */
import { lineHistory } from './graphql-line-history.ts'
import { files, pulls, reachable, refObjects } from './graphql-refs.ts'
import { folderSelections, treeSide } from './graphql-trees.ts'
import { ok, type Reply, type Request } from './route.ts'

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
  if (query.includes('query HeraldCommitTrees')) return commitTrees(request, query)
  if (query.includes('query HeraldLineHistory')) return lineHistory(request, query)
  if (query.includes('query HeraldRefs')) return refObjects(request, query)
  if (query.includes('query HeraldReachable')) return reachable(request, query)
  if (query.includes('query HeraldFiles')) return files(request, query)
  if (query.includes('query HeraldPulls')) return pulls(request, query)
  return { status: 200, body: { errors: [{ message: 'unknown query' }] } }
}
