// biome-ignore-all lint/suspicious/noAssignInExpressions: a route table of `if (… (m = re.exec(path)))` reads best in a fake server
/**
 * A local GitHub: a `node:http` server on 127.0.0.1 answering the REST (and
 * the two GraphQL) requests Herald makes, in GitHub's response shapes
 * (`@octokit/fixtures` records them): Link-header pagination, 422 validation
 * errors, secondary rate limits. Faults can be queued; every request is counted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type FakeCommit, type FakeRepo, sha1 } from './fake-model.ts'

export type Fault = {
  method: string
  path: RegExp
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** How many matching requests fail (default 1). */
  times?: number
}

export type Logged = { method: string; path: string }

type Reply = { status: number; body?: unknown; headers?: Record<string, string> }

export class FakeGitHub {
  readonly repo: FakeRepo
  readonly requests: Logged[] = []
  readonly faults: Fault[] = []
  /** The token requests must carry. */
  token = 'test-token'
  private server: Server | null = null
  url = ''

  constructor(repo: FakeRepo) {
    this.repo = repo
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res)
    })
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((ok) => this.server!.close(() => ok()))
  }

  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault })
  }

  count(method?: string, path?: RegExp): number {
    return this.requests.filter((r) => (!method || r.method === method) && (!path || path.test(r.path)))
      .length
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    this.requests.push({ method, path: url.pathname + url.search })
    let reply: Reply
    const fault = this.faults.find((f) => f.method === method && f.path.test(url.pathname))
    if (req.headers.authorization !== `token ${this.token}`) {
      reply = { status: 401, body: { message: 'Bad credentials' } }
    } else if (fault) {
      fault.times = (fault.times ?? 1) - 1
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1)
      reply = {
        status: fault.status,
        body: fault.body ?? { message: `fault ${fault.status}` },
        headers: fault.headers,
      }
    } else {
      try {
        reply = this.route(method, url, raw ? JSON.parse(raw) : {})
      } catch (error) {
        reply = { status: 500, body: { message: `fake GitHub bug: ${(error as Error).stack}` } }
      }
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers })
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
  }

  private route(method: string, url: URL, body: Record<string, unknown>): Reply {
    const r = this.repo
    const base = `/repos/${r.owner}/${r.name}`
    const p = decodeURIComponent(url.pathname)
    const q = url.searchParams
    if (method === 'POST' && p === '/graphql') return this.graphql(body)
    if (!p.startsWith(`${base}`)) return notFound()
    const rest = p.slice(base.length)
    let m: RegExpExecArray | null
    if (method === 'GET' && rest === '')
      return ok({
        full_name: `${r.owner}/${r.name}`,
        default_branch: r.defaultBranch,
        html_url: `${this.url}/${r.owner}/${r.name}`,
      })
    if (method === 'GET' && rest === '/commits') {
      const head = r.resolve(q.get('sha') ?? r.defaultBranch)
      if (!head) return notFound()
      return this.page(
        url,
        r.walk(head).map((c) => this.commitJson(c)),
      )
    }
    if (method === 'GET' && (m = /^\/commits\/(.+)\/check-runs$/.exec(rest))) {
      const sha = r.resolve(m[1]!)
      if (!sha) return notFound()
      const runs = (r.checkRuns.get(sha) ?? []).map((c, i) => ({ id: i + 1, head_sha: sha, ...c }))
      const paged = this.page(url, runs)
      return { ...paged, body: { total_count: runs.length, check_runs: paged.body } }
    }
    if (method === 'GET' && (m = /^\/commits\/(.+)\/status$/.exec(rest))) {
      const sha = r.resolve(m[1]!)
      if (!sha) return notFound()
      const statuses = r.statuses.get(sha) ?? []
      const state =
        statuses.length === 0
          ? 'pending'
          : statuses.some((s) => s.state === 'failure' || s.state === 'error')
            ? 'failure'
            : statuses.every((s) => s.state === 'success')
              ? 'success'
              : 'pending'
      return ok({ state, sha, total_count: statuses.length, statuses })
    }
    if (method === 'GET' && (m = /^\/commits\/(.+)$/.exec(rest))) {
      const sha = r.resolve(m[1]!)
      if (!sha) return { status: 422, body: { message: `No commit found for SHA: ${m[1]}` } }
      return ok(this.commitJson(r.commits.get(sha)!))
    }
    if (method === 'GET' && (m = /^\/compare\/(.+?)\.\.\.(.+)$/.exec(rest))) {
      const [b, h] = [r.resolve(m[1]!), r.resolve(m[2]!)]
      if (!b || !h) return notFound()
      const fromHead = r.ancestors(h)
      const fromBase = r.ancestors(b)
      const status =
        b === h ? 'identical' : fromHead.has(b) ? 'ahead' : fromBase.has(h) ? 'behind' : 'diverged'
      const mergeBase = r.walk(h).find((c) => fromBase.has(c.sha))?.sha ?? null
      const range = r.walk(h, mergeBase ? r.ancestors(mergeBase) : new Set()).reverse()
      const paged = this.page(
        url,
        range.map((c) => this.commitJson(c)),
        250,
      )
      return {
        ...paged,
        body: {
          status,
          ahead_by: range.length,
          behind_by: [...fromBase].filter((s) => !fromHead.has(s)).length,
          total_commits: range.length,
          merge_base_commit: mergeBase ? this.commitJson(r.commits.get(mergeBase)!) : null,
          commits: paged.body,
          files: [],
        },
      }
    }
    if (method === 'GET' && (m = /^\/git\/ref\/(.+)$/.exec(rest))) {
      const target = r.refs.get(`refs/${m[1]}`)
      if (!target) return notFound()
      return ok(refJson(`refs/${m[1]}`, target, r.tagObjects.has(target)))
    }
    if (method === 'POST' && rest === '/git/refs') {
      const ref = String(body.ref)
      if (r.refs.has(ref))
        return {
          status: 422,
          body: {
            message: 'Reference already exists',
            documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
          },
        }
      if (!r.commits.has(String(body.sha)) && !r.tagObjects.has(String(body.sha)))
        return { status: 422, body: { message: 'Object does not exist' } }
      r.refs.set(ref, String(body.sha))
      return { status: 201, body: refJson(ref, String(body.sha), r.tagObjects.has(String(body.sha))) }
    }
    if (method === 'PATCH' && (m = /^\/git\/refs\/(.+)$/.exec(rest))) {
      const ref = `refs/${m[1]}`
      const old = r.refs.get(ref)
      if (!old) return { status: 422, body: { message: 'Reference does not exist' } }
      const sha = String(body.sha)
      if (!body.force && !r.ancestors(sha).has(old))
        return { status: 422, body: { message: 'Update is not a fast forward' } }
      r.refs.set(ref, sha)
      return ok(refJson(ref, sha, false))
    }
    if (method === 'POST' && rest === '/git/tags') {
      const sha = sha1(`tag ${String(body.tag)} ${String(body.object)} ${String(body.message)}`)
      r.tagObjects.set(sha, {
        tag: String(body.tag),
        message: String(body.message),
        object: String(body.object),
      })
      return {
        status: 201,
        body: { sha, tag: body.tag, message: body.message, object: { sha: body.object, type: 'commit' } },
      }
    }
    if (method === 'GET' && (m = /^\/git\/tags\/(\w+)$/.exec(rest))) {
      const t = r.tagObjects.get(m[1]!)
      if (!t) return notFound()
      return ok({
        sha: m[1],
        tag: t.tag,
        message: t.message,
        object: { sha: t.object, type: r.tagObjects.has(t.object) ? 'tag' : 'commit' },
      })
    }
    if (method === 'POST' && rest === '/git/trees') {
      const baseFiles = r.trees.get(String(body.base_tree ?? ''))
      const files = new Map(baseFiles ?? [])
      for (const e of body.tree as { path: string; content?: string; sha?: string | null }[]) {
        if (e.content !== undefined) files.set(e.path, r.addBlob(e.content))
        else if (e.sha === null) files.delete(e.path)
      }
      const sha = sha1(
        `tree ${[...files]
          .map(([k, v]) => `${k} ${v}`)
          .sort()
          .join('\n')}`,
      )
      r.trees.set(sha, files)
      return { status: 201, body: { sha, tree: [] } }
    }
    if (method === 'GET' && (m = /^\/git\/commits\/(\w+)$/.exec(rest))) {
      const c = r.commits.get(m[1]!)
      if (!c) return notFound()
      return ok({
        sha: c.sha,
        message: c.message,
        tree: { sha: r.treeOf(c) },
        parents: c.parents.map((sha) => ({ sha })),
      })
    }
    if (method === 'POST' && rest === '/git/commits') {
      const files = r.trees.get(String(body.tree))
      if (!files) return { status: 422, body: { message: 'Tree SHA does not exist' } }
      const parents = body.parents as string[]
      const sha = r.commit({ message: String(body.message), parents, author: 'Herald Bot' })
      r.commits.get(sha)!.files.clear()
      for (const [k, v] of files) r.commits.get(sha)!.files.set(k, v)
      return {
        status: 201,
        body: {
          sha,
          message: body.message,
          parents: parents.map((s) => ({ sha: s })),
          tree: { sha: body.tree },
        },
      }
    }
    if (method === 'GET' && (m = /^\/contents\/(.+)$/.exec(rest))) {
      const sha = r.resolve(q.get('ref') ?? r.defaultBranch)
      const oid = sha ? r.commits.get(sha)!.files.get(m[1]!) : undefined
      if (!oid) return notFound()
      const content = Buffer.from(r.blobs.get(oid) ?? '').toString('base64')
      return ok({
        type: 'file',
        encoding: 'base64',
        path: m[1],
        sha: oid,
        content: content.replace(/(.{60})/g, '$1\n'),
      })
    }
    if (method === 'GET' && (m = /^\/releases\/tags\/(.+)$/.exec(rest))) {
      const rel = r.releases.find((x) => x.tag_name === m![1])
      return rel ? ok(this.releaseJson(rel)) : notFound()
    }
    if (method === 'POST' && rest === '/releases') {
      const tag = String(body.tag_name)
      if (r.releases.some((x) => x.tag_name === tag))
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
          },
        }
      const rel = {
        id: r.releases.length + 1,
        tag_name: tag,
        name: String(body.name ?? tag),
        body: String(body.body ?? ''),
        prerelease: Boolean(body.prerelease),
        make_latest: String(body.make_latest ?? 'true'),
        draft: false,
      }
      r.releases.push(rel)
      if (!r.refs.has(`refs/tags/${tag}`))
        r.refs.set(`refs/tags/${tag}`, r.resolve(String(body.target_commitish ?? r.defaultBranch))!)
      return { status: 201, body: this.releaseJson(rel) }
    }
    if (method === 'GET' && rest === '/pulls') {
      const state = q.get('state') ?? 'open'
      let list = r.pulls.filter((x) => state === 'all' || x.state === state)
      if (q.get('head')) list = list.filter((x) => `${r.owner}:${x.head}` === q.get('head'))
      if (q.get('base')) list = list.filter((x) => x.base === q.get('base'))
      list.sort((a, b) => (q.get('direction') === 'asc' ? a.number - b.number : b.number - a.number))
      return this.page(
        url,
        list.map((x) => this.pullJson(x)),
      )
    }
    if (method === 'POST' && rest === '/pulls') {
      const pull = {
        number: r.nextPullNumber(),
        title: String(body.title),
        body: String(body.body ?? ''),
        state: 'open' as const,
        head: String(body.head),
        base: String(body.base),
        user: 'herald-bot',
        labels: [],
        merged_at: null,
        merge_commit_sha: null,
        created: Date.now(),
      }
      if (!r.refs.has(`refs/heads/${pull.head}`))
        return {
          status: 422,
          body: {
            message: 'Validation Failed',
            errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
          },
        }
      r.pulls.push(pull)
      return { status: 201, body: this.pullJson(pull) }
    }
    if ((m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pull = r.pulls.find((x) => x.number === Number(m![1]))
      if (!pull) return notFound()
      if (method === 'PATCH') {
        if (typeof body.title === 'string') pull.title = body.title
        if (typeof body.body === 'string') pull.body = body.body
      }
      return ok(this.pullJson(pull))
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/labels$/.exec(rest))) {
      const pull = r.pulls.find((x) => x.number === Number(m![1]))
      if (!pull) return notFound()
      for (const l of body.labels as string[]) if (!pull.labels.includes(l)) pull.labels.push(l)
      return ok(pull.labels.map((name) => ({ name })))
    }
    return notFound()
  }

  private graphql(body: Record<string, unknown>): Reply {
    const query = String(body.query)
    const vars = (body.variables ?? {}) as Record<string, unknown>
    const r = this.repo
    if (query.includes('query HeraldTags')) {
      const all = [...r.refs].filter(([k]) => k.startsWith('refs/tags/')).sort(([a], [b]) => (a < b ? -1 : 1))
      const start = vars.after ? Number(vars.after) : 0
      const slice = all.slice(start, start + 100)
      const node = (sha: string): unknown => {
        const t = r.tagObjects.get(sha)
        if (t) return { __typename: 'Tag', oid: sha, target: node(t.object) }
        const c = r.commits.get(sha)!
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
    if (query.includes('query HeraldCommitTrees')) {
      const dirs = [...query.matchAll(/d(\d+): file\(path: ("(?:[^"\\]|\\.)*")\)/g)].map(
        (x) => [x[1]!, JSON.parse(x[2]!) as string] as const,
      )
      const uniqueDirs = [...new Map(dirs.map(([i, d]) => [i, d]))]
      const side = (c: FakeCommit) => {
        const out: Record<string, unknown> = {
          tree: { entries: [...r.entries(c.files, '')!].map(([name, oid]) => ({ name, oid })) },
        }
        for (const [i, d] of uniqueDirs) {
          const e = r.entries(c.files, d)
          out[`d${i}`] = e ? { object: { entries: [...e].map(([name, oid]) => ({ name, oid })) } } : null
        }
        return out
      }
      const repository: Record<string, unknown> = {}
      for (const x of query.matchAll(/(c\d+): object\(oid: "([0-9a-f]+)"\)/g)) {
        const c = r.commits.get(x[2]!)
        repository[x[1]!] = c
          ? { ...side(c), parents: { nodes: c.parents.slice(0, 1).map((p) => side(r.commits.get(p)!)) } }
          : null
      }
      return ok({ data: { repository } })
    }
    if (query.includes('query HeraldLineHistory')) return this.lineHistory(query)
    return { status: 200, body: { errors: [{ message: 'unknown query' }] } }
  }

  /**
   * `object(oid:) { ... on Commit { hN: history(first, path, since, after) } }`
   * with commits carrying their trees (like HeraldCommitTrees) and their pull
   * request (the one whose merge commit it is, as for squash merges).
   */
  private lineHistory(query: string): Reply {
    const r = this.repo
    const oid = /object\(oid: "([0-9a-f]+)"\)/.exec(query)?.[1] ?? ''
    const start = r.commits.get(oid)
    if (!start) return ok({ data: { repository: { object: null } } })
    const dirs = [...query.matchAll(/d(\d+): file\(path: ("(?:[^"\\]|\\.)*")\)/g)].map(
      (x) => [x[1]!, JSON.parse(x[2]!) as string] as const,
    )
    const side = (c: FakeCommit) => {
      const out: Record<string, unknown> = {
        tree: { entries: [...r.entries(c.files, '')!].map(([name, oid]) => ({ name, oid })) },
      }
      for (const [i, d] of dirs) {
        const e = r.entries(c.files, d)
        out[`d${i}`] = e ? { object: { entries: [...e].map(([name, oid]) => ({ name, oid })) } } : null
      }
      return out
    }
    const pull = (c: FakeCommit) =>
      r.pulls
        .filter((p) => p.merge_commit_sha === c.sha)
        .slice(0, 1)
        .map((p) => ({
          number: p.number,
          title: p.title,
          url: `${this.url}/${r.owner}/${r.name}/pull/${p.number}`,
          state: p.state === 'open' ? 'OPEN' : p.merged_at ? 'MERGED' : 'CLOSED',
          mergedAt: p.merged_at,
          author: p.user.endsWith('[bot]')
            ? { __typename: 'Bot', login: p.user.slice(0, -'[bot]'.length) }
            : { __typename: 'User', login: p.user },
          labels: { nodes: p.labels.map((name) => ({ name })) },
        }))
    const node = (c: FakeCommit) => ({
      oid: c.sha,
      committedDate: c.committer.date,
      message: c.message,
      author: c.author,
      parents: { nodes: c.parents.map((p) => ({ oid: p })) },
      firstParent: { nodes: c.parents.slice(0, 1).map((p) => side(r.commits.get(p)!)) },
      associatedPullRequests: { nodes: pull(c) },
      ...side(c),
    })
    const object: Record<string, unknown> = {}
    for (const x of query.matchAll(/(\w+): history\(([^)]*)\)/g)) {
      const args = Object.fromEntries(
        [...x[2]!.matchAll(/(\w+): ("(?:[^"\\]|\\.)*"|\d+)/g)].map((a) => [a[1]!, JSON.parse(a[2]!)]),
      ) as { first?: number; path?: string; since?: string; after?: string }
      const list = r.history(oid, {
        path: args.path,
        since: args.since === undefined ? undefined : Date.parse(args.since),
      })
      const from = args.after ? Number(args.after.split(' ')[1]) : 0
      const first = Math.min(args.first ?? 100, 100)
      const page = list.slice(from, from + first)
      object[x[1]!] =
        x[1] === 'count'
          ? { totalCount: list.length }
          : {
              totalCount: list.length,
              pageInfo: {
                hasNextPage: from + first < list.length,
                endCursor: `${oid} ${from + page.length}`,
              },
              nodes: page.map(node),
            }
    }
    return ok({ data: { repository: { object } } })
  }

  /** Page `items` by `per_page` / `page` with GitHub's Link header. */
  private page<T>(
    url: URL,
    items: T[],
    max = 100,
  ): { status: number; body: T[]; headers: Record<string, string> } {
    const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), max)
    const page = Number(url.searchParams.get('page') ?? 1)
    const last = Math.max(1, Math.ceil(items.length / per))
    const link = (n: number, rel: string) => {
      const u = new URL(url)
      u.searchParams.set('page', String(n))
      return `<${u.toString()}>; rel="${rel}"`
    }
    const links: string[] = []
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
    return {
      status: 200,
      body: items.slice((page - 1) * per, page * per),
      headers: links.length ? { link: links.join(', ') } : {},
    }
  }

  private commitJson(c: FakeCommit) {
    return {
      sha: c.sha,
      commit: {
        author: c.author,
        committer: c.committer,
        message: c.message,
        tree: { sha: this.repo.treeOf(c) },
      },
      author: c.login ? { login: c.login, type: c.login.endsWith('[bot]') ? 'Bot' : 'User' } : null,
      parents: c.parents.map((sha) => ({ sha })),
      html_url: `${this.url}/${this.repo.owner}/${this.repo.name}/commit/${c.sha}`,
    }
  }

  private releaseJson(rel: {
    id: number
    tag_name: string
    name: string
    body: string
    prerelease: boolean
  }) {
    return {
      ...rel,
      html_url: `${this.url}/${this.repo.owner}/${this.repo.name}/releases/tag/${rel.tag_name}`,
    }
  }

  private pullJson(x: (typeof this.repo.pulls)[number]) {
    return {
      number: x.number,
      title: x.title,
      body: x.body,
      state: x.state,
      user: { login: x.user, type: x.user.endsWith('[bot]') ? 'Bot' : 'User' },
      labels: x.labels.map((name) => ({ name })),
      head: { ref: x.head, label: `${this.repo.owner}:${x.head}` },
      base: { ref: x.base },
      merged_at: x.merged_at,
      merge_commit_sha: x.merge_commit_sha,
      html_url: `${this.url}/${this.repo.owner}/${this.repo.name}/pull/${x.number}`,
    }
  }
}

function ok(body: unknown): Reply {
  return { status: 200, body }
}

function notFound(): Reply {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }
}

function refJson(ref: string, sha: string, annotated: boolean) {
  return { ref, object: { sha, type: annotated ? 'tag' : 'commit' } }
}
