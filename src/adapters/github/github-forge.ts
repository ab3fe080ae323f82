/**
 * The GitHub forge: plans and cuts through the REST API (and GraphQL where
 * REST would take one request per item). A plan costs, for a range of C
 * commits: 2 requests for the tags and the head (`github-refs.ts`),
 * ceil(C/100) compare pages, and for path-scoped lines ceil(C/100) tree
 * lookups (`commit-paths.ts`). A path-scoped line planned through
 * `lineRange` costs instead one compare and about one GraphQL request per 100
 * of its own commits, which carry their pull requests too (`line-history.ts`).
 * A guessed base that is not an ancestor costs one compare page and one
 * GraphQL comparison of 100 tags; pull requests are looked up by number, 100
 * a request (`github-pulls.ts`). docs/github.md has the whole account.
 */
import type { RawCommit } from '../../core/plan-release.ts'
import type { TagRef } from '../../core/versions.ts'
import type { CutRequest, CutResult, Forge } from '../../ports/forge.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { CommitRange, LineCommitQuery, LineCommits } from '../../ports/history.ts'
import type {
  CiStatus,
  FileChange,
  PullRequestInfo,
  ReleaseHost,
  ReleasePrHost,
  ReleasePullRequest,
} from '../../ports/release-host.ts'
import { type PathScope, readCommitPaths } from './commit-paths.ts'
import { readCiStatus, readRecentCommits } from './github-ci.ts'
import { createGitHubClient, type GitHubClientOptions, webUrlFor } from './github-client.ts'
import { cutGitHubRelease } from './github-cut.ts'
import { readFirstFile } from './github-files.ts'
import { lookupPulls } from './github-pulls.ts'
import { type RefsSnapshot, readRefs, tagsAncestorOf, unixTime } from './github-refs.ts'
import {
  commitToBranch,
  findReleasePr,
  listFolder,
  upsertReleasePr,
  writeReleaseBranch,
} from './github-release-pr.ts'
import { call, callOrNull, expect, type GitHubRepo, pages } from './github-repo.ts'
import { readLineHistory } from './line-history.ts'

export type GitHubForgeOptions = GitHubClientOptions & {
  /** `owner/name`. */
  repository: string
  /** The branch "HEAD" stands for; default: the repository's default branch. */
  branch?: string | undefined
  /** Paths of every configured line, so that path-scoped reads look in the right directories. */
  scopes?: readonly PathScope[] | undefined
  /** Cut annotated tags (a tag object with the release title as message). */
  annotatedTags?: boolean | undefined
}

type CommitJson = {
  sha: string
  parents: { sha: string }[]
  commit: {
    message: string
    author: { name?: string; email?: string; date?: string } | null
    committer: { date?: string } | null
  }
}

export class GitHubForge implements Forge, ReleaseHost, ReleasePrHost {
  readonly repo: GitHubRepo
  private readonly options: GitHubForgeOptions
  private branch: string | undefined
  private default: string | undefined
  /** Pull requests read along with the last line history: `pullRequests` needs no listing for them. */
  private pulls = new Map<number, PullRequestInfo>()
  /** The tags read now, shared by the calls that ask meanwhile. */
  private reading: Promise<RefsSnapshot> | null = null
  /** Tag names by commit, from the last tags read (the line history compares tags by name). */
  private tagNames = new Map<string, string[]>()

  constructor(options: GitHubForgeOptions) {
    const m = /^([\w.-]+)\/([\w.-]+)$/.exec(options.repository)
    if (!m)
      throw new ForgeError(
        'invalid',
        `repo must be owner/name, got "${options.repository}": fix \`repo\` in the config`,
      )
    if (!options.token)
      throw new ForgeError(
        'unauthorized',
        'GITHUB_TOKEN is empty: set it to a token with access to the repository',
      )
    this.options = options
    this.branch = options.branch
    this.repo = { client: createGitHubClient(options), owner: m[1]!, repo: m[2]! }
  }

  private get name(): string {
    return `${this.repo.owner}/${this.repo.repo}`
  }

  async currentBranch(): Promise<string> {
    this.branch ??= await this.defaultBranch()
    return this.branch
  }

