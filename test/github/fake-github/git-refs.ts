/** The git database's references and annotated tag objects. */
import { sha1 } from '../fake-model.ts'
import { created, notFound, ok, type Route, unprocessable } from './route.ts'

function refJson(ref: string, sha: string, annotated: boolean) {
  return { ref, object: { sha, type: annotated ? 'tag' : 'commit' } }
}

export const gitRefRoutes: Route[] = [
  {
    // GitHub answers every matching ref at once: no pages, `per_page` ignored.
    method: 'GET',
    path: /^\/git\/matching-refs\/(.*)$/,
    handle({ repo }, m) {
      const prefix = `refs/${m[1]}`
      return ok(
        [...repo.refs]
          .filter(([ref]) => ref.startsWith(prefix))
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([ref, sha]) => refJson(ref, sha, repo.tagObjects.has(sha))),
      )
    },
  },
  {
    method: 'GET',
    path: /^\/git\/ref\/(.+)$/,
    handle({ repo }, m) {
      const target = repo.refs.get(`refs/${m[1]}`)
      if (!target) return notFound()
      return ok(refJson(`refs/${m[1]}`, target, repo.tagObjects.has(target)))
    },
  },
  {
    method: 'POST',
    path: /^\/git\/refs$/,
    handle({ repo, body }) {
      const ref = String(body.ref)
      const sha = String(body.sha)
      if (repo.refs.has(ref))
        return unprocessable({
          message: 'Reference already exists',
          documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
        })
      if (!repo.commits.has(sha) && !repo.tagObjects.has(sha))
        return unprocessable({ message: 'Object does not exist' })
      repo.refs.set(ref, sha)
      return created(refJson(ref, sha, repo.tagObjects.has(sha)))
    },
  },
  {
    method: 'PATCH',
    path: /^\/git\/refs\/(.+)$/,
    handle({ repo, body }, m) {
      const ref = `refs/${m[1]}`
      const old = repo.refs.get(ref)
      if (!old) return unprocessable({ message: 'Reference does not exist' })
      const sha = String(body.sha)
      if (!body.force && !repo.ancestors(sha).has(old))
        return unprocessable({ message: 'Update is not a fast forward' })
      repo.refs.set(ref, sha)
      return ok(refJson(ref, sha, false))
    },
  },
  {
    method: 'DELETE',
    path: /^\/git\/refs\/(.+)$/,
    handle({ repo }, m) {
      if (!repo.refs.delete(`refs/${m[1]}`)) return unprocessable({ message: 'Reference does not exist' })
      return { status: 204 }
    },
  },
  {
    method: 'POST',
    path: /^\/git\/tags$/,
    handle({ repo, body }) {
      const sha = sha1(`tag ${String(body.tag)} ${String(body.object)} ${String(body.message)}`)
      repo.tagObjects.set(sha, {
        tag: String(body.tag),
        message: String(body.message),
        object: String(body.object),
      })
      return created({
        sha,
        tag: body.tag,
        message: body.message,
        object: { sha: body.object, type: 'commit' },
      })
    },
  },
  {
    method: 'GET',
    path: /^\/git\/tags\/(\w+)$/,
    handle({ repo }, m) {
      const t = repo.tagObjects.get(m[1]!)
      if (!t) return notFound()
      return ok({
        sha: m[1],
        tag: t.tag,
        message: t.message,
        object: { sha: t.object, type: repo.tagObjects.has(t.object) ? 'tag' : 'commit' },
      })
    },
  },
]
