import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cutAt } from '../testing/batches.ts'
import { testLine } from '../testing/test-line.ts'
import { tallyCommits } from './bump-tally.ts'
import { listInSteps, type PlanRequest, planRelease, type RawCommit, selectBase } from './plan-release.ts'
import { PRESETS, type ReleaseLine } from './release-line.ts'
import { bumpRank } from './versions.ts'

const line = testLine

let n = 0
const commit = (message: string, files?: string[]): RawCommit => {
  const sha = (++n).toString(16).padStart(40, '0')
  return {
    sha,
    parents: [],
    author: 'A',
    time: 1577836800,
    message,
    ...(files ? { files } : {}),
  }
}

function plan(
  l: ReleaseLine,
  commits: RawCommit[],
  tags: { name: string; sha: string }[] = [],
  request: PlanRequest = { bump: 'auto' },
  more: Pick<Parameters<typeof planRelease>[0], 'counted' | 'links'> = {},
) {
  const target = 'f'.repeat(40)
  const base = selectBase({ line: l, tags, merged: new Set(tags.map((t) => t.name)), targetSha: target })
  return planRelease({
    line: l,
    base,
    target: { sha: target },
    commits,
    existingTags: new Set(tags.map((t) => t.name)),
    request,
    ...more,
  })
}

const messages = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom('feat', 'fix', 'perf', 'docs', 'chore', 'revert', 'refactor', 'feature'),
      fc.constantFrom('', '(cli)', '(api)'),
      fc.constantFrom('', '!'),
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom(
        '',
        '\n\nBREAKING CHANGE: gone',
        '\n\nbreaking change: gone',
        '\n\nRelease-As: 9.0.0',
        '\n\nRefs: #1',
      ),
    )
    .map(([t, s, b, d, f]) => `${t}${s}${b}: ${d}${f}`),
)

