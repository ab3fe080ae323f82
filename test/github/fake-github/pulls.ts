/** Pull requests: list, open, read, edit, and label them (labels go through the issues API). */
import type { FakePull } from '../fake-model.ts'
import { commitJson } from './commits.ts'
import { created, notFound, ok, page, type Request, type Route, unprocessable, webUrl } from './route.ts'

function pullJson(request: Request, x: FakePull) {
  return {
    number: x.number,
    title: x.title,
    body: x.body,
    state: x.state,
    user: { login: x.user, type: x.user.endsWith('[bot]') ? 'Bot' : 'User' },
    labels: x.labels.map((name) => ({ name })),
    head: { ref: x.head, label: `${request.repo.owner}:${x.head}` },
    base: { ref: x.base },
    merged_at: x.merged_at,
    merge_commit_sha: x.merge_commit_sha,
    html_url: `${webUrl(request)}/pull/${x.number}`,
  }
}

function list(request: Request) {
  const { repo, query } = request
  const state = query.get('state') ?? 'open'
  let pulls = repo.pulls.filter((x) => state === 'all' || x.state === state)
  if (query.get('head')) pulls = pulls.filter((x) => `${repo.owner}:${x.head}` === query.get('head'))
  if (query.get('base')) pulls = pulls.filter((x) => x.base === query.get('base'))
  pulls.sort((a, b) => (query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number))
  return page(
    request.url,
    pulls.map((x) => pullJson(request, x)),
  )
}

function open(request: Request) {
  const { repo, body } = request
  const pull: FakePull = {
    number: repo.nextPullNumber(),
    title: String(body.title),
    body: String(body.body ?? ''),
    state: 'open',
    head: String(body.head),
    base: String(body.base),
    user: 'herald-bot',
    labels: [],
    merged_at: null,
    merge_commit_sha: null,
    created: Date.now(),
  }
  if (!repo.refs.has(`refs/heads/${pull.head}`))
    return unprocessable({
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
    })
  repo.pulls.push(pull)
  return created(pullJson(request, pull))
}

export const pullRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/pulls\/(\d+)\/commits$/,
    handle(request, m) {
      const pull = request.repo.pulls.find((x) => x.number === Number(m[1]))
      if (!pull) return notFound()
      const commits = (pull.commits ?? []).map((sha) => commitJson(request, request.repo.commits.get(sha)!))
      return page(request.url, commits, 250)
    },
  },
  { method: 'GET', path: /^\/pulls$/, handle: list },
  { method: 'POST', path: /^\/pulls$/, handle: open },
  {
    path: /^\/pulls\/(\d+)$/,
    handle(request, m) {
      const pull = request.repo.pulls.find((x) => x.number === Number(m[1]))
      if (!pull) return notFound()
      if (request.method === 'PATCH') {
        if (typeof request.body.title === 'string') pull.title = request.body.title
        if (typeof request.body.body === 'string') pull.body = request.body.body
      }
      return ok(pullJson(request, pull))
    },
  },
  {
    method: 'POST',
    path: /^\/issues\/(\d+)\/labels$/,
    handle({ repo, body }, m) {
      const pull = repo.pulls.find((x) => x.number === Number(m[1]))
      if (!pull) return notFound()
      for (const l of body.labels as string[]) if (!pull.labels.includes(l)) pull.labels.push(l)
      return ok(pull.labels.map((name) => ({ name })))
    },
  },
]
