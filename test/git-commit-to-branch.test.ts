/** The local forge's follow-up commit: plumbing through a scratch index, the branch moved only from where it was. */
import { afterEach, describe, expect, it } from 'vitest'
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
})
