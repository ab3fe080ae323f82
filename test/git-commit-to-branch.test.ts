/**
 * The local forge's follow-up commit: plumbing through a scratch index, the
 * branch moved only from where it was, and a checkout of that branch brought
 * along as git fast-forwards one (or nothing done at all).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Git } from '../src/adapters/git/git-checkouts.ts'
import { commitToBranch } from '../src/adapters/git/git-commit.ts'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

describe('GitForge.commitToBranch', () => {
  it('writes and removes files on the branch, leaving the index and working tree alone', async () => {
    repo = createRepo()
    repo.commit('chore: init', { 'a.txt': 'a\n', 'changes/1.fix.md': 'x\n' })
    const base = repo.sha('main')
    repo.branch('work')
    repo.git('commit', '-q', '--allow-empty', '-m', 'wip')
    const forge = new GitForge(repo.dir)
    const sha = await forge.commitToBranch('main', base, 'chore(main): release 1.0.0: next', [
      { path: 'a.txt', content: 'b\n' },
      { path: 'changes/1.fix.md', content: null },
    ])
    expect(repo.sha('main')).toBe(sha)
    expect(repo.git('rev-parse', 'main^')).toBe(base)
    expect(repo.git('show', 'main:a.txt')).toBe('b')
    expect(repo.git('ls-tree', '-r', '--name-only', 'main')).toBe('a.txt')
    expect(repo.git('log', '-1', '--format=%s', 'main')).toBe('chore(main): release 1.0.0: next')
    expect(repo.git('status', '--porcelain')).toBe('')
  })

  it('keeps an executable file executable when it rewrites it', async () => {
    repo = createRepo()
    repo.commit('chore: init', { 'bin/version.sh': 'echo 1.0.0\n', 'a.txt': 'a\n' })
    repo.git('update-index', '--chmod=+x', 'bin/version.sh')
    repo.git('commit', '-q', '-m', 'chore: executable')
    const base = repo.sha('main')
    repo.branch('work')
    const forge = new GitForge(repo.dir)
    await forge.commitToBranch('main', base, 'chore: next', [
      { path: 'bin/version.sh', content: 'echo 1.1.0\n' },
      { path: 'a.txt', content: 'b\n' },
      { path: 'new.txt', content: 'n\n' },
    ])
    expect(
      repo.git('ls-tree', 'main', 'bin/version.sh', 'a.txt', 'new.txt').replace(/ [0-9a-f]{40}\t/g, ' '),
    ).toBe(['100644 blob a.txt', '100755 blob bin/version.sh', '100644 blob new.txt'].join('\n'))
  })

  it('refuses when the branch moved: nothing is forced', async () => {
    repo = createRepo()
    const old = repo.commit('chore: init', { 'a.txt': 'a\n' })
    const head = repo.commit('fix: pushed meanwhile', { 'a.txt': 'c\n' })
    const forge = new GitForge(repo.dir)
    await expect(forge.commitToBranch('main', old, 'm', [{ path: 'a.txt', content: 'b\n' }])).rejects.toThrow(
      `branch main moved since ${old.slice(0, 12)}: the follow-up commit was not added (nothing is ever forced)`,
    )
    expect(repo.sha('main')).toBe(head)
  })

  describe('on the branch checked out', () => {
    const change = [
      { path: 'src/meta.py', content: 'NEXT = "26.3.0"\n' },
      { path: 'changes/1.fix.md', content: null },
    ]
    function checkedOut(): { repo: TestRepo; base: string; forge: GitForge } {
      repo = createRepo()
      const base = repo.commit('chore: init', {
        'src/meta.py': 'NEXT = "26.2.0"\n',
        'changes/1.fix.md': 'x\n',
        'README.md': 'hi\n',
      })
      return { repo, base, forge: new GitForge(repo.dir) }
    }
    const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8')

    it('brings the index and working tree along: git status stays clean', async () => {
      const { repo, base, forge } = checkedOut()
      const sha = await forge.commitToBranch('main', base, 'chore: next', change)
      expect(repo.sha('HEAD')).toBe(sha)
      expect(repo.git('status', '--porcelain')).toBe('')
      expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "26.3.0"\n')
      expect(repo.git('ls-files', 'changes')).toBe('')
    })

    it('keeps a local change to another file', async () => {
      const { repo, base, forge } = checkedOut()
      writeFileSync(join(repo.dir, 'README.md'), 'edited\n')
      writeFileSync(join(repo.dir, 'notes.txt'), 'untracked\n')
      const sha = await forge.commitToBranch('main', base, 'chore: next', change)
      expect(repo.sha('main')).toBe(sha)
      expect(repo.git('status', '--porcelain')).toBe('M README.md\n?? notes.txt')
      expect(read(repo.dir, 'README.md')).toBe('edited\n')
      expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "26.3.0"\n')
    })

    it.each([
      ['changed', false],
      ['staged', true],
    ])(
      'refuses when the file it writes is %s locally: the branch, index and files stay as they were',
      async (_, staged) => {
        const { repo, base, forge } = checkedOut()
        writeFileSync(join(repo.dir, 'src/meta.py'), 'NEXT = "mine"\n')
        if (staged) repo.git('add', 'src/meta.py')
        const status = repo.git('status', '--porcelain')
        await expect(forge.commitToBranch('main', base, 'chore: next', change)).rejects.toThrow(
          `branch main is checked out in ${repo.dir} with local changes to src/meta.py that it would overwrite, so the follow-up commit was not added and the branch was left as it was (commit or undo those changes first)`,
        )
        expect(repo.sha('main')).toBe(base)
        expect(repo.git('status', '--porcelain')).toBe(status)
        expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "mine"\n')
        expect(read(repo.dir, 'changes/1.fix.md')).toBe('x\n')
      },
    )

    it('puts the checkout back when the branch cannot be moved after all', async () => {
      const { repo, base, forge } = checkedOut()
      // A hook that turns down every ref update, as a race with a push would at the last step.
      const hook = join(repo.dir, '.git/hooks/reference-transaction')
      writeFileSync(hook, '#!/bin/sh\n[ "$1" = prepared ] && exit 1\nexit 0\n', { mode: 0o755 })
      await expect(forge.commitToBranch('main', base, 'chore: next', change)).rejects.toThrow(
        /^git update-ref failed \(.+\): the follow-up commit was not added \(nothing is ever forced\)$/,
      )
      expect(repo.sha('main')).toBe(base)
      expect(repo.git('status', '--porcelain')).toBe('')
      expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "26.2.0"\n')
      expect(read(repo.dir, 'changes/1.fix.md')).toBe('x\n')
    })

    /** git in `dir`, as an older git answers: `worktree list -z` unknown, or no `worktree list` at all. */
    function oldGit(dir: string, refuses: (args: string[]) => boolean): Git {
      return async (args, input, env) => {
        if (args[0] === 'worktree' && refuses(args))
          return { stdout: '', stderr: "error: unknown switch `z'", status: 129 }
        const r = spawnSync('git', args, {
          cwd: dir,
          input,
          env: { ...process.env, ...env },
          encoding: 'utf8',
        })
        return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 1 }
      }
    }

    it('brings the checkout along on a git without `worktree list -z`', async () => {
      const { repo, base } = checkedOut()
      const git = oldGit(repo.dir, (args) => args.includes('-z'))
      const sha = await commitToBranch(git, 'main', base, 'chore: next', change)
      expect(repo.sha('main')).toBe(sha)
      expect(repo.git('status', '--porcelain')).toBe('')
      expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "26.3.0"\n')
    })

    it('refuses, moving nothing, when git cannot list where the branch is checked out', async () => {
      const { repo, base } = checkedOut()
      const git = oldGit(repo.dir, () => true)
      await expect(commitToBranch(git, 'main', base, 'chore: next', change)).rejects.toThrow(
        /^git worktree list failed \(error: unknown switch `z'\), so Herald cannot tell where branch main is checked out: the follow-up commit was not added and the branch was left as it was/,
      )
      expect(repo.sha('main')).toBe(base)
      expect(repo.git('status', '--porcelain')).toBe('')
      expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "26.2.0"\n')
    })

    it('brings along the linked worktree that has the branch checked out', async () => {
      const { repo, base, forge } = checkedOut()
      repo.git('checkout', '-q', '-b', 'other')
      const linked = join(mkdtempSync(join(tmpdir(), 'herald-wt-')), 'main')
      try {
        repo.git('worktree', 'add', '-q', linked, 'main')
        const sha = await forge.commitToBranch('main', base, 'chore: next', change)
        expect(repo.sha('main')).toBe(sha)
        expect(repo.git('-C', linked, 'status', '--porcelain')).toBe('')
        expect(read(linked, 'src/meta.py')).toBe('NEXT = "26.3.0"\n')
        // The checkout Herald runs in is on another branch: untouched.
        expect(read(repo.dir, 'src/meta.py')).toBe('NEXT = "26.2.0"\n')
        expect(repo.git('status', '--porcelain')).toBe('')
      } finally {
        rmSync(join(linked, '..'), { recursive: true, force: true })
      }
    })
  })
})
