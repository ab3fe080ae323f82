/** Commit trees as Herald's GraphQL queries select them: the root entries plus `dN: file(path:)` folders. */
import type { FakeCommit, FakeRepo } from '../fake-model.ts'

/** The `dN: file(path: "...")` folder selections of a query, as [N, path]. */
export function folderSelections(query: string): (readonly [string, string])[] {
  return [...query.matchAll(/d(\d+): file\(path: ("(?:[^"\\]|\\.)*")\)/g)].map(
    (x) => [x[1]!, JSON.parse(x[2]!) as string] as const,
  )
}

/** One commit's root tree and selected folders. */
export function treeSide(
  repo: FakeRepo,
  folders: readonly (readonly [string, string])[],
): (c: FakeCommit) => Record<string, unknown> {
  return (c) => {
    const out: Record<string, unknown> = {
      tree: { entries: [...repo.entries(c.files, '')!].map(([name, oid]) => ({ name, oid })) },
    }
    for (const [i, d] of folders) {
      const e = repo.entries(c.files, d)
      out[`d${i}`] = e ? { object: { entries: [...e].map(([name, oid]) => ({ name, oid })) } } : null
    }
    return out
  }
}
