/**
 * The GraphQL queries Herald reads refs with, in GitHub's shapes:
 * `HeraldRefs` (`oN: object(oid:)` tag objects and commits, peeled through
 * `... on Tag { target }`, and `head: object(expression:)`), `HeraldReachable`
 * (`tN: ref(qualifiedName:) { compare(headRef:) { status } }`, the status of
 * the head against the ref as REST compare's `base...head` gives it) and
 * `HeraldFiles` (`fN: object(expression: "REV:PATH") { ... on Blob { text } }`)
 * and `HeraldPulls` (pull requests by number).
 */
import type { FakeRepo } from '../fake-model.ts'
import { pullNode } from './graphql-line-history.ts'
import { ok, type Reply, type Request } from './route.ts'

function gitObject(repo: FakeRepo, sha: string): unknown {
  const tag = repo.tagObjects.get(sha)
  if (tag) return { __typename: 'Tag', oid: sha, target: gitObject(repo, tag.object) }
  const c = repo.commits.get(sha)
  return c ? { __typename: 'Commit', oid: sha, committedDate: c.committer.date } : null
}

const STRING = '("(?:[^"\\\\]|\\\\.)*")'

export function refObjects({ repo }: Request, query: string): Reply {
  const repository: Record<string, unknown> = {}
  for (const x of query.matchAll(/(o\d+): object\(oid: "([0-9a-f]+)"\)/g))
    repository[x[1]!] = gitObject(repo, x[2]!)
  const head = new RegExp(`head: object\\(expression: ${STRING}\\)`).exec(query)
  if (head) {
    const sha = repo.resolve(JSON.parse(head[1]!) as string)
    repository.head = sha ? gitObject(repo, sha) : null
  }
  return ok({ data: { repository } })
}

export function reachable({ repo }: Request, query: string): Reply {
  const repository: Record<string, unknown> = {}
  const field = new RegExp(
    `(t\\d+): ref\\(qualifiedName: ${STRING}\\) \\{ compare\\(headRef: ${STRING}\\)`,
    'g',
  )
  for (const x of query.matchAll(field)) {
    const ref = JSON.parse(x[2]!) as string
    const base = repo.refs.has(ref) ? repo.peel(repo.refs.get(ref)!) : null
    const head = repo.resolve(JSON.parse(x[3]!) as string)
    if (!base) {
      repository[x[1]!] = null
      continue
    }
    const status = !head
      ? null
      : base === head
        ? 'IDENTICAL'
        : repo.ancestors(head).has(base)
          ? 'AHEAD'
          : repo.ancestors(base).has(head)
            ? 'BEHIND'
            : 'DIVERGED'
    repository[x[1]!] = { compare: status ? { status } : null }
  }
  return ok({ data: { repository } })
}

export function files({ repo }: Request, query: string): Reply {
  const repository: Record<string, unknown> = {}
  for (const x of query.matchAll(new RegExp(`(f\\d+): object\\(expression: ${STRING}\\)`, 'g'))) {
    const expression = JSON.parse(x[2]!) as string
    const at = expression.indexOf(':')
    const sha = repo.resolve(expression.slice(0, at))
    const oid = sha ? repo.commits.get(sha)!.files.get(expression.slice(at + 1)) : undefined
    repository[x[1]!] = oid ? { __typename: 'Blob', text: repo.blobs.get(oid) ?? '' } : null
  }
  return ok({ data: { repository } })
}

/**
 * `HeraldPulls`: `pN: issueOrPullRequest(number:)`. A number that is no pull
 * request is null with a NOT_FOUND error beside the data, as GitHub answers it.
 */
export function pulls(request: Request, query: string): Reply {
  const repository: Record<string, unknown> = {}
  const errors: unknown[] = []
  for (const x of query.matchAll(/(p\d+): issueOrPullRequest\(number: (\d+)\)/g)) {
    const p = request.repo.pulls.find((pr) => pr.number === Number(x[2]))
    repository[x[1]!] = p ? pullNode(request, p) : null
    if (!p)
      errors.push({
        type: 'NOT_FOUND',
        path: ['repository', x[1]],
        locations: [{ line: 3, column: 5 }],
        message: `Could not resolve to an issue or pull request with the number of ${x[2]}.`,
      })
  }
  return ok({ data: { repository }, ...(errors.length ? { errors } : {}) })
}
