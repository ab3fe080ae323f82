/**
 * `GET /contents/{path}`: one file at a ref, base64 in 60-character lines as
 * GitHub sends it; a folder is the list of its entries.
 */
import { notFound, ok, type Route } from './route.ts'

export const contentRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/contents\/(.+)$/,
    handle({ repo, query }, m) {
      const sha = repo.resolve(query.get('ref') ?? repo.defaultBranch)
      const path = decodeURIComponent(m[1]!)
      const files = sha ? repo.commits.get(sha)!.files : undefined
      const oid = files?.get(path)
      if (!oid) {
        const entries = files ? repo.entries(files, path) : null
        if (!entries) return notFound()
        return ok(
          [...entries].map(([name, sha]) => ({
            name,
            path: `${path}/${name}`,
            sha,
            type: files!.has(`${path}/${name}`) ? 'file' : 'dir',
          })),
        )
      }
      const content = Buffer.from(repo.blobs.get(oid) ?? '').toString('base64')
      return ok({
        type: 'file',
        encoding: 'base64',
        path,
        sha: oid,
        content: content.replace(/(.{60})/g, '$1\n'),
      })
    },
  },
]
