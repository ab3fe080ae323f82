/**
 * The GitHub forge: plans and cuts through the REST API (and GraphQL where
 * REST would take one request per item). A plan costs, for a range of C
 * commits: 1 request for the head, 1 per 100 tags, ceil(C/100) compare pages,
 * and for path-scoped lines ceil(C/100) tree lookups (`commit-paths.ts`).
 * A path-scoped line planned through `lineRange` costs instead one
 * compare and about one GraphQL request per 100 of its own commits, which
 * carry their pull requests too (`line-history.ts`).
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
import { listClosedPulls } from './github-pulls.ts'
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

  /** Read afresh each time: the forge lives as long as the bot, and tags appear meanwhile. */
  async tags(): Promise<TagRef[]> {
    // GraphQL: REST lists tags without dates, and the planner needs them to guess the base.
    const tags: TagRef[] = []
    let after: string | null = null
    for (;;) {
      const data: TagsPage = await call(`listing the tags of ${this.name}`, () =>
        this.repo.client.graphql<TagsPage>(TAGS_QUERY, {
          owner: this.repo.owner,
          name: this.repo.repo,
          after,
        }),
      )
      const refs = expect(data.repository?.refs, `tags of ${this.name}`)
      for (const node of refs.nodes) {
        let target = node.target
        for (let depth = 0; target?.__typename === 'Tag' && depth < 5; depth++) target = target.target ?? null
        if (target?.__typename !== 'Commit') continue
        tags.push({ name: node.name, sha: target.oid, time: unixTime(target.committedDate) })
      }
      if (!refs.pageInfo.hasNextPage) return tags
      after = refs.pageInfo.endCursor
    }
  }

  /**
   * One compare per tag (REST has no "tags merged into"): only reached when
   * the planner's guessed base is not an ancestor of the head.
   */
  async tagsReachableFrom(sha: string): Promise<Set<string>> {
    const tags = await this.tags()
    const out = new Set<string>()
    const queue = [...tags]
    const worker = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        const tag = t
        if (tag.sha === sha) {
          out.add(tag.name)
          continue
        }
        const found = await callOrNull(`comparing ${tag.name} with ${sha.slice(0, 12)}`, () =>
          this.repo.client.rest.repos.compareCommitsWithBasehead({
            owner: this.repo.owner,
            repo: this.repo.repo,
            basehead: `${tag.sha}...${sha}`,
            per_page: 1,
          }),
        )
        if (found && (found.data.status === 'ahead' || found.data.status === 'identical')) out.add(tag.name)
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    return out
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
    for await (const page of listing) raw.push(...page.items)
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

  async lineRange(query: LineCommitQuery): Promise<LineCommits | null> {
    const pulls = new Map<number, PullRequestInfo>()
    const read = await readLineHistory(this.repo, query, (pr) => pulls.set(pr.number, pr))
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

  /**
   * Pull requests by number, with labels and authors: those read along with
   * the last line history, and the others from closed PRs newest first, 100
   * a page, until every wanted number is found or passed (numbers grow with
   * creation, so a page below the lowest wanted ends it).
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
    return wanted.size === 0 ? found : [...found, ...(await listClosedPulls(this.repo, this.name, wanted))]
  }
}

type TagTarget = { __typename: string; oid: string; committedDate?: string; target?: TagTarget }
type TagsPage = {
  repository: {
    refs: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null }
      nodes: { name: string; target: TagTarget | null }[]
    } | null
  } | null
}

const TAGS_QUERY = `query HeraldTags($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    refs(refPrefix: "refs/tags/", first: 100, after: $after, orderBy: { field: ALPHABETICAL, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { name target { __typename oid ...C ... on Tag { target { __typename oid ...C ... on Tag { target { __typename oid ...C } } } } } }
    }
  }
}
fragment C on Commit { committedDate }`

function toRawCommit(c: CommitJson): RawCommit {
  return {
    sha: c.sha,
    parents: c.parents.map((p) => p.sha),
    author: c.commit.author?.name ?? '',
    email: c.commit.author?.email ?? '',
    date: c.commit.author?.date ?? '',
    message: c.commit.message,
  }
}

function unixTime(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined
}
