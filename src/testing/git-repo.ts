/**
 * Real temporary git repositories for tests. Every git call runs with a fixed
 * identity, no system or user configuration, and a commit clock that advances
 * a fixed step per commit from a fixed epoch, so histories (and their shas)
 * are reproducible.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export type RepoOptions = {
  /** The first branch (default `main`). */
  branch?: string
  /** Author, committer and tagger (default `Test <test@example.invalid>`). */
  identity?: { name: string; email: string }
  /** Unix seconds before the first commit (default 1_700_000_000). */
  epoch?: number
  /** Seconds each commit or merge moves the clock on (default 60; 0 dates every commit alike). */
  step?: number
  /** Where the repository's folder is made (default the system temp folder). */
  parent?: string
}

/** Paths to touch with generated content, or path -> content. */
export type CommitFiles = readonly string[] | Readonly<Record<string, string>>

export type TestRepo = {
  dir: string
  git: (...args: string[]) => string
  /** Commits `message` verbatim, writing `files` (default: one new file per commit); returns the sha. */
  commit: (message: string, files?: CommitFiles, options?: { date?: number }) => string
  tag: (name: string, ref?: string, options?: { annotated?: boolean; message?: string }) => void
  /** Creates branch `name` at `from` (default HEAD) and checks it out. */
  branch: (name: string, from?: string) => void
  checkout: (ref: string) => void
  /** Merges `branch` into the current branch with a merge commit; returns its sha. */
  merge: (branch: string, message: string) => string
  sha: (ref: string) => string
  remove: () => void
}

const TEST_IDENTITY = { name: 'Test', email: 'test@example.invalid' }

export function createRepo(options: RepoOptions = {}): TestRepo {
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), 'herald-test-'))
  const { name, email } = options.identity ?? TEST_IDENTITY
  const step = options.step ?? 60
  let clock = options.epoch ?? 1_700_000_000
  let counter = 0
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, {
      input,
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
        GIT_AUTHOR_DATE: `${clock} +0000`,
        GIT_COMMITTER_DATE: `${clock} +0000`,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    }).trim()
  const git = (...args: string[]) => run(args)
  const write = (file: string, content: string) => {
    const path = join(dir, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
    git('add', '--', file)
  }
  git('init', '-q', '-b', options.branch ?? 'main')
  git('config', 'commit.gpgsign', 'false')
  git('config', 'tag.gpgsign', 'false')
  return {
    dir,
    git,
    commit(message, files, commitOptions) {
      clock = commitOptions?.date ?? clock + step
      const entries: [string, string | undefined][] =
        files === undefined
          ? [[`file-${++counter}.txt`, undefined]]
          : isList(files)
            ? files.map((file) => [file, undefined])
            : Object.entries(files)
      for (const [file, content] of entries) write(file, content ?? `${++counter}\n`)
      run(['commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', '-'], message)
      return git('rev-parse', 'HEAD')
    },
    tag(tagName, ref = 'HEAD', tagOptions) {
      if (tagOptions?.annotated || tagOptions?.message !== undefined)
        git('tag', '-a', '-m', tagOptions.message ?? `release ${tagName}`, tagName, ref)
      else git('tag', tagName, ref)
    },
    branch: (branchName, from = 'HEAD') => void git('checkout', '-q', '-b', branchName, from),
    checkout: (ref) => void git('checkout', '-q', ref),
    merge(branchName, message) {
      clock += step
      git('merge', '-q', '--no-ff', '-m', message, branchName)
      return git('rev-parse', 'HEAD')
    },
    sha: (ref) => git('rev-parse', `${ref}^{commit}`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

function isList(files: CommitFiles): files is readonly string[] {
  return Array.isArray(files)
}
