import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../testing/git-repo.ts'
import { defaultBranch } from './repo-defaults.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

describe('defaultBranch', () => {
  it("is origin's HEAD when the clone knows it", () => {
    repo = createRepo({ branch: 'main' })
    const sha = repo.commit('feat: a')
    repo.git('update-ref', 'refs/remotes/origin/release/trunk', sha)
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/release/trunk')
    expect(defaultBranch(repo.dir)).toBe('release/trunk')
  })

  it('is main, else master, else the checked-out branch', () => {
    repo = createRepo({ branch: 'work' })
    repo.commit('feat: a')
    expect(defaultBranch(repo.dir)).toBe('work')
    repo.git('branch', 'master')
    expect(defaultBranch(repo.dir)).toBe('master')
    repo.git('branch', 'main')
    expect(defaultBranch(repo.dir)).toBe('main')
  })

  it('is main on a detached HEAD with no such branch', () => {
    repo = createRepo({ branch: 'work' })
    repo.commit('feat: a')
    repo.git('checkout', '-q', '--detach')
    expect(defaultBranch(repo.dir)).toBe('main')
  })
})
