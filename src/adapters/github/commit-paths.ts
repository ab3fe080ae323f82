/**
 * Which paths each commit touches, for path-scoped lines, in one GraphQL
 * request per 100 commits.
 *
 * Neither the compare API nor GraphQL lists a commit's files in bulk (REST
 * gives them one commit per request). Trees do: a commit touches something
 * under X exactly when X's tree or blob id differs from its parent's. So for
 * each commit the adapter reads the entries of the few directories that the
 * configured lines' paths pass through, and reports the entries that changed,
 * descending only into those directories. Every reported path is then either
 * inside a line path or disjoint from it, so `touchesLine` decides on them
 * exactly as on the full file list (`git log --name-only` in the local forge).
 */
import { call, type GitHubRepo } from './github-repo.ts'

export type PathScope = { paths: readonly string[]; excludePaths: readonly string[] }

type Entries = Map<string, string>
/** A commit's side: directory ('' = root) -> entries; null when that directory is not there. */
type Side = Map<string, Entries | null>

const BATCH = 100

/** The directories to look into: the root and every proper ancestor of a line path. */
export function scopeDirectories(scopes: readonly PathScope[]): string[] {
  const dirs = new Set<string>([''])
  for (const s of scopes) {
    for (const raw of [...s.paths, ...s.excludePaths]) {
      const parts = normalise(raw).split('/').filter(Boolean)
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
    }
  }
  return [...dirs]
}

/** The changed entries between a commit and its parent (null: a root commit), as paths. */
export function changedPaths(commit: Side, parent: Side | null, dirs: ReadonlySet<string>): string[] {
  const out: string[] = []
  const visit = (dir: string) => {
    const a = commit.get(dir) ?? new Map<string, string>()
    const b = parent?.get(dir) ?? new Map<string, string>()
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(name) === b.get(name)) continue
      const path = dir ? `${dir}/${name}` : name
      if (!dirs.has(path)) {
        out.push(path)
        continue
      }
      // A directory a line path lies under: look inside. If it is a file on one
      // side (a directory replaced by a file), the path itself changed too.
      if (!commit.get(path) || (parent && b.has(name) && !parent.get(path))) out.push(path)
      visit(path)
    }
  }
  visit('')
  return out
}

/** Paths touched by each commit (merges: none, like `git log --name-only`). */
export async function readCommitPaths(
  r: GitHubRepo,
  commits: readonly { sha: string; parents: readonly string[] }[],
  scopes: readonly PathScope[],
): Promise<Map<string, string[]>> {
  const dirList = scopeDirectories(scopes)
  const dirs = new Set(dirList)
  const out = new Map<string, string[]>()
  const wanted = commits.filter((c) => c.parents.length <= 1)
  for (const c of commits) if (c.parents.length > 1) out.set(c.sha, [])
  for (let i = 0; i < wanted.length; i += BATCH) {
    const batch = wanted.slice(i, i + BATCH)
    const query = treesQuery(
      batch.map((c) => c.sha),
      dirList.filter(Boolean),
    )
    const data = await call(`reading the paths of ${batch.length} commits of ${r.owner}/${r.repo}`, () =>
      r.client.graphql<{ repository: Record<string, (RawSide & { parents: { nodes: RawSide[] } }) | null> }>(
        query,
        { owner: r.owner, name: r.repo },
      ),
    )
    batch.forEach((c, j) => {
      const node = data.repository[`c${j}`]
      if (!node)
        throw new Error(`commit ${c.sha} is missing on GitHub: was the branch force-pushed? plan again`)
      const parent = node.parents.nodes[0]
      out.set(c.sha, changedPaths(toSide(node, dirList), parent ? toSide(parent, dirList) : null, dirs))
    })
  }
  return out
}

export type RawEntries = { entries: { name: string; oid: string }[] } | null | undefined
export type RawSide = { tree: RawEntries } & Record<string, { object: RawEntries } | null | unknown>

export function toSide(raw: RawSide, dirList: readonly string[]): Side {
  const side: Side = new Map()
  const entries = (e: RawEntries) => (e?.entries ? new Map(e.entries.map((x) => [x.name, x.oid])) : null)
  side.set('', entries(raw.tree))
  dirList.forEach((dir, i) => {
    if (!dir) return
    const file = raw[`d${i}`] as { object: RawEntries } | null | undefined
    side.set(dir, entries(file?.object))
  })
  return side
}

/** The `HeraldSide` fragment: a commit's root tree and the entries of `dirs` (numbered from 1). */
export function sideFragment(dirs: readonly string[]): string {
  const dirFields = dirs
    .map(
      (d, i) =>
        `d${i + 1}: file(path: ${JSON.stringify(d)}) { object { ... on Tree { entries { name oid } } } }`,
    )
    .join(' ')
  return `fragment HeraldSide on Commit { tree { entries { name oid } } ${dirFields} }`
}

function treesQuery(shas: readonly string[], dirs: readonly string[]): string {
  // Directory aliases are numbered by their place in `scopeDirectories` (root is 0).
  const commits = shas
    .map((sha, i) => {
      if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error(`not a commit sha: ${sha}`)
      return `c${i}: object(oid: "${sha}") { ...HeraldSide ... on Commit { parents(first: 1) { nodes { ...HeraldSide } } } }`
    })
    .join('\n')
  return `query HeraldCommitTrees($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
${commits}
  }
}
${sideFragment(dirs)}`
}

export function normalise(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '')
}
