/**
 * The release PR of a line on GitHub (`mode: pr`, release-please style): one
 * branch per line, `herald/release-<line>`, holding one commit on top of the
 * line's branch that bumps the version files and prepends the changelog
 * section. The branch is Herald's own and is rewritten on every update; tags
 * are never touched here.
 */
import type { FileChange, ReleasePullRequest } from '../../ports/release-host.ts'
import { call, callOrNull, expect, type GitHubRepo } from './github-repo.ts'

type PullJson = {
  number: number
  html_url: string
  title: string
  body: string | null
  state: string
  head: { ref: string }
  merged_at: string | null
  merge_commit_sha: string | null
}

export async function findReleasePr(r: GitHubRepo, branch: string): Promise<ReleasePullRequest | null> {
  const list = (state: 'open' | 'closed') =>
    call(`looking for the release PR from ${branch}`, () =>
      r.client.rest.pulls.list({
        owner: r.owner,
        repo: r.repo,
        state,
        head: `${r.owner}:${branch}`,
        sort: 'created',
        direction: 'desc',
        per_page: 1,
      }),
    )
  const open = (await list('open')).data[0]
  const pull = open ?? (await list('closed')).data[0]
  return pull ? toPr(pull as unknown as PullJson) : null
}

export async function writeReleaseBranch(
  r: GitHubRepo,
  branch: string,
  baseSha: string,
  message: string,
  changes: FileChange[],
): Promise<string> {
  const commit = await commitOn(r, branch, baseSha, message, changes)
  await pointBranch(r, branch, commit.sha)
  return commit.sha
}

/** Points `branch` at `sha`, whatever it pointed at (forced), creating it when it does not exist. */
export async function pointBranch(r: GitHubRepo, branch: string, sha: string): Promise<void> {
  const ref = `heads/${branch}`
  const existing = await callOrNull(`reading branch ${branch}`, () =>
    r.client.rest.git.getRef({ owner: r.owner, repo: r.repo, ref }),
  )
  if (existing) {
    await call(`updating branch ${branch}`, () =>
      r.client.rest.git.updateRef({ owner: r.owner, repo: r.repo, ref, sha, force: true }),
    )
  } else {
    await call(`creating branch ${branch}`, () =>
      r.client.rest.git.createRef({ owner: r.owner, repo: r.repo, ref: `refs/${ref}`, sha }),
    )
  }
}

/** A commit on top of `parentSha` writing (or, `content: null`, removing) `changes`. */
async function commitOn(
  r: GitHubRepo,
  branch: string,
  parentSha: string,
  message: string,
  changes: FileChange[],
): Promise<{ sha: string }> {
  const { data: base } = await call(`reading commit ${parentSha.slice(0, 12)}`, () =>
    r.client.rest.git.getCommit({ owner: r.owner, repo: r.repo, commit_sha: parentSha }),
  )
  const baseTree = expect(base.tree?.sha, `tree of ${parentSha}`)
  const written = changes.flatMap((c) => (c.content === null ? [] : [c.path]))
  const executable = await executablesOf(r, baseTree, written)
  const { data: tree } = await call(`writing the files of ${branch}`, () =>
    r.client.rest.git.createTree({
      owner: r.owner,
      repo: r.repo,
      base_tree: baseTree,
      tree: changes.map((c) =>
        c.content === null
          ? { path: c.path, mode: '100644' as const, type: 'blob' as const, sha: null }
          : {
              path: c.path,
              // A file rewritten keeps its mode (an executable script stays executable).
              mode: executable.has(c.path) ? ('100755' as const) : ('100644' as const),
              type: 'blob' as const,
              content: c.content,
            },
      ),
    }),
  )
  const { data: commit } = await call(`committing ${branch}`, () =>
    r.client.rest.git.createCommit({
      owner: r.owner,
      repo: r.repo,
      message,
      tree: tree.sha,
      parents: [parentSha],
    }),
  )
  return commit
}

/**
 * Which of `paths` are executable files in the tree `root`: each folder on
 * the way is read once (one request per folder, never the whole tree, which
 * GitHub truncates on large repositories). A path not there is a new file.
 */
