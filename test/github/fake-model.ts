/**
 * The repository a fake GitHub serves: commits with flat file trees, refs,
 * tag objects, releases, pull requests and CI results. Test support only.
 */
import { createHash } from 'node:crypto'

export type Person = { name: string; email: string; date: string }
export type FakeCommit = {
  sha: string
  parents: string[]
  message: string
  author: Person
  committer: Person
  /** Path -> blob oid. */
  files: Map<string, string>
  /** Path -> mode, for files that are not `100644` (an executable's `100755`). */
  modes?: Map<string, string> | undefined
  login?: string | undefined
}
/** A release asset: its bytes, and GitHub's `sha256:` digest (null for assets uploaded before GitHub kept one). */
export type FakeAsset = { id: number; name: string; content: string; digest: string | null }
export type FakeRelease = {
  id: number
  tag_name: string
  name: string
  body: string
  prerelease: boolean
  make_latest: string
  draft: boolean
  assets: FakeAsset[]
}
export type FakePull = {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  head: string
  base: string
  user: string
  labels: string[]
  merged_at: string | null
  merge_commit_sha: string | null
  created: number
  /** The pull request's own commits, oldest first (`GET /pulls/{n}/commits`). */
  commits?: string[] | undefined
}
export type CheckRun = {
  name: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
}
export type CommitStatus = { context: string; state: 'success' | 'failure' | 'error' | 'pending' }

export class FakeRepo {
  readonly owner: string
  readonly name: string
  defaultBranch = 'main'
  readonly commits = new Map<string, FakeCommit>()
  readonly blobs = new Map<string, string>()
  /** `refs/heads/main`, `refs/tags/v1.0.0` -> commit or tag-object sha. */
  readonly refs = new Map<string, string>()
  readonly tagObjects = new Map<string, { tag: string; message: string; object: string }>()
  /** Trees made through the git data API: sha -> files. */
  readonly trees = new Map<string, Map<string, string>>()
  /** A tree's files that are not `100644`: tree sha -> path -> mode. */
  readonly treeModes = new Map<string, Map<string, string>>()
  /** Folders of trees listed by `GET /git/trees/{sha}`: folder tree sha -> its root tree and path. */
  readonly folders = new Map<string, { root: string; dir: string }>()
  readonly releases: FakeRelease[] = []
  /** The release `GET /releases/latest` answers: the last one made latest, never a pre-release or draft. */
  latestReleaseId: number | null = null
  readonly pulls: FakePull[] = []
  readonly checkRuns = new Map<string, CheckRun[]>()
  readonly statuses = new Map<string, CommitStatus[]>()
  private counter = 0

  constructor(owner = 'acme', name = 'widget') {
    this.owner = owner
    this.name = name
  }

  addBlob(content: string): string {
    const oid = sha1(`blob ${content}`)
    this.blobs.set(oid, content)
    return oid
  }

  /** Add a commit; `files` lists content by path (merged over the first parent's files). */
  commit(input: {
    message: string
    parents?: string[]
    files?: Record<string, string | null>
    date?: string
    author?: string
    login?: string
    sha?: string
  }): string {
    const parents = input.parents ?? []
    const files = new Map(parents[0] ? this.commits.get(parents[0])!.files : [])
    const modes = new Map(parents[0] ? (this.commits.get(parents[0])!.modes ?? []) : [])
    for (const [path, content] of Object.entries(input.files ?? {})) {
      if (content === null) files.delete(path)
      else files.set(path, this.addBlob(content))
      if (content === null) modes.delete(path)
    }
    const date = input.date ?? new Date(Date.UTC(2024, 0, 1) + ++this.counter * 60_000).toISOString()
    const who = input.author ?? 'Ada Lovelace'
    const person = { name: who, email: `${who.split(' ')[0]!.toLowerCase()}@example.com`, date }
    const sha = input.sha ?? sha1(`commit ${input.message} ${parents.join(',')} ${date} ${++this.counter}`)
    this.commits.set(sha, {
      sha,
      parents,
      message: input.message,
      author: person,
      committer: person,
      files,
      ...(modes.size ? { modes } : {}),
      login: input.login,
    })
    return sha
  }

  /** The commit a branch, tag, `refs/...` name or sha names. */
  resolve(ref: string): string | null {
    for (const name of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const target = this.refs.get(name)
      if (target) return this.peel(target)
    }
    return this.commits.has(ref) ? ref : null
  }

