/** The git database's trees and commits, as a release PR builds them. */
import { sha1 } from '../fake-model.ts'
import { created, notFound, ok, type Route, unprocessable } from './route.ts'

type TreeEntry = { path: string; content?: string; sha?: string | null }

export const gitObjectRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/git\/trees$/,
    handle({ repo, body }) {
      const files = new Map(repo.trees.get(String(body.base_tree ?? '')) ?? [])
      for (const e of body.tree as TreeEntry[]) {
        if (e.content !== undefined) files.set(e.path, repo.addBlob(e.content))
        else if (e.sha === null) files.delete(e.path)
      }
      const sha = sha1(
        `tree ${[...files]
          .map(([k, v]) => `${k} ${v}`)
          .sort()
          .join('\n')}`,
      )
      repo.trees.set(sha, files)
      return created({ sha, tree: [] })
    },
  },
  {
    method: 'GET',
    path: /^\/git\/commits\/(\w+)$/,
    handle({ repo }, m) {
      const c = repo.commits.get(m[1]!)
      if (!c) return notFound()
      return ok({
        sha: c.sha,
        message: c.message,
        tree: { sha: repo.treeOf(c) },
        parents: c.parents.map((sha) => ({ sha })),
      })
    },
  },
  {
    method: 'POST',
    path: /^\/git\/commits$/,
    handle({ repo, body }) {
      const files = repo.trees.get(String(body.tree))
      if (!files) return unprocessable({ message: 'Tree SHA does not exist' })
      const parents = body.parents as string[]
      const sha = repo.commit({ message: String(body.message), parents, author: 'Herald Bot' })
      const commit = repo.commits.get(sha)!
      commit.files.clear()
      for (const [k, v] of files) commit.files.set(k, v)
      return created({
        sha,
        message: body.message,
        parents: parents.map((s) => ({ sha: s })),
        tree: { sha: body.tree },
      })
    },
  },
]
