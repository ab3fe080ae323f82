/** Commit listings, single commits and comparisons, as the REST API shapes them. */
import type { FakeCommit, FakeRepo } from '../fake-model.ts'
import { notFound, ok, page, type Request, type Route, unprocessable, webUrl } from './route.ts'

export function commitJson(request: Request, c: FakeCommit) {
  return {
    sha: c.sha,
    commit: {
      author: c.author,
      committer: c.committer,
      message: c.message,
      tree: { sha: request.repo.treeOf(c) },
    },
    author: c.login ? { login: c.login, type: c.login.endsWith('[bot]') ? 'Bot' : 'User' } : null,
    parents: c.parents.map((sha) => ({ sha })),
    html_url: `${webUrl(request)}/commit/${c.sha}`,
  }
}

/** GitHub's `files` of a diff: what changed between two file maps (`filename` and `status` only). */
export function diffFiles(
  from: ReadonlyMap<string, string> | undefined,
  to: ReadonlyMap<string, string>,
): { filename: string; status: string }[] {
  const before = from ?? new Map<string, string>()
  const paths = [...new Set([...before.keys(), ...to.keys()])].sort()
  return paths.flatMap((filename) => {
    const [a, b] = [before.get(filename), to.get(filename)]
    if (a === b) return []
    return [{ filename, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'modified' }]
  })
}

function parentFiles(repo: FakeRepo, c: FakeCommit): ReadonlyMap<string, string> | undefined {
  return c.parents[0] ? repo.commits.get(c.parents[0])?.files : undefined
}

function compare(request: Request, baseRef: string, headRef: string) {
  const r = request.repo
  const [b, h] = [r.resolve(baseRef), r.resolve(headRef)]
  if (!b || !h) return notFound()
  const fromHead = r.ancestors(h)
  const fromBase = r.ancestors(b)
  const status = b === h ? 'identical' : fromHead.has(b) ? 'ahead' : fromBase.has(h) ? 'behind' : 'diverged'
  const mergeBase = r.walk(h).find((c) => fromBase.has(c.sha))?.sha ?? null
  const range = r.walk(h, mergeBase ? r.ancestors(mergeBase) : new Set()).reverse()
  const paged = page(
    request.url,
    range.map((c) => commitJson(request, c)),
    250,
  )
  return {
    ...paged,
    body: {
      status,
      ahead_by: range.length,
      behind_by: [...fromBase].filter((s) => !fromHead.has(s)).length,
      total_commits: range.length,
      merge_base_commit: mergeBase ? commitJson(request, r.commits.get(mergeBase)!) : null,
      commits: paged.body,
      files: diffFiles(mergeBase ? r.commits.get(mergeBase)!.files : undefined, r.commits.get(h)!.files),
    },
  }
}

export const commitRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/commits$/,
    handle(request) {
      const r = request.repo
      const head = r.resolve(request.query.get('sha') ?? r.defaultBranch)
      if (!head) return notFound()
      return page(
        request.url,
        r.walk(head).map((c) => commitJson(request, c)),
      )
    },
  },
  {
    method: 'GET',
    path: /^\/commits\/(.+)$/,
    handle(request, m) {
      const sha = request.repo.resolve(m[1]!)
      if (!sha) return unprocessable({ message: `No commit found for SHA: ${m[1]}` })
      const c = request.repo.commits.get(sha)!
      return ok({ ...commitJson(request, c), files: diffFiles(parentFiles(request.repo, c), c.files) })
    },
  },
  {
    method: 'GET',
    path: /^\/compare\/(.+?)\.\.\.(.+)$/,
    handle: (request, m) => compare(request, m[1]!, m[2]!),
  },
]
