/**
 * Real temporary git repositories for scenario tests. Commit dates advance one
 * minute per commit from a fixed epoch, so histories are reproducible.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export type TestRepo = {
  dir: string
  git: (...args: string[]) => string
  /** Commits `message`, touching `files` (default: one file per commit); returns the sha. */
  commit: (message: string, files?: string[], options?: { date?: number }) => string
  tag: (name: string, ref?: string, options?: { annotated?: boolean }) => void
  sha: (ref: string) => string
  remove: () => void
}

const EPOCH = 1_700_000_000

export function createRepo(options: { branch?: string } = {}): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-'))
  let clock = EPOCH
  let counter = 0
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, {
      input,
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.invalid',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.invalid',
        GIT_AUTHOR_DATE: `${clock} +0000`,
        GIT_COMMITTER_DATE: `${clock} +0000`,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim()
  const git = (...args: string[]) => run(args)
  git('init', '-q', '-b', options.branch ?? 'main')
  git('config', 'commit.gpgsign', 'false')
  git('config', 'tag.gpgsign', 'false')
  return {
    dir,
    git,
    commit(message, files, commitOptions) {
      clock = commitOptions?.date ?? clock + 60
      for (const file of files ?? [`file-${++counter}.txt`]) {
        const path = join(dir, file)
        mkdirSync(dirname(path), { recursive: true })
        writeFileSync(path, `${++counter}\n`)
        git('add', '--', file)
      }
      run(['commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', '-'], message)
      return git('rev-parse', 'HEAD')
    },
    tag(name, ref = 'HEAD', tagOptions) {
      if (tagOptions?.annotated) git('tag', '-a', '-m', `release ${name}`, name, ref)
      else git('tag', name, ref)
    },
    sha: (ref) => git('rev-parse', `${ref}^{commit}`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
