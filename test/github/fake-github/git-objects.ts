/** The git database's blobs, trees and commits, as a release PR and the release index build them. */
import { sha1 } from '../fake-model.ts'
import { created, notFound, ok, type Route, unprocessable } from './route.ts'

type TreeEntry = { path: string; mode?: string; content?: string; sha?: string | null }

export const gitObjectRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/git\/blobs$/,
    handle({ repo, body }) {
      const text =
        body.encoding === 'base64'
          ? Buffer.from(String(body.content), 'base64').toString('utf8')
          : String(body.content)
      const sha = repo.addBlob(text)
      return created({ sha, url: `/git/blobs/${sha}` })
    },
  },
  {
    method: 'GET',
    path: /^\/git\/blobs\/(\w+)$/,
    handle({ repo }, m) {
      const text = repo.blobs.get(m[1]!)
      if (text === undefined) return notFound()
      const content = Buffer.from(text).toString('base64')
      return ok({ sha: m[1], encoding: 'base64', size: Buffer.byteLength(text), content })
    },
  },
  {
    method: 'POST',
    path: /^\/git\/trees$/,
    handle({ repo, body }) {
      const files = new Map(repo.trees.get(String(body.base_tree ?? '')) ?? [])
      const modes = new Map(repo.treeModes.get(String(body.base_tree ?? '')) ?? [])
      for (const e of body.tree as TreeEntry[]) {
        if (e.content !== undefined) files.set(e.path, repo.addBlob(e.content))
        else if (e.sha === null) files.delete(e.path)
        else if (e.sha && repo.blobs.has(e.sha)) files.set(e.path, e.sha)
        else return unprocessable({ message: `tree.sha ${String(e.sha)} is not a valid blob` })
        if (e.sha !== null && e.mode && e.mode !== '100644') modes.set(e.path, e.mode)
        else modes.delete(e.path)
      }
      const sha = sha1(
        `tree ${[...files]
          .map(([k, v]) => `${k} ${v}${modes.has(k) ? ` ${modes.get(k)}` : ''}`)
          .sort()
          .join('\n')}`,
      )
      repo.trees.set(sha, files)
      repo.treeModes.set(sha, modes)
      return created({ sha, tree: [] })
    },
  },
  {
    // One folder, not recursive: a root tree, or a folder listed from one.
    method: 'GET',
    path: /^\/git\/trees\/(\w+)$/,
    handle({ repo }, m) {
      const at = repo.trees.has(m[1]!) ? { root: m[1]!, dir: '' } : repo.folders.get(m[1]!)
      const files = at && repo.trees.get(at.root)
      const entries = files && repo.entries(files, at.dir)
      if (!entries) return notFound()
      const modes = repo.treeModes.get(at.root)
      const tree = [...entries].map(([name, sha]) => {
        const path = at.dir ? `${at.dir}/${name}` : name
        if (files.has(path)) return { path: name, mode: modes?.get(path) ?? '100644', type: 'blob', sha }
        repo.folders.set(sha, { root: at.root, dir: path })
        return { path: name, mode: '040000', type: 'tree', sha }
      })
      return ok({ sha: m[1], tree, truncated: false })
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
        author: c.author,
        committer: c.committer,
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
      const modes = repo.treeModes.get(String(body.tree))
      commit.modes = modes?.size ? new Map(modes) : undefined
      const author = body.author as { name: string; email: string; date?: string } | undefined
      if (author) commit.author = { ...author, date: author.date ?? commit.author.date }
      return created({
        sha,
        message: body.message,
        author: commit.author,
        committer: commit.committer,
        parents: parents.map((s) => ({ sha: s })),
        tree: { sha: body.tree },
      })
    },
  },
]
