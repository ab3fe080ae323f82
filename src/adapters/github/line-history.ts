/**
 * A path-scoped line's commits in about one GraphQL request per 100 of them
 * (`lineRange`), instead of reading the whole range twice.
 *
 * - A line with `paths` walks `history(path:)` of each path from the target
 *   (GitHub's `git log <to> -- <path>`: only the commits touching it), all
 *   paths side by side in one query, page after page.
 * - A line with only `excludePaths` needs every commit, so it walks the plain
 *   `history` of the range.
 *
 * Each walked commit carries its trees (`commit-paths.ts`, for its files)
 * and its pull request with labels and author, which the forge keeps so that
 * the notes need no pull-request listing.
 *
 * The walks stop at the base by date: `since` one second after the base's
 * committer date. That is the range exactly when no commit of the range is
 * older than the base and no ancestor of the base newer; the same query counts
 * the commits since that date, and a count other than compare's
 * `total_commits` (dates disagreeing with the history) gives up: the caller
 * then reads the whole range.
 */
import type { RawCommit } from '../../core/plan-release.ts'
import type { LineCommitQuery, LineCommits } from '../../ports/history.ts'
import type { PullRequestInfo } from '../../ports/release-host.ts'
import {
  changedPaths,
  normalise,
  type RawSide,
  scopeDirectories,
  sideFragment,
  toSide,
} from './commit-paths.ts'
import { PULL_FIELDS, type PullNode, toPullInfo } from './github-pulls.ts'
import { isAncestor, tagsAncestorOf, unixTime } from './github-refs.ts'
import { call, callOrNull, type GitHubRepo } from './github-repo.ts'

type CommitNode = RawSide & {
  oid: string
  committedDate: string
  message: string
  author: { name: string | null; date: string | null } | null
  parents: { nodes: { oid: string }[] }
  firstParent: { nodes: RawSide[] }
  associatedPullRequests: { nodes: PullNode[] } | null
}

type Walk = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: CommitNode[] }

type Root = ({ count?: { totalCount: number } } & Record<string, Walk | unknown>) | null
type HistoryPage = { repository: ({ object: Root } & Record<string, Root>) | null }

/** Side walks from the line's tags at most (a pre-release counting from another reads the whole range). */
const SIDE_WALKS = 10