  async defaultBranch(): Promise<string> {
    if (this.default === undefined) {
      const { data } = await call(`reading repository ${this.name}`, () =>
        this.repo.client.rest.repos.get({ owner: this.repo.owner, repo: this.repo.repo }),
      )
      this.default = expect(data.default_branch, `default branch of ${this.name}`)
    }
    return this.default
  }

  async webUrl(): Promise<string> {
    return webUrlFor(this.options.baseUrl, this.repo.owner, this.repo.repo)
  }

  async resolveCommit(ref: string): Promise<{ sha: string; time: number } | null> {
    if (!ref || ref.startsWith('-')) return null
    if (ref === 'HEAD') {
      // Let a `tags()` asked alongside start first: the head then comes with the tags.
      await null
      const head = this.reading ? (await this.reading).head : undefined
      if (head) return head
    }
    let name = ref === 'HEAD' ? await this.currentBranch() : ref
    if (name.startsWith('refs/tags/')) {
      const sha = await this.tagCommit(name.slice('refs/tags/'.length))
      if (!sha) return null
      name = sha
    }
    const found = await callOrNull(
      `resolving ${ref} in ${this.name}`,
      () =>
        this.repo.client.request('GET /repos/{owner}/{repo}/commits/{ref}', {
          owner: this.repo.owner,
          repo: this.repo.repo,
          ref: name,
          per_page: 1,
        }),
      true,
    )
    if (!found) return null
    const data = found.data as unknown as CommitJson
    return { sha: data.sha, time: unixTime(data.commit.committer?.date) ?? 0 }
  }

  /** The commit a tag points to (annotated tags peeled), or null when there is no such tag. */
  async tagCommit(tag: string): Promise<string | null> {
    const ref = await callOrNull(`reading tag ${tag} of ${this.name}`, () =>
      this.repo.client.rest.git.getRef({ owner: this.repo.owner, repo: this.repo.repo, ref: `tags/${tag}` }),
    )
    if (!ref) return null
    let { sha, type } = ref.data.object
    for (let depth = 0; type === 'tag' && depth < 5; depth++) {
      const { data } = await call(`reading tag object ${sha}`, () =>
        this.repo.client.rest.git.getTag({ owner: this.repo.owner, repo: this.repo.repo, tag_sha: sha }),
      )
      ;({ sha, type } = data.object)
    }
    return sha
  }

  /**
   * Read afresh each time: the forge lives as long as the bot, and tags appear
   * meanwhile. Calls at the same time share one read (`github-refs.ts`), and so
   * does `resolveCommit('HEAD')` asked alongside: the head comes in the same query.
   */
  async tags(): Promise<TagRef[]> {
    return (await this.refs()).tags
  }

  private refs(): Promise<RefsSnapshot> {
    if (!this.reading) {
      const read = readRefs(this.repo, this.branch ?? null).then((snapshot) => {
        this.tagNames = new Map()
        for (const t of snapshot.tags) this.tagNames.set(t.sha, [...(this.tagNames.get(t.sha) ?? []), t.name])
        return snapshot
      })
      this.reading = read
      const done = () => {
        if (this.reading === read) this.reading = null
      }
      read.then(done, done)
    }
    return this.reading
  }

  /**
   * The tags (of `among`, when given: the planner asks only about its line's)
   * whose commit is `sha` or an ancestor, in one GraphQL request per 100 tags.
   */
  async tagsReachableFrom(sha: string, among?: readonly string[]): Promise<Set<string>> {
    const names = among ?? (await this.tags()).map((t) => t.name)
    return tagsAncestorOf(this.repo, names, sha)
  }

