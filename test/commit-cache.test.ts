/**
 * `herald serve` keeps parsed commits between plans (`CommitCache`). On real
 * temporary git repositories: a repeated plan reads only the new commits, and
 * the cache never changes an answer, whatever happens to the history between
 * two plans (new commits with skewed or equal dates, merges, a force-pushed
 * branch, tags created, moved and deleted, the line's rules changed). What a
 * plan works out from kept commits (how each counts, the planned commits, the
 * notes) is kept too, and reused when the next plan's range only adds commits.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { CommitCache } from '../src/adapters/git/commit-cache.ts'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { validate } from '../src/config/load-config.ts'
import type { BreakingNotesMode } from '../src/core/commit-message.ts'
import type { RawCommit } from '../src/core/plan-release.ts'
import type { ReleaseLine } from '../src/core/release-line.ts'
import { planLine } from '../src/flows/plan-line.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

function linesOf(config: unknown): ReleaseLine[] {
  const valid = validate(config, 'test')
  if (!valid.ok) throw new Error(valid.errors.join('\n'))
  return valid.config.lines
}

const LINES = linesOf({
  lines: [
    { name: 'whole', tagPrefix: 'v' },
    { name: 'cli', tagPrefix: 'cli-v', paths: ['cli/'] },
    { name: 'loose', tagPrefix: 'v', preset: 'semantic-release' },
  ],
})

// The same lines with other rules: what was kept for the first rules must not answer for these.
const CHANGED = linesOf({
  lines: [
    { name: 'whole', tagPrefix: 'v', bumps: { minor: ['fix'], patch: ['chore'] }, ignoreCommits: ['^docs'] },
    { name: 'cli', tagPrefix: 'cli-v', paths: ['cli/', 'app/'], notes: { scopes: false } },
    { name: 'loose', tagPrefix: 'v', preset: 'semantic-release', excludePaths: ['app/'] },
  ],
})

async function planAll(
  forge: GitForge,
  prerelease?: string,
  lines: readonly ReleaseLine[] = LINES,
  webUrl: string | null = null,
) {
  const out = []
  for (const line of lines) {
    out.push(await planLine(forge, lines, { bump: 'auto', line: line.name, force: true, prerelease }, webUrl))
  }
  return out
}

describe('the commit cache', () => {
  it('reads only the commits new since the last plan, and nothing when there are none', async () => {
    repo = createRepo()
    repo.commit('feat: start')
    repo.tag('v1.0.0')
    for (let i = 0; i < 30; i++) repo.commit(`fix: change ${i}`)
    const cache = new CommitCache()
    const forge = new GitForge(repo.dir, { cache })
    const whole = { bump: 'auto' as const, line: 'whole', force: true }
    await planLine(forge, LINES, whole, null)
    expect(cache.stats).toEqual({ hits: 0, extended: 0, misses: 1, read: 30 })
    await planLine(forge, LINES, whole, null)
    expect(cache.stats).toEqual({ hits: 1, extended: 0, misses: 1, read: 30 })
    repo.commit('feat: one more')
    const again = await planLine(forge, LINES, whole, null)
    expect(cache.stats).toEqual({ hits: 1, extended: 1, misses: 1, read: 31 })
    expect(again.ok && again.plan.to?.version).toBe('1.1.0')
    expect(again.ok && again.plan.commits.length).toBe(31)
  })

  it('reads a range again once the limit dropped commits it holds, and only then', async () => {
    repo = createRepo()
    for (let i = 0; i < 5; i++) repo.commit(`feat: before ${i}`)
    repo.tag('v1.0.0')
    for (let i = 0; i < 3; i++) repo.commit(`fix: after ${i}`)
    const cache = new CommitCache({ limit: 6 })
    const forge = new GitForge(repo.dir, { cache })
    const plan = (line: string) => planLine(forge, LINES, { bump: 'auto', line, force: true }, null)
    const first = await plan('whole')
    await plan('whole')
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 })
    // The whole history with paths: 8 commits for a limit of 6 drops the first range's.
    await plan('cli')
    expect(cache.size).toBe(6)
    const again = await plan('whole')
    expect(cache.stats).toMatchObject({ hits: 1, misses: 3 })
    expect(again).toEqual(first)
    await plan('whole')
    expect(cache.stats).toMatchObject({ hits: 2, misses: 3 })
  })

  it('works out only what the new commits change: each counted once, the kept ones planned as before', async () => {
    repo = createRepo()
    repo.commit('feat: start')
    repo.tag('v1.0.0')
    for (let i = 0; i < 20; i++) repo.commit(`fix: change ${i} (#${i + 1})`)
    const forge = new GitForge(repo.dir, { cache: new CommitCache() })
    const parsed: string[] = []
    const parse = forge.parse!
    Object.assign(forge, {
      parse: (raw: RawCommit, mode: BreakingNotesMode) => {
        parsed.push(raw.sha)
        return parse(raw, mode)
      },
    })
    const whole = { bump: 'auto' as const, line: 'whole', force: true }
    const first = await planLine(forge, LINES, whole, 'https://example.invalid/o/r')
    expect(parsed).toHaveLength(20)
    const sha = repo.commit('feat: one more (#30)')
    const again = await planLine(forge, LINES, whole, 'https://example.invalid/o/r')
    expect(parsed.slice(20)).toEqual([sha])
    if (!first.ok || !again.ok) throw new Error('no plan')
    expect(again.plan.commits.slice(1)).toEqual(first.plan.commits)
    // The same objects: planned once.
    expect(again.plan.commits[1]).toBe(first.plan.commits[0])
    const cold = await planLine(new GitForge(repo.dir), LINES, whole, 'https://example.invalid/o/r')
    expect(cold).toEqual(again)
    expect(again.plan.notes).toMatch(/^### 🚀 Features\n\n- one more \(\[#30\]/)
    // A new commit of a pull request the kept commits name: that pull request's line moves up.
    repo.commit('feat: change 2 finished (#3)')
    const third = await planLine(forge, LINES, whole, 'https://example.invalid/o/r')
    expect(third).toEqual(await planLine(new GitForge(repo.dir), LINES, whole, 'https://example.invalid/o/r'))
    expect(third.ok && third.plan.notes).not.toContain('change 2 (')
  })

  it('reads the whole range again after a merge or a force-push', async () => {
    repo = createRepo()
    repo.commit('feat: start')
    repo.tag('v1.0.0')
    repo.commit('fix: a')
    const cache = new CommitCache()
    const forge = new GitForge(repo.dir, { cache })
    const whole = { bump: 'auto' as const, line: 'whole', force: true }
    await planLine(forge, LINES, whole, null)
    repo.branch('side', 'v1.0.0')
    repo.commit('feat: on the side')
    repo.checkout('main')
    repo.merge('side', 'Merge branch side')
    await planLine(forge, LINES, whole, null)
    repo.git('reset', '-q', '--hard', 'HEAD~1')
    repo.commit('fix: rewritten')
    await planLine(forge, LINES, whole, null)
    expect(cache.stats).toMatchObject({ hits: 0, extended: 0, misses: 3 })
  })

  it('never changes an answer (random histories, plans with and without the cache)', async () => {
    const step = fc.oneof(
      fc.record({
        op: fc.constant('commit' as const),
        message: fc.constantFrom(
          'fix: a bug',
          'feat: a feature',
          'feat(cli)!: a breaking one',
          'chore: tidy',
          'docs: words\n\nbreaking change: only for loose rules',
          'fix: x\n\nBREAKING CHANGE: gone',
          'Revert "fix: a bug"\n\nThis reverts commit 0000000.',
          'plain words',
          // The notes name a pull request once, for its newest commit.
          'fix: part one (#7)',
          'feat(cli): part two (#7)',
          'fix: another (#8)',
          'Merge pull request #9 from x/y',
        ),
        cli: fc.boolean(),
        // Dates go back (clock skew) and repeat as well as forward.
        skew: fc.integer({ min: -3, max: 3 }),
      }),
      fc.record({ op: fc.constant('merge' as const), back: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant('reset' as const), back: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant('tag' as const), prefix: fc.constantFrom('v', 'cli-v'), back: fc.nat(3) }),
      fc.record({ op: fc.constant('move' as const), back: fc.nat(4) }),
      fc.record({ op: fc.constant('delete' as const) }),
      fc.record({
        op: fc.constant('plan' as const),
        prerelease: fc.constantFrom(undefined, 'rc'),
        changed: fc.boolean(),
        web: fc.constantFrom(null, 'https://example.invalid/o/r'),
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
        repo?.remove()
        const r = createRepo({ step: 0 })
        repo = r
        let clock = 1_700_000_000
        let version = 0
        const tags: string[] = []
        const count = () => Number(r.git('rev-list', '--first-parent', '--count', 'HEAD'))
        const back = (n: number) => `HEAD~${Math.min(n, count() - 1)}`
        r.commit('feat: start', ['cli/a.txt'], { date: clock })
        r.tag('v1.0.0')
        tags.push('v1.0.0')
        const cached = new GitForge(r.dir, { cache: new CommitCache() })
        for (const s of steps) {
          if (s.op === 'commit') {
            clock += s.skew * 60
            r.commit(s.message, [s.cli ? `cli/${++version}.txt` : `app/${++version}.txt`], { date: clock })
          } else if (s.op === 'merge') {
            r.branch(`side-${++version}`, back(s.back))
            clock -= 120
            r.commit('feat: side work', [`cli/${version}.txt`], { date: clock })
            r.checkout('main')
            r.merge(`side-${version}`, `Merge branch side-${version}`)
          } else if (s.op === 'reset') {
            r.git('reset', '-q', '--hard', back(s.back))
          } else if (s.op === 'tag') {
            const name = `${s.prefix}1.${++version}.0`
            r.tag(name, back(s.back))
            tags.push(name)
          } else if (s.op === 'move' && tags.length) {
            r.git('tag', '-f', tags[tags.length - 1]!, back(s.back))
          } else if (s.op === 'delete' && tags.length > 1) {
            r.git('tag', '-d', tags.pop()!)
          } else if (s.op === 'plan') {
            const args = [s.prerelease, s.changed ? CHANGED : LINES, s.web] as const
            expect(await planAll(cached, ...args)).toEqual(await planAll(new GitForge(r.dir), ...args))
          }
        }
        expect(await planAll(cached)).toEqual(await planAll(new GitForge(r.dir)))
      }),
      { numRuns: 25 },
    )
  }, 240_000)
})
