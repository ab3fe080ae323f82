/**
 * One history, two ways: a real temporary git repository, and the same
 * objects loaded into a `FakeRepo` for the fake GitHub to serve.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { FakeRepo } from './fake-model.ts'

export class GitFixture {
  readonly dir: string
  private clock = Date.UTC(2024, 0, 1) / 1000

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'herald-gh-'))
    this.git('init', '-q', '-b', 'main')
    this.git('config', 'user.name', 'Ada Lovelace')
    this.git('config', 'user.email', 'ada@example.com')
    this.git('config', 'commit.gpgsign', 'false')
    this.git('config', 'tag.gpgsign', 'false')
  }

  git(...args: string[]): string {
    const date = `${this.clock} +0000`
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    }).trim()
  }

  /** Commit `files` (path -> content) with `message`; one minute after the previous commit. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.clock += 60
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true })
      writeFileSync(join(this.dir, path), content)
    }
    this.git('add', '-A')
    this.git('commit', '-q', '--allow-empty', '-m', message)
    return this.git('rev-parse', 'HEAD')
  }

  merge(branch: string, message: string): string {
    this.clock += 60
    this.git('merge', '-q', '--no-ff', '-m', message, branch)
    return this.git('rev-parse', 'HEAD')
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** The same history as a fake GitHub repository. */
  toFakeRepo(owner = 'acme', name = 'widget'): FakeRepo {
    const repo = new FakeRepo(owner, name)
    const log = this.git(
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
      for (const entry of this.git('ls-tree', '-r', sha!).split('\n')) {
        const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(entry)
        if (m) files.set(m[2]!, m[1]!)
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
      })
      for (const [path, oid] of files) {
        if (!repo.blobs.has(oid)) repo.blobs.set(oid, this.git('cat-file', 'blob', oid))
        void path
      }
    }
    for (const line of this.git('for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)').split(
      '\n',
    )) {
      if (!line) continue
      const [ref, sha, type] = line.split('\u0000') as [string, string, string]
      repo.refs.set(ref, sha)
      if (type === 'tag') {
        const object = this.git('rev-parse', `${sha}^{}`)
        repo.tagObjects.set(sha, { tag: ref.replace('refs/tags/', ''), message: '', object })
      }
    }
    return repo
  }
}