  async range(query: CommitRange, onBatch?: (batch: RawCommit[]) => void): Promise<RawCommit[]> {
    const base = query.since
    const what = `reading the commits of ${this.name} ${base ? `since ${base.slice(0, 12)}` : `up to ${query.to.slice(0, 12)}`}`
    const raw: CommitJson[] = []
    const listing = base
      ? pages(
          this.repo,
          what,
          'GET /repos/{owner}/{repo}/compare/{basehead}',
          { basehead: `${base}...${query.to}` },
          (d) => (d as { commits?: CommitJson[] }).commits ?? [],
        )
      : pages(
          this.repo,
          what,
          'GET /repos/{owner}/{repo}/commits',
          { sha: query.to },
          (d) => d as CommitJson[],
        )
    for await (const page of listing) {
      // A guessed base that is not an ancestor: the planner drops these commits, so read no more of them.
      const status = (page.data as { status?: string }).status
      if (base && query.baseGuess && status !== 'ahead' && status !== 'identical') {
        onBatch?.([])
        return []
      }
      raw.push(...page.items)
    }
    // compare lists oldest first; the port (like `git log`) wants newest first.
    if (base) raw.reverse()
    const commits = raw.map(toRawCommit)
    if (query.withFiles) {
      const files = await readCommitPaths(this.repo, commits, this.options.scopes ?? [])
      for (const c of commits) c.files = files.get(c.sha) ?? []
    }
    onBatch?.(commits)
    return commits
  }

  async lineRange(query: LineCommitQuery): Promise<LineCommits | 'base-not-ancestor' | null> {
    const pulls = new Map<number, PullRequestInfo>()
    const read = await readLineHistory(this.repo, query, (pr) => pulls.set(pr.number, pr), this.tagNames)
    this.pulls = pulls
    return read
  }

  cutRelease(request: CutRequest): Promise<CutResult> {
    return cutGitHubRelease(this, request, {
      annotated: request.annotated ?? this.options.annotatedTags ?? false,
      apiUrl: this.options.baseUrl,
    })
  }

  ciStatus(sha: string): Promise<CiStatus> {
    return readCiStatus(this.repo, sha)
  }

  async recentCommits(branch: string, count: number): Promise<string[]> {
    return readRecentCommits(this.repo, branch, count)
  }

  findReleasePr(branch: string): Promise<ReleasePullRequest | null> {
    return findReleasePr(this.repo, branch)
  }

  writeReleaseBranch(
    branch: string,
    baseSha: string,
    message: string,
    changes: FileChange[],
  ): Promise<string> {
    return writeReleaseBranch(this.repo, branch, baseSha, message, changes)
  }

  commitToBranch(branch: string, parentSha: string, message: string, changes: FileChange[]): Promise<string> {
    return commitToBranch(this.repo, branch, parentSha, message, changes)
  }

  upsertReleasePr(input: Parameters<ReleasePrHost['upsertReleasePr']>[0]): Promise<ReleasePullRequest> {
    return upsertReleasePr(this.repo, input)
  }

  async readFile(path: string, ref: string): Promise<string | null> {
    const found = await callOrNull(`reading ${path} at ${ref.slice(0, 12)} in ${this.name}`, () =>
      this.repo.client.rest.repos.getContent({ owner: this.repo.owner, repo: this.repo.repo, path, ref }),
    )
    if (!found) return null
    const data = found.data as { type?: string; content?: string; encoding?: string }
    if (data.type !== 'file' || typeof data.content !== 'string') return null
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  }

  /** The files directly in `dir` at a commit (the contents API lists a folder, up to 1,000 entries). */
  listFiles(dir: string, ref: string): Promise<string[]> {
    return listFolder(this.repo, this.name, dir, ref)
  }

  readFirstFile(paths: readonly string[], ref: string): Promise<{ path: string; text: string } | null> {
    return readFirstFile(this.repo, paths, ref)
  }

  /**
   * Pull requests by number, with labels and authors: those read along with
   * the last line history, and the others looked up by number in GraphQL,
   * 100 a request (`github-pulls.ts`).
   */
  async pullRequests(numbers: readonly number[]): Promise<PullRequestInfo[]> {
    const wanted = new Set(numbers)
    const found: PullRequestInfo[] = []
    for (const n of wanted) {
      const known = this.pulls.get(n)
      if (!known) continue
      found.push(known)
      wanted.delete(n)
    }
    return wanted.size === 0 ? found : [...found, ...(await lookupPulls(this.repo, wanted))]
  }
}

function toRawCommit(c: CommitJson): RawCommit {
  return {
    sha: c.sha,
    parents: c.parents.map((p) => p.sha),
    author: c.commit.author?.name ?? '',
    time: unixTime(c.commit.author?.date) ?? 0,
    message: c.commit.message,
  }
}