  peel(sha: string): string {
    let at = sha
    while (this.tagObjects.has(at)) at = this.tagObjects.get(at)!.object
    return at
  }

  /** Commits reachable from `from`, in git log's default order (committer date, newest first). */
  walk(from: string, stop: ReadonlySet<string> = new Set()): FakeCommit[] {
    const out: FakeCommit[] = []
    const seen = new Set<string>([from])
    const queue = [this.commits.get(from)!]
    while (queue.length) {
      queue.sort((a, b) => Date.parse(b.committer.date) - Date.parse(a.committer.date))
      const c = queue.shift()!
      if (stop.has(c.sha)) continue
      out.push(c)
      for (const p of c.parents) {
        if (seen.has(p) || !this.commits.has(p)) continue
        seen.add(p)
        queue.push(this.commits.get(p)!)
      }
    }
    return out
  }

  /**
   * GraphQL's `Commit.history`: `git log <from> [--since] [-- <path>]`, with
   * git's default history simplification for a path (a merge that leaves the
   * path as one parent has it shows nothing and follows only that parent; one
   * that matches no parent is shown and follows all). `since` (ms) is
   * inclusive and, like git's, stops the walk at older commits.
   */
  history(
    from: string,
    options: { path?: string | undefined; since?: number | undefined } = {},
  ): FakeCommit[] {
    const { path, since } = options
    const out: FakeCommit[] = []
    const seen = new Set<string>([from])
    const queue = [this.commits.get(from)!]
    const same = (a: FakeCommit, b: FakeCommit | undefined) => {
      if (path === undefined) return false
      const under = (p: string) => p === path || p.startsWith(`${path}/`)
      const keys = new Set([...a.files.keys(), ...(b?.files.keys() ?? [])].filter(under))
      return [...keys].every((k) => a.files.get(k) === b?.files.get(k))
    }
    while (queue.length) {
      queue.sort((a, b) => Date.parse(b.committer.date) - Date.parse(a.committer.date))
      const c = queue.shift()!
      if (since !== undefined && Date.parse(c.committer.date) < since) continue
      const parents = c.parents.map((p) => this.commits.get(p)).filter((p): p is FakeCommit => !!p)
      let follow = parents
      let shown = path === undefined || !same(c, parents[0])
      if (path !== undefined && parents.length > 1) {
        const treesame = parents.find((p) => same(c, p))
        shown = !treesame
        if (treesame) follow = [treesame]
      }
      if (shown) out.push(c)
      for (const p of follow) {
        if (seen.has(p.sha)) continue
        seen.add(p.sha)
        queue.push(p)
      }
    }
    return out
  }

  ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length) {
      const s = stack.pop()!
      if (seen.has(s)) continue
      seen.add(s)
      stack.push(...(this.commits.get(s)?.parents ?? []))
    }
    return seen
  }

  /** Entries (name -> oid) of the directory `dir` ('' = root) of a file map. */
  entries(files: ReadonlyMap<string, string>, dir: string): Map<string, string> | null {
    const prefix = dir ? `${dir}/` : ''
    const groups = new Map<string, string[]>()
    let found = dir === ''
    for (const [path, oid] of files) {
      if (!path.startsWith(prefix)) continue
      found = true
      const rest = path.slice(prefix.length)
      const slash = rest.indexOf('/')
      const name = slash < 0 ? rest : rest.slice(0, slash)
      const list = groups.get(name) ?? []
      list.push(`${rest} ${oid}`)
      groups.set(name, list)
    }
    if (!found) return null
    const out = new Map<string, string>()
    for (const [name, list] of groups) {
      const direct = list.length === 1 && !list[0]!.slice(0, list[0]!.lastIndexOf(' ')).includes('/')
      out.set(
        name,
        direct ? list[0]!.slice(list[0]!.lastIndexOf(' ') + 1) : sha1(`tree ${list.sort().join('\n')}`),
      )
    }
    return out
  }

  treeOf(commit: FakeCommit): string {
    const modes = commit.modes ?? new Map<string, string>()
    const sha = sha1(
      `tree ${[...commit.files]
        .map(([p, o]) => `${p} ${o}${modes.has(p) ? ` ${modes.get(p)}` : ''}`)
        .sort()
        .join('\n')}`,
    )
    this.trees.set(sha, commit.files)
    this.treeModes.set(sha, modes)
    return sha
  }

  nextPullNumber(): number {
    return Math.max(0, ...this.pulls.map((p) => p.number)) + 1
  }
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}
