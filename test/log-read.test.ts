/**
 * The git forge reads a range along the chain of single-parent commits from
 * its target first, stopping git at the base, and starts over with
 * `git log TO ^SINCE` when the history is not such a chain. On real temporary
 * repositories with merges, side branches and skewed clocks: the answer is
 * always exactly `git log TO ^SINCE`'s, in its order, and what the reader was
 * handed after its last restart is exactly that answer.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { readLog } from '../src/adapters/git/log-read.ts'
import type { RawCommit } from '../src/core/plan-release.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

/** readLog's answer, and what its reader saw: the batches since the last restart, and how many restarts. */
async function read(dir: string, to: string, since: string, withFiles = false) {
  let seen: RawCommit[] = []
  let restarts = 0
  const commits = await readLog(
    new GitForge(dir),
    { to, since, withFiles },
    (batch) => {
      seen = seen.concat(batch)
    },
    () => {
      seen = []
      restarts++
    },
  )
  return { commits, seen, restarts }
}

function gitLog(r: TestRepo, to: string, since: string): string[] {
  const out = r.git('log', '--format=%H', to, `^${since}`, '--')
  return out ? out.split('\n') : []
}

describe('reading a range along the chain', () => {
  it('stops at the base of a linear history without starting over', async () => {
    repo = createRepo()
    repo.commit('feat: one')
    const base = repo.commit('fix: two')
    const after = [repo.commit('feat: three'), repo.commit('fix: four', { 'a/b.txt': 'x' })]
    const { commits, seen, restarts } = await read(repo.dir, repo.sha('HEAD'), base, true)
    expect(commits.map((c) => c.sha)).toEqual(after.reverse())
    expect(commits[0]!.files).toEqual(['a/b.txt'])
    expect(seen).toEqual(commits)
    expect(restarts).toBe(0)
  })

  it('starts over at a merge, a base on a side branch, and a commit far older than the base', async () => {
    repo = createRepo()
    const root = repo.commit('feat: root')
    repo.branch('side')
    const sideTag = repo.commit('fix: on the side')
    repo.checkout('main')
    const mainOnly = repo.commit('feat: main')
    // A base that is not an ancestor: the chain reaches the root without meeting it.
    const notAncestor = await read(repo.dir, mainOnly, sideTag)
    expect(notAncestor.commits.map((c) => c.sha)).toEqual(gitLog(repo, mainOnly, sideTag))
    expect(notAncestor.restarts).toBe(1)
    expect(notAncestor.seen).toEqual(notAncestor.commits)

    const merge = repo.merge('side', 'Merge branch side')
    const top = repo.commit('fix: after the merge')
    const merged = await read(repo.dir, top, root)
    expect(merged.commits.map((c) => c.sha)).toEqual(gitLog(repo, top, root))
    expect(merged.commits.map((c) => c.sha)).toContain(merge)
    expect(merged.restarts).toBe(1)
    expect(merged.seen).toEqual(merged.commits)

    // Committed two days before the base by a skewed clock: read the usual way, same answer.
    const skewed = repo.commit('fix: from a machine with a wrong clock', undefined, { date: 1_600_000_000 })
    const old = await read(repo.dir, skewed, top)
    expect(old.commits.map((c) => c.sha)).toEqual([skewed])
    expect(old.restarts).toBe(1)
  })

  it('starts over at a merge of a branch older than the base', async () => {
    repo = createRepo()
    repo.commit('feat: root')
    repo.branch('side')
    const old = repo.commit('fix: written before the release, merged after it')
    repo.checkout('main')
    const base = repo.commit('feat: released')
    const after = repo.commit('fix: after the release')
    const merge = repo.merge('side', 'Merge branch side')
    // git prints merge, after, base (by date): the side commit comes only after the base.
    const { commits, restarts } = await read(repo.dir, merge, base)
    expect(commits.map((c) => c.sha)).toEqual([merge, after, old])
    expect(restarts).toBe(1)
  })

  it('answers as git log TO ^SINCE on random histories', async () => {
    type Step = { kind: 'commit' | 'branch' | 'merge' | 'switch'; skew: boolean }
    const step = fc.record({
      kind: fc.constantFrom('commit', 'commit', 'commit', 'branch', 'merge', 'switch'),
      skew: fc.boolean(),
    }) as fc.Arbitrary<Step>
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), fc.nat(), async (steps, pick) => {
        repo?.remove()
        const r = createRepo()
        repo = r
        const shas = [r.commit('feat: root')]
        let branches = 0
        let clock = 1_700_000_000
        for (const s of steps) {
          clock += 60
          if (s.kind === 'commit')
            shas.push(r.commit(`fix: ${shas.length}`, undefined, { date: s.skew ? clock - 200_000 : clock }))
          else if (s.kind === 'branch') r.branch(`b${++branches}`)
          else if (s.kind === 'switch')
            r.checkout(branches && pick % 2 ? `b${1 + (pick % branches)}` : 'main')
          else if (branches && r.git('rev-parse', '--abbrev-ref', 'HEAD') === 'main') {
            try {
              shas.push(r.merge(`b${1 + (pick % branches)}`, 'Merge branch'))
            } catch {
              // Nothing to merge (already merged): the history stays as it is.
            }
          }
        }
        for (let i = 0; i < 4; i++) {
          const to = shas[(pick + i * 7) % shas.length]!
          const since = shas[(pick * 3 + i) % shas.length]!
          const { commits, seen } = await read(r.dir, to, since)
          expect(commits.map((c) => c.sha)).toEqual(gitLog(r, to, since))
          expect(seen).toEqual(commits)
        }
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
