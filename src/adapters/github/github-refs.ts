/**
 * Tags, the branch's head, and which tags a commit descends from, in a
 * number of requests that does not grow with the tags (within reason):
 *
 * - Every tag: one `git/matching-refs/tags` (GitHub answers it whole, without
 *   pages), then one GraphQL request per 500 distinct tag objects for their
 *   commits and dates (annotated tags peeled), the branch's head in the same
 *   query. The GraphQL `refs` connection would take one request per 100 tags.
 * - Reachability: GraphQL `Ref.compare(headRef:)` of up to 100 tags a request,
 *   where REST takes one compare per tag.
 */

import type { TagRef } from '../../core/versions.ts'
import type { CommitPoint } from '../../ports/history.ts'
import { call, callOrNull, type GitHubRepo, pages } from './github-repo.ts'

/** Object lookups per GraphQL request: plain lookups cost GitHub one point each, no connection. */
const LOOKUPS = 500
/** Ref comparisons per GraphQL request (each is a merge-base computation on GitHub's side). */
const COMPARES = 100

type MatchingRef = { ref: string; object: { sha: string; type: string } }
type Target = { __typename: string; oid: string; committedDate?: string; target?: Target | null }

/** `head`: undefined when not asked for, null when the branch has no commit. */
export type RefsSnapshot = { tags: TagRef[]; head: CommitPoint | null | undefined }

/** Every tag with its commit and date, and (when `branch` is given) that branch's head. */
export async function readRefs(r: GitHubRepo, branch: string | null): Promise<RefsSnapshot> {
  const name = `${r.owner}/${r.repo}`
  const refs: MatchingRef[] = []
  // GitHub ignores per_page here and answers every matching ref; the Link header is followed all the same.
  const listing = pages(
    r,
    `listing the tags of ${name}`,
    'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
    { ref: 'tags', per_page: undefined },
    (d) => d as MatchingRef[],
  )
  for await (const page of listing) refs.push(...page.items.filter((x) => x.ref.startsWith('refs/tags/')))
  const objects = [...new Set(refs.map((x) => x.object.sha))]
  const peeled = new Map<string, { oid: string; time: number | undefined }>()
  let head: CommitPoint | null | undefined = branch === null ? undefined : null
  for (let i = 0; (i === 0 && branch !== null) || i < objects.length; i += LOOKUPS) {
    const batch = objects.slice(i, i + LOOKUPS)
    const data = await call(`reading the tags of ${name}`, () =>
      r.client.graphql<{ repository: Record<string, Target | null> | null }>(
        refsQuery(batch, i === 0 ? branch : null),
        { owner: r.owner, name: r.repo },
      ),
    )
    const repository = data.repository ?? {}
    batch.forEach((sha, j) => {
      let target = repository[`o${j}`] ?? null
      for (let depth = 0; target?.__typename === 'Tag' && depth < 5; depth++) target = target.target ?? null
      if (target?.__typename === 'Commit')
        peeled.set(sha, { oid: target.oid, time: unixTime(target.committedDate) })
    })
    const h = repository.head
    if (i === 0 && h?.__typename === 'Commit') head = { sha: h.oid, time: unixTime(h.committedDate) ?? 0 }
  }
  const tags: TagRef[] = []
  for (const x of refs) {
    const commit = peeled.get(x.object.sha)
    if (commit) tags.push({ name: x.ref.slice('refs/tags/'.length), sha: commit.oid, time: commit.time })
  }
  return { tags, head }
}

function refsQuery(shas: readonly string[], branch: string | null): string {
  const fields = shas.map((sha, i) => {
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error(`not an object id: ${sha}`)
    return `o${i}: object(oid: "${sha}") { ...T }`
  })
  if (branch !== null)
    fields.unshift(
      `head: object(expression: ${JSON.stringify(`refs/heads/${branch}`)}) { __typename oid ...C }`,
    )
  return `query HeraldRefs($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}
fragment T on GitObject { __typename oid ...C ... on Tag { target { __typename oid ...C ... on Tag { target { __typename oid ...C ... on Tag { target { __typename oid ...C } } } } } } }
fragment C on Commit { committedDate }`
}

type Compared = { repository: Record<string, { compare: { status: string } | null } | null> | null }

/**
 * Those of `tags` (names) whose commit is `sha` or one of its ancestors:
 * each tag's ref compared with `sha` in GraphQL, 100 a request. `AHEAD`
 * (the commit is ahead of the tag) or `IDENTICAL` means reachable. A tag
 * GitHub gives no comparison for (or a batch it answers with errors) is
 * compared by REST instead, one request each: never guessed.
 */
export async function tagsAncestorOf(
  r: GitHubRepo,
  tags: readonly string[],
  sha: string,
): Promise<Set<string>> {
  if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error(`not a commit sha: ${sha}`)
  const out = new Set<string>()
  const unique = [...new Set(tags)]
  const unanswered: string[] = []
  for (let i = 0; i < unique.length; i += COMPARES) {
    const batch = unique.slice(i, i + COMPARES)
    const data = await compareBatch(r, batch, sha)
    batch.forEach((tag, j) => {
      const ref = data?.repository?.[`t${j}`]
      // No ref: the tag is gone since it was listed, so nothing descends from it.
      if (data && ref === null) return
      const status = ref?.compare?.status
      if (status === 'AHEAD' || status === 'IDENTICAL') out.add(tag)
      else if (!status) unanswered.push(tag)
    })
  }
  for (const tag of unanswered) if (await isAncestor(r, `refs/tags/${tag}`, sha, tag)) out.add(tag)
  return out
}

/** One GraphQL request for up to 100 tags; null when GitHub answers it with errors. */
async function compareBatch(r: GitHubRepo, batch: readonly string[], sha: string): Promise<Compared | null> {
  const fields = batch.map(
    (tag, j) =>
      `t${j}: ref(qualifiedName: ${JSON.stringify(`refs/tags/${tag}`)}) { compare(headRef: "${sha}") { status } }`,
  )
  const query = `query HeraldReachable($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}`
  try {
    return await r.client.graphql<Compared>(query, { owner: r.owner, name: r.repo })
  } catch (error) {
    // A GraphQL-level refusal (the schema or a comparison GitHub would not make): REST answers instead.
    if ((error as { name?: string }).name === 'GraphqlResponseError') return null
    return call(`comparing ${batch.length} tags with ${sha.slice(0, 12)}`, () => Promise.reject(error))
  }
}

/** Whether `base` (a ref or a commit, `label` in errors) is `sha` or one of its ancestors: one REST compare. */
export async function isAncestor(r: GitHubRepo, base: string, sha: string, label: string): Promise<boolean> {
  const found = await callOrNull(`comparing ${label} with ${sha.slice(0, 12)}`, () =>
    r.client.rest.repos.compareCommitsWithBasehead({
      owner: r.owner,
      repo: r.repo,
      basehead: `${base}...${sha}`,
      per_page: 1,
    }),
  )
  return found?.data.status === 'ahead' || found?.data.status === 'identical'
}

export function unixTime(iso: string | null | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined
}