describe('planRelease', () => {
  it.each([
    ['default', line()],
    ['release-please', line({ preset: 'release-please' })],
    ['semantic-release', line({ preset: 'semantic-release' })],
    ['pre-1.0 rules', line({ preMajor: { breaking: 'minor', feature: 'patch' } })],
  ])('bumps are monotonic under %s rules: adding a commit never lowers the release', (_name, l) => {
    fc.assert(
      fc.property(fc.array(messages, { maxLength: 12 }), messages, fc.boolean(), (list, extra, preOne) => {
        const tags = [{ name: preOne ? 'v0.3.0' : 'v1.3.0', sha: 'e'.repeat(40) }]
        const before = plan(
          l,
          list.map((m) => commit(m)),
          tags,
        )
        const after = plan(l, [commit(extra), ...list.map((m) => commit(m))], tags)
        expect(bumpRank(after.bump)).toBeGreaterThanOrEqual(bumpRank(before.bump))
        if (before.to && after.to)
          expect(after.to.version >= before.to.version || after.reason === 'release-as').toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it.each([
    ['feat', 'minor'],
    ['feature', 'none'],
    ['docs', 'none'],
    ['revert', 'patch'],
  ] as const)('under the default rules %s is %s', (type, bump) => {
    const p = plan(line(), [commit(`${type}: x`)], [{ name: 'v1.0.0', sha: 'e'.repeat(40) }])
    expect(p.bump).toBe(bump)
  })

  it('uses the presets as documented', () => {
    expect(PRESETS['release-please'].bumps.patch).toEqual(['*'])
    expect(
      plan(
        line({ preset: 'release-please' }),
        [commit('feature: x')],
        [{ name: 'v1.0.0', sha: 'e'.repeat(40) }],
      ).bump,
    ).toBe('minor')
    expect(
      plan(
        line({ preset: 'semantic-release' }),
        [commit('fix: x\n\nbreaking change: y')],
        [{ name: 'v1.0.0', sha: 'e'.repeat(40) }],
      ).bump,
    ).toBe('major')
  })

  it('ignores tags of other prefixes, unparseable versions and ignored globs', () => {
    const l = line({ ignoreTags: ['v0.*'] })
    const base = selectBase({
      line: l,
      tags: [
        { name: 'v0.9.0', sha: 'a'.repeat(40) },
        { name: 'cli-v5.0.0', sha: 'b'.repeat(40) },
        { name: 'v1.2', sha: 'c'.repeat(40) },
        { name: 'vnext', sha: 'd'.repeat(40) },
        { name: 'v1.1.0', sha: 'e'.repeat(40) },
      ],
      merged: new Set(['v0.9.0', 'cli-v5.0.0', 'v1.2', 'vnext', 'v1.1.0']),
      targetSha: 'f'.repeat(40),
    })
    expect(base.lineTags.map((t) => t.tag)).toEqual(['v1.1.0'])
    expect(base.stable?.tag).toBe('v1.1.0')
  })

  it('starts a line at initialVersion whatever the bump', () => {
    expect(plan(line({ initialVersion: '0.1.0' }), [commit('feat!: x')]).to?.version).toBe('0.1.0')
    expect(plan(line(), [commit('fix: x')], [], { bump: 'auto', prerelease: 'rc' }).to?.version).toBe(
      '1.0.0-rc.1',
    )
  })

  it('does not count path-scoped commits outside the paths', () => {
    const l = line({ paths: ['packages/a'], excludePaths: ['packages/a/docs'] })
    const p = plan(
      l,
      [
        commit('feat: outside', ['packages/b/x.ts']),
        commit('feat: docs only', ['packages/a/docs/x.md']),
        commit('fix: inside', ['packages/a/src/x.ts', 'README.md']),
        commit('feat: prefix lookalike', ['packages/ab/x.ts']),
      ],
      [{ name: 'v1.0.0', sha: 'e'.repeat(40) }],
    )
    expect(p.commits.map((c) => c.subject)).toEqual(['inside'])
    expect(p.to?.version).toBe('1.0.1')
  })
})

describe('listInSteps (the plan listed while its commits stream in)', () => {
  const links = (host: string) => ({
    commit: (sha: string) => `${host}/c/${sha}`,
    pr: (n: number) => `${host}/p/${n}`,
  })
  const LINKS = links('https://h')

  /** The commits counted in batches (cut at `cuts`), listed as they are counted. */
  function streamed(l: ReleaseLine, commits: RawCommit[], cuts: number[], listingLinks = LINKS) {
    const tally = tallyCommits(l)
    const listing = listInSteps(listingLinks, l.notes)
    for (const batch of cutAt(commits, cuts)) listing.add(tally.add(batch).counted)
    const counted = tally.result()
    return { counted, listing }
  }

  it('gives the plan of the streamed list the commits and notes it would work out itself', () => {
    fc.assert(
      fc.property(
        fc.array(messages, { maxLength: 30 }),
        fc.array(fc.nat(30), { maxLength: 3 }),
        (ms, cuts) => {
          const commits = ms.map((m) => commit(m))
          const { counted, listing } = streamed(line(), commits, cuts)
          listing.keep(counted)
          const tags = [{ name: 'v1.0.0', sha: 'e'.repeat(40) }]
          const expected = plan(line(), commits, tags, { bump: 'auto' }, { links: LINKS })
          expect(plan(line(), commits, tags, { bump: 'auto' }, { counted, links: LINKS })).toEqual(expected)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('is not taken by a plan asked with other links, nor kept for another list', () => {
    const commits = [commit('feat: one (#1)'), commit('fix: two (#2)')]
    const other = links('https://elsewhere')
    const a = streamed(line(), commits, [1])
    a.listing.keep(a.counted)
    const p = plan(line(), commits, [], { bump: 'auto' }, { counted: a.counted, links: other })
    expect(p.notes).toContain('https://elsewhere/p/1')
    expect(p.notes).not.toContain('https://h/')

    // A batch counted but not listed (one the plan knew from before): the listing is not the list's.
    const tally = tallyCommits(line())
    const listing = listInSteps(LINKS, line().notes)
    listing.add(tally.add(commits.slice(0, 1)).counted)
    tally.add(commits.slice(1))
    const counted = tally.result()
    listing.keep(counted)
    const q = plan(line(), commits, [], { bump: 'auto' }, { counted, links: LINKS })
    expect(q.commits.map((c) => c.subject)).toEqual(['one', 'two'])
    expect(q.notes).toContain('https://h/p/2')
  })
})
