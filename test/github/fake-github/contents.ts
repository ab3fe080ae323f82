/** `GET /contents/{path}`: one file at a ref, base64 in 60-character lines as GitHub sends it. */
import { notFound, ok, type Route } from './route.ts'

export const contentRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/contents\/(.+)$/,
    handle({ repo, query }, m) {
      const sha = repo.resolve(query.get('ref') ?? repo.defaultBranch)
      const oid = sha ? repo.commits.get(sha)!.files.get(m[1]!) : undefined
      if (!oid) return notFound()
      const content = Buffer.from(repo.blobs.get(oid) ?? '').toString('base64')
      return ok({
        type: 'file',
        encoding: 'base64',
        path: m[1],
        sha: oid,
        content: content.replace(/(.{60})/g, '$1\n'),
      })
    },
  },
]