async function executablesOf(r: GitHubRepo, root: string, paths: readonly string[]): Promise<Set<string>> {
  type Entry = { path?: string; mode?: string; type?: string; sha?: string }
  const folders = new Map<string, Promise<Entry[]>>()
  const entriesOf = (sha: string): Promise<Entry[]> => {
    const known = folders.get(sha)
    if (known) return known
    const read = call(`reading tree ${sha.slice(0, 12)}`, () =>
      r.client.rest.git.getTree({ owner: r.owner, repo: r.repo, tree_sha: sha }),
    ).then(({ data }) => data.tree)
    folders.set(sha, read)
    return read
  }
  const executable = new Set<string>()
  for (const path of paths) {
    const names = path.split('/')
    let sha: string | undefined = root
    for (const [i, name] of names.entries()) {
      const entry: Entry | undefined = (await entriesOf(sha)).find((e) => e.path === name)
      if (i === names.length - 1) {
        if (entry?.type === 'blob' && entry.mode === '100755') executable.add(path)
      } else sha = entry?.type === 'tree' ? entry.sha : undefined
      if (!sha) break
    }
  }
  return executable
}

/**
 * A follow-up commit on a line's own branch: GitHub moves the branch only as
 * a fast-forward (`force: false`), so a push that landed meanwhile makes it
 * fail instead of being overwritten.
 */
export async function commitToBranch(
  r: GitHubRepo,
  branch: string,
  parentSha: string,
  message: string,
  changes: FileChange[],
): Promise<string> {
  const commit = await commitOn(r, branch, parentSha, message, changes)
  await call(`moving ${branch} to the follow-up commit`, () =>
    r.client.rest.git.updateRef({
      owner: r.owner,
      repo: r.repo,
      ref: `heads/${branch}`,
      sha: commit.sha,
      force: false,
    }),
  )
  return commit.sha
}

export async function upsertReleasePr(
  r: GitHubRepo,
  input: { branch: string; base: string; title: string; body: string; labels: string[] },
): Promise<ReleasePullRequest> {
  const current = await findReleasePr(r, input.branch)
  if (current && current.state === 'open') {
    const { data } = await call(`updating release PR #${current.number}`, () =>
      r.client.rest.pulls.update({
        owner: r.owner,
        repo: r.repo,
        pull_number: current.number,
        title: input.title,
        body: input.body,
      }),
    )
    return toPr(data as unknown as PullJson)
  }
  const { data } = await call(`opening the release PR from ${input.branch}`, () =>
    r.client.rest.pulls.create({
      owner: r.owner,
      repo: r.repo,
      head: input.branch,
      base: input.base,
      title: input.title,
      body: input.body,
    }),
  )
  if (input.labels.length)
    await call(`labelling release PR #${data.number}`, () =>
      r.client.rest.issues.addLabels({
        owner: r.owner,
        repo: r.repo,
        issue_number: data.number,
        labels: input.labels,
      }),
    )
  return toPr(data as unknown as PullJson)
}

function toPr(p: PullJson): ReleasePullRequest {
  return {
    number: p.number,
    url: p.html_url,
    branch: p.head.ref,
    title: p.title,
    body: p.body ?? '',
    state: p.state === 'open' ? 'open' : 'closed',
    merged: Boolean(p.merged_at),
    mergeCommitSha: p.merged_at ? p.merge_commit_sha : null,
  }
}

/** The names of the files directly in folder `dir` at `ref` (empty when there is none), for news fragments. */
export async function listFolder(r: GitHubRepo, name: string, dir: string, ref: string): Promise<string[]> {
  const found = await callOrNull(`listing ${dir} at ${ref.slice(0, 12)} in ${name}`, () =>
    r.client.rest.repos.getContent({ owner: r.owner, repo: r.repo, path: dir, ref }),
  )
  if (!found || !Array.isArray(found.data)) return []
  return found.data.filter((e) => e.type === 'file').map((e) => e.name)
}
