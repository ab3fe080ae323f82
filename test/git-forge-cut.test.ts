/** The local git forge's cut: an annotated tag on exactly the pinned commit, never moved. */
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { CutError } from '../src/ports/forge.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo
const saved = { ...process.env }
afterEach(() => {
  repo?.remove()
  process.env = { ...saved }
})

const request = (sha: string) => ({
  tag: 'v1.1.0',
  sha,
  title: 'demo v1.1.0',
  notes: '### 🚀 Features\n\n- a thing',
  prerelease: false,
  makeLatest: true,
})

describe('GitForge.cutRelease', () => {
  it('tags the pinned commit with the notes, resumes on the same commit, refuses another', async () => {
    repo = createRepo()
    const first = repo.commit('feat: a')
    const second = repo.commit('fix: b')
    const forge = new GitForge(repo.dir)
    expect(await forge.cutRelease(request(first))).toMatchObject({ tagCreated: true, sha: first })
    expect(repo.sha('v1.1.0')).toBe(first)
    expect(repo.git('tag', '-l', '--format=%(contents)', 'v1.1.0')).toContain('- a thing')
    expect(await forge.cutRelease(request(first))).toMatchObject({ tagCreated: false })
    await expect(forge.cutRelease(request(second))).rejects.toMatchObject({ code: 'tag_elsewhere' })
    await expect(forge.cutRelease(request(second))).rejects.toBeInstanceOf(CutError)
    expect(repo.sha('v1.1.0')).toBe(first)
  })

  it('cuts on a machine where git knows no identity', async () => {
    repo = createRepo()
    const sha = repo.commit('feat: a')
    for (const k of [
      'GIT_COMMITTER_NAME',
      'GIT_COMMITTER_EMAIL',
      'GIT_AUTHOR_NAME',
      'GIT_AUTHOR_EMAIL',
      'EMAIL',
    ])
      delete process.env[k]
    process.env.GIT_CONFIG_GLOBAL = '/dev/null'
    process.env.GIT_CONFIG_NOSYSTEM = '1'
    process.env.HOME = repo.dir
    expect(await new GitForge(repo.dir).cutRelease(request(sha))).toMatchObject({ tagCreated: true })
    expect(repo.git('cat-file', '-t', 'v1.1.0')).toBe('tag')
  })
})
