/**
 * One history, two ways: a real temporary git repository, and the same
 * objects loaded into a `FakeRepo` for the fake GitHub to serve.
 */
import { execFileSync } from 'node:child_process'
import { createRepo, type TestRepo } from '../../src/testing/git-repo.ts'
import { FakeRepo } from './fake-model.ts'

export type GitFixture = TestRepo & {
  /** The same history as a fake GitHub repository. */
  toFakeRepo: (owner?: string, name?: string) => FakeRepo
}

/** A repository committed by Ada Lovelace, one minute a commit from 2024-01-01. */
export function gitFixture(): GitFixture {
  const repo = createRepo({
    identity: { name: 'Ada Lovelace', email: 'ada@example.com' },
    epoch: Date.UTC(2024, 0, 1) / 1000,
  })
  return { ...repo, toFakeRepo: (owner, name) => fakeRepoOf(repo, owner, name) }
}

function fakeRepoOf(git: TestRepo, owner = 'acme', name = 'widget'): FakeRepo {
  const repo = new FakeRepo(owner, name)
  const log = git.git(
    'log',
    '--all',
    '--reverse',
    '--topo-order',
    '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B%x1e',
  )
  for (const record of log.split('\u001e')) {
    const line = record.replace(/^\n/, '')
    if (!line) continue
    const [sha, parents, name, email, authored, committed, message] = line.split('\u001f') as string[]
    const files = new Map<string, string>()
    const modes = new Map<string, string>()
    for (const entry of git.git('ls-tree', '-r', sha!).split('\n')) {
      const m = /^(\d+) blob ([0-9a-f]+)\t(.+)$/.exec(entry)
      if (m) files.set(m[3]!, m[2]!)
      if (m && m[1] !== '100644') modes.set(m[3]!, m[1]!)
    }
    // GitHub returns messages without git's trailing newline.
    const text = message!.replace(/\n+$/, '')
    repo.commits.set(sha!, {
      sha: sha!,
      parents: parents ? parents.split(' ') : [],
      message: text,
      author: { name: name!, email: email!, date: authored! },
      committer: { name: name!, email: email!, date: committed! },
      files,
      ...(modes.size ? { modes } : {}),
    })
    // Read as stored: `git.git` trims its output, which would drop a file's final newline.
    for (const oid of files.values())
      if (!repo.blobs.has(oid))
        repo.blobs.set(
          oid,
          execFileSync('git', ['cat-file', 'blob', oid], { cwd: git.dir, encoding: 'utf8' }),
        )
  }
  for (const line of git
    .git('for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)')
    .split('\n')) {
    if (!line) continue
    const [ref, sha, type] = line.split('\u0000') as [string, string, string]
    repo.refs.set(ref, sha)
    if (type === 'tag') {
      const object = git.git('rev-parse', `${sha}^{}`)
      repo.tagObjects.set(sha, { tag: ref.replace('refs/tags/', ''), message: '', object })
    }
  }
  return repo
}