export async function readLineHistory(
  r: GitHubRepo,
  q: LineCommitQuery,
  onPull: (pr: PullRequestInfo) => void,
  tagNames: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<LineCommits | 'base-not-ancestor' | null> {
  const start = q.base ? await sinceBase(r, q.base, q.to) : { since: null, expected: null }
  if (start === null || start === 'base-not-ancestor') return start
  if (start === 'identical') return { commits: [], tagsInRange: new Set() }

  const paths = [...new Set(q.paths.map(normalise))]
  // A path of the whole repository walks everything, like a line with only excludePaths.
  const walks = paths.length === 0 || paths.some((p) => p === '' || p === '.') ? [null] : paths
  const dirList = scopeDirectories([{ paths: q.paths, excludePaths: q.excludePaths }])
  // The highest versions first (the caller's order): the likeliest previous release of a series.
  const sides = [...new Set(q.tags)].slice(0, SIDE_WALKS)
  const { byOid, counted, below } = await walkHistories(r, { to: q.to, sides }, walks, start.since, dirList)
  if (start.expected !== null && counted !== start.expected) return null

  // `git log` order: newest first (the walks are each in that order; merging keeps ties as walked).
  const nodes = [...byOid.values()]
    .map((node, i) => ({ node, i, at: Date.parse(node.committedDate) }))
    .sort((a, b) => b.at - a.at || a.i - b.i)
    .map((x) => x.node)
  const dirs = new Set(dirList)
  const commits = nodes.map((node) => toRawCommit(node, dirList, dirs, onPull))
  const inRange = await tagsInRange(r, q, byOid, walks[0] === null, tagNames)
  // A tag's walk is the line's commits it descends from (within the range when the tag is in it).
  const ancestry = new Map([...below].filter(([sha]) => inRange.has(sha)))
  return { commits, tagsInRange: inRange, ancestry }
}

/**
 * Where the walks stop: one second after the base's committer date, and how
 * many commits compare counts in the range. `base-not-ancestor` when it is
 * not an ancestor of `to`; null when it has no date (or is not on GitHub);
 * `identical` when the range is empty.
 */
async function sinceBase(
  r: GitHubRepo,
  base: string,
  to: string,
): Promise<{ since: string; expected: number } | 'identical' | 'base-not-ancestor' | null> {
  const found = await callOrNull(`comparing ${base.slice(0, 12)} with ${to.slice(0, 12)}`, () =>
    r.client.rest.repos.compareCommitsWithBasehead({
      owner: r.owner,
      repo: r.repo,
      basehead: `${base}...${to}`,
      per_page: 1,
    }),
  )
  const status = found?.data.status
  if (!found) return null
  if (status !== 'ahead' && status !== 'identical') return 'base-not-ancestor'
  if (status === 'identical') return 'identical'
  const date = Date.parse(found.data.merge_base_commit.commit.committer?.date ?? '')
  if (!Number.isFinite(date)) return null
  const since = new Date(Math.floor(date / 1000) * 1000 + 1000).toISOString().replace('.000Z', 'Z')
  return { since, expected: found.data.total_commits }
}

/**
 * Every walk side by side in one query, page after page; the count comes with
 * the first page. The same walks from each of `sides` (tags that may lie in
 * the range) go alongside, their commits' ids only, for as long as the
 * target's walks: a tag in the range has no more commits than the range. A
 * side walk unfinished by then is left out of `below`.
 */
async function walkHistories(
  r: GitHubRepo,
  roots: { to: string; sides: readonly string[] },
  walks: readonly (string | null)[],
  since: string | null,
  dirList: readonly string[],
): Promise<{ byOid: Map<string, CommitNode>; counted: number | null; below: Map<string, Set<string>> }> {
  const name = `${r.owner}/${r.repo}`
  const cursors = new Map<string, string | null>()
  for (const i of walks.keys()) {
    cursors.set(`h${i}`, null)
    for (const j of roots.sides.keys()) cursors.set(`s${j}h${i}`, null)
  }
  const byOid = new Map<string, CommitNode>()
  const below = new Map(roots.sides.map((sha) => [sha, new Set<string>()]))
  let counted: number | null = null
  for (let first = true; [...cursors.keys()].some((k) => k.startsWith('h')); first = false) {
    const query = historyQuery(roots, walks, cursors, since, first && since !== null, dirList.filter(Boolean))
    const data = await call(`reading the history of ${walks.join(', ') || 'the range'} in ${name}`, () =>
      r.client.graphql<HistoryPage>(query, { owner: r.owner, name: r.repo }),
    )
    const object = data.repository?.object
    if (!object)
      throw new Error(`commit ${roots.to} is missing on GitHub: was the branch force-pushed? plan again`)
    if (object.count) counted = object.count.totalCount
    for (const key of [...cursors.keys()]) {
      const side = /^s(\d+)h/.exec(key)
      const walk = (side ? data.repository?.[`s${side[1]}`]?.[key] : object[key]) as Walk | undefined
      if (!walk)
        throw new Error(
          `GitHub answered no history for ${walks[Number(/h(\d+)$/.exec(key)![1])] ?? 'the range'} of ${name}`,
        )
      for (const node of walk.nodes) {
        if (side) below.get(roots.sides[Number(side[1])]!)!.add(node.oid)
        else if (!byOid.has(node.oid)) byOid.set(node.oid, node)
      }
      if (walk.pageInfo.hasNextPage && walk.nodes.length > 0) cursors.set(key, walk.pageInfo.endCursor)
      else cursors.delete(key)
    }
  }
  for (const key of cursors.keys()) below.delete(roots.sides[Number(/^s(\d+)h/.exec(key)![1])]!)
  return { byOid, counted, below }
}

/** A walked commit as the port gives it, its pull request handed to `onPull`. */
function toRawCommit(
  node: CommitNode,
  dirList: readonly string[],
  dirs: ReadonlySet<string>,
  onPull: (pr: PullRequestInfo) => void,
): RawCommit {
  const parents = node.parents.nodes.map((p) => p.oid)
  const parent = node.firstParent.nodes[0]
  const files =
    parents.length > 1
      ? []
      : changedPaths(toSide(node, dirList), parent ? toSide(parent, dirList) : null, dirs)
  for (const pr of node.associatedPullRequests?.nodes ?? []) {
    const info = toPullInfo(pr)
    if (info) onPull(info)
  }
  return {
    sha: node.oid,
    parents,
    author: node.author?.name ?? '',
    time: unixTime(node.author?.date) ?? 0,
    message: node.message,
    files,
  }
}

/**
 * A tag's commit in the walk is in the range; otherwise, with a whole-range
 * walk it is not, and with path walks it is when it is an ancestor of `to`
 * (the caller asks only for tags newer than the base): asked by tag name in
 * GraphQL, 100 tags a request (`github-refs.ts`); a commit whose tag name is
 * not known (tags changed meanwhile) by one REST compare.
 */
async function tagsInRange(
  r: GitHubRepo,
  q: LineCommitQuery,
  byOid: ReadonlyMap<string, CommitNode>,
  wholeRange: boolean,
  tagNames: ReadonlyMap<string, readonly string[]>,
): Promise<Set<string>> {
  const inRange = new Set<string>()
  const unknown = q.tags.filter((sha) => {
    if (byOid.has(sha)) inRange.add(sha)
    return !byOid.has(sha) && !wholeRange
  })
  const named = unknown.filter((sha) => tagNames.get(sha)?.length)
  const reachable = await tagsAncestorOf(
    r,
    named.map((sha) => tagNames.get(sha)![0]!),
    q.to,
  )
  for (const sha of named) if (reachable.has(tagNames.get(sha)![0]!)) inRange.add(sha)
  await Promise.all(
    unknown
      .filter((sha) => !tagNames.get(sha)?.length)
      .map(async (sha) => {
        if (await isAncestor(r, sha, q.to, sha.slice(0, 12))) inRange.add(sha)
      }),
  )
  return inRange
}

function historyQuery(
  roots: { to: string; sides: readonly string[] },
  walks: readonly (string | null)[],
  cursors: ReadonlyMap<string, string | null>,
  since: string | null,
  withCount: boolean,
  dirs: readonly string[],
): string {
  for (const sha of [roots.to, ...roots.sides])
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error(`not a commit sha: ${sha}`)
  const arg = (key: string, value: string | null) =>
    value === null ? '' : `, ${key}: ${JSON.stringify(value)}`
  const field = (key: string, after: string | null, nodes: string) => {
    const walk = walks[Number(/h(\d+)$/.exec(key)![1])] ?? null
    return `${key}: history(first: 100${arg('path', walk)}${arg('since', since)}${arg('after', after)}) { pageInfo { hasNextPage endCursor } nodes { ${nodes} } }`
  }
  const main = [...cursors]
    .filter(([k]) => k.startsWith('h'))
    .map(([k, after]) => field(k, after, '...HeraldNode'))
  if (withCount) main.unshift(`count: history(first: 1${arg('since', since)}) { totalCount }`)
  const sides = roots.sides.flatMap((sha, j) => {
    const fields = [...cursors]
      .filter(([k]) => k.startsWith(`s${j}h`))
      .map(([k, after]) => field(k, after, 'oid'))
    return fields.length ? [`s${j}: object(oid: "${sha}") { ... on Commit { ${fields.join(' ')} } }`] : []
  })
  return `query HeraldLineHistory($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    object(oid: "${roots.to}") { ... on Commit {
      ${main.join('\n      ')}
    } }
    ${sides.join('\n    ')}
  }
}
fragment HeraldNode on Commit {
  oid committedDate message
  author { name date }
  parents(first: 100) { nodes { oid } }
  firstParent: parents(first: 1) { nodes { ...HeraldSide } }
  associatedPullRequests(first: 1) { nodes { ${PULL_FIELDS} } }
  ...HeraldSide
}
${sideFragment(dirs)}`
}
