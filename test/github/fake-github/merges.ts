/**
 * `POST /merges`: merge `head` into branch `base`, as GitHub answers it (201
 * with the merge commit, 204 when `head` is merged already, 409 on a
 * conflict, 404 for an unknown base or head). The fake merges whole files:
 * a path changed on both sides, differently, is a conflict, where GitHub
 * would merge changes to different lines of it.
 */
import { commitJson } from './commits.ts'
import { created, notFound, type Route } from './route.ts'

export const mergeRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/merges$/,
    handle(request) {
      const { repo, body } = request
      const baseRef = `refs/heads/${String(body.base)}`
      const ours = repo.refs.get(baseRef)
      const theirs = repo.resolve(String(body.head))
      if (!ours || !theirs) return notFound()
      if (repo.ancestors(ours).has(theirs)) return { status: 204 }
      const fromOurs = repo.ancestors(ours)
      const base = repo.walk(theirs).find((c) => fromOurs.has(c.sha))
      const [b, o, t] = [
        base?.files ?? new Map<string, string>(),
        repo.commits.get(ours)!.files,
        repo.commits.get(theirs)!.files,
      ]
      const files: Record<string, string | null> = {}
      for (const path of new Set([...b.keys(), ...o.keys(), ...t.keys()])) {
        const [was, mine, other] = [b.get(path), o.get(path), t.get(path)]
        const pick = mine === other || other === was ? mine : mine === was ? other : 'conflict'
        if (pick === 'conflict') return { status: 409, body: { message: 'Merge conflict' } }
        files[path] = pick === undefined ? null : repo.blobs.get(pick)!
      }
      const message = String(body.commit_message ?? `Merge ${String(body.head)} into ${String(body.base)}`)
      const sha = repo.commit({ message, parents: [ours, theirs], files })
      repo.refs.set(baseRef, sha)
      return created(commitJson(request, repo.commits.get(sha)!))
    },
  },
]
