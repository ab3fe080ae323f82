/** Several candidate files at a commit in one GraphQL request (REST reads one file a request). */
import { call, type GitHubRepo } from './github-repo.ts'

type BlobJson = { __typename: string; text?: string | null } | null

/** The first of `paths` that is a text file at `ref`, with its text; null when none is. */
export async function readFirstFile(
  r: GitHubRepo,
  paths: readonly string[],
  ref: string,
): Promise<{ path: string; text: string } | null> {
  if (paths.length === 0) return null
  const fields = paths.map(
    (path, i) =>
      `f${i}: object(expression: ${JSON.stringify(`${ref}:${path}`)}) { __typename ... on Blob { text } }`,
  )
  const query = `query HeraldFiles($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}`
  const data = await call(
    `reading ${paths.join(' or ')} at ${ref.slice(0, 12)} in ${r.owner}/${r.repo}`,
    () =>
      r.client.graphql<{ repository: Record<string, BlobJson> | null }>(query, {
        owner: r.owner,
        name: r.repo,
      }),
  )
  for (const [i, path] of paths.entries()) {
    const blob = data.repository?.[`f${i}`]
    if (blob?.__typename === 'Blob' && typeof blob.text === 'string') return { path, text: blob.text }
  }
  return null
}
