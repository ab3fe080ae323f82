/** The local forge's tags: asked twice at once, one `git for-each-ref` answers both; never a stale list after. */
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

/** A forge counting the tag listings it runs. */
function countingForge(dir: string): { forge: GitForge; listings: () => number } {
  const forge = new GitForge(dir)
  let listings = 0
  const run = forge.run.bind(forge)
  forge.run = ((args: string[], ...rest: unknown[]) => {
    if (args[0] === 'for-each-ref') listings++
    return (run as (...a: unknown[]) => ReturnType<GitForge['run']>)(args, ...rest)
  }) as GitForge['run']
  return { forge, listings: () => listings }
}

describe('GitForge.tags', () => {
  it('answers calls made at once with one listing, each caller its own list', async () => {
    repo = createRepo()
    repo.commit('feat: one')
    repo.tag('v1.0.0')
    const { forge, listings } = countingForge(repo.dir)
    const [a, b] = await Promise.all([forge.tags(), forge.tags()])
    expect(listings()).toBe(1)
    expect(a.map((t) => t.name)).toEqual(['v1.0.0'])
    expect(b).toEqual(a)
    expect(b).not.toBe(a)
  })

  it('lists again once a listing is done, so a new tag is seen', async () => {
    repo = createRepo()
    repo.commit('feat: one')
    repo.tag('v1.0.0')
    const { forge, listings } = countingForge(repo.dir)
    await forge.tags()
    repo.commit('fix: two')
    repo.tag('v1.0.1')
    expect((await forge.tags()).map((t) => t.name)).toEqual(['v1.0.0', 'v1.0.1'])
    expect(listings()).toBe(2)
  })
})
