import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { signIndex } from '../../core/index/index-signature.ts'
import { applyMove, emptyIndex, type SignedIndex } from '../../core/index/release-index.ts'
import { createRepo, type TestRepo } from '../../testing/git-repo.ts'
import { GitForge } from './git-forge.ts'
import { GitIndexBranch } from './git-index-branch.ts'

let repo: TestRepo
afterEach(() => repo?.remove())

const AT = '2026-03-01T12:00:00.000Z'
function doc(line: string, sequence: number): SignedIndex {
  let index = emptyIndex(line, AT)
  for (let s = 1; s <= sequence; s++) {
    const release = { tag: `v1.${s}.0`, sha: 'c'.repeat(40), assets: [] }
    const next = applyMove(
      index,
      { action: 'canary', version: `1.${s}.0`, actor: 'a', reason: null, ticket: null, at: AT, release },
      s,
    )
    if (!next.ok) throw new Error(next.error)
    index = next.value
  }
  return signIndex(index, null)
}

function setup() {
  repo = createRepo()
  repo.commit('feat: one', { 'a.txt': 'a\n' })
  writeFileSync(join(repo.dir, 'untracked.txt'), 'mine\n')
  return new GitIndexBranch(new GitForge(repo.dir))
}

describe('the release index on a branch, by git plumbing', () => {
  it('commits each line as <line>.json, keeps the other lines, and never touches the work tree', async () => {
    const host = setup()
    const status = repo.git('status', '--porcelain')
    expect(await host.read('web', 'herald-index')).toBeNull()
    expect(await host.write('web', 'herald-index', doc('web', 1), null)).toBe(true)
    const first = await host.read('web', 'herald-index')
    expect(await host.write('api', 'herald-index', doc('api', 1), first!.ref)).toBe(true)
    const api = await host.read('api', 'herald-index')
    expect(await host.write('web', 'herald-index', doc('web', 2), api!.ref)).toBe(true)

    expect(repo.git('ls-tree', '--name-only', 'herald-index')).toBe('api.json\nweb.json')
    expect(repo.git('log', '--format=%s', 'herald-index')).toBe(
      'herald: web index, sequence 2\nherald: api index, sequence 1\nherald: web index, sequence 1',
    )
    expect((await host.read('web', 'herald-index'))!.doc.signed.sequence).toBe(2)
    expect(JSON.parse(repo.git('show', 'herald-index:web.json'))).toEqual(doc('web', 2))
    expect(repo.git('status', '--porcelain')).toBe(status)
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('main')
  })

  it('refuses a write from a commit the branch has moved past: compare-and-swap', async () => {
    const host = setup()
    await host.write('web', 'herald-index', doc('web', 1), null)
    const seen = (await host.read('web', 'herald-index'))!.ref
    expect(await host.write('web', 'herald-index', doc('web', 2), seen)).toBe(true)
    expect(await host.write('web', 'herald-index', doc('web', 2), seen)).toBe(false)
    expect(await host.write('web', 'herald-index', doc('web', 1), null)).toBe(false)
    expect(repo.git('rev-list', '--count', 'herald-index')).toBe('2')
  })

  it('refuses an index file that is not an index, saying where it is', async () => {
    const host = setup()
    repo.branch('herald-index')
    repo.commit('chore: broken', { 'web.json': '{"signed": 1}' })
    await expect(host.read('web', 'herald-index')).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('release index web.json on branch herald-index: not a release index'),
    })
  })

  it('hashes the files of the assets directory, sorted, and says when it is missing', async () => {
    const host = setup()
    mkdirSync(join(repo.dir, 'dist', 'nested'), { recursive: true })
    writeFileSync(join(repo.dir, 'dist', 'b.js'), 'b')
    writeFileSync(join(repo.dir, 'dist', 'a.js'), 'abc')
    expect(await host.assets('v1.0.0', 'dist')).toEqual([
      { name: 'a.js', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
      { name: 'b.js', sha256: '3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d' },
    ])
    expect(await host.assets('v1.0.0', undefined)).toEqual([])
    await expect(host.assets('v1.0.0', 'missing')).rejects.toMatchObject({ code: 'not_found' })
    await expect(host.assets('v1.0.0', '../elsewhere')).rejects.toMatchObject({ code: 'invalid' })
  })
})
