import { describe, expect, it } from 'vitest'
import { testLine } from '../testing/test-line.ts'
import { type PlanRequest, planRelease, type RawCommit, selectBase } from './plan-release.ts'
import type { ReleaseLine } from './release-line.ts'
import { withRangeClaims } from './version-scheme/index.ts'

let n = 0
const commit = (message: string): RawCommit => ({
  sha: (++n).toString(16).padStart(40, '0'),
  parents: [],
  author: 'A',
  time: 1767225600,
  message,
})
const tag = (name: string) => ({ name, sha: `${name}`.padEnd(40, '0') })

function plan(l: ReleaseLine, commits: RawCommit[], tags: string[], request: Partial<PlanRequest> = {}) {
  const refs = tags.map(tag)
  const target = 'f'.repeat(40)
  const base = selectBase({ line: l, tags: refs, merged: new Set(tags), targetSha: target })
  return planRelease({
    line: l,
    base,
    target: { sha: target },
    commits,
    existingTags: new Set(tags),
    request: { bump: 'auto', today: { year: 2026, month: 6 }, ...request },
  })
}

const [main, lts] = withRangeClaims([
  testLine({ name: 'main' }),
  testLine({
    name: 'lts-2026.1',
    range: '2026.1.x',
    scheme: 'calver',
    calver: 'YYYY.MINOR.MICRO',
    bumps: { minor: [], patch: ['*'] },
  }),
]) as [ReleaseLine, ReleaseLine]
const tags = ['v0.12.0', 'v0.12.1', 'v2026.1.0', 'v2026.1.3']

describe('lines with ranges under one prefix', () => {
  it('each line plans from its own tags', () => {
    expect(plan(main, [commit('fix: a')], tags).to?.version).toBe('0.12.2')
    const p = plan(lts, [commit('feat: backported feature')], tags)
    expect(p.base?.tag).toBe('v2026.1.3')
    expect(p.to?.version).toBe('2026.1.4')
  })

  it('a security-only line refuses a breaking change, naming it', () => {
    const breaking = commit('feat!: drop the old API')
    const p = plan(lts, [commit('fix: a'), breaking], tags)
    expect(p.to).toBeNull()
    expect(p.refusal?.code).toBe('out-of-range')
    expect(p.refusal?.message).toContain('range 2026.1.x')
    expect(p.refusal?.message).toContain(breaking.sha.slice(0, 7))
  })

  it('a SemVer maintenance line 1.2.x refuses a feat, naming the commit and the range', () => {
    const l = testLine({ name: 'v1.2', range: '1.2.x' })
    const feat = commit('feat: more')
    const p = plan(l, [commit('fix: a'), feat], ['v1.2.3', 'v1.3.0'])
    expect(p.refusal?.message).toBe(
      `1.3.0 is outside line "v1.2"'s range 1.2.x: ${feat.sha.slice(0, 7)} "feat: more" asks for a minor release; cut it from a line whose range holds it, or leave those commits out of this branch`,
    )
    expect(plan(l, [commit('fix: b')], ['v1.2.3', 'v1.3.0']).to?.version).toBe('1.2.4')
  })

  it('refuses an explicit version outside the range, and takes one inside', () => {
    const l = testLine({ name: 'v1.2', range: '1.2.x' })
    expect(plan(l, [], ['v1.2.3'], { version: '1.3.0' }).refusal?.message).toBe(
      `1.3.0 is outside line "v1.2"'s range 1.2.x: pick a version in 1.2.x`,
    )
    expect(plan(l, [], ['v1.2.3'], { version: '1.2.7' }).to?.version).toBe('1.2.7')
  })
})

describe('calendar versions', () => {
  const cal = testLine({ scheme: 'calver', calver: 'YYYY.MINOR.MICRO' })
  it('a new year resets MINOR', () => {
    expect(plan(cal, [commit('feat: a')], ['v2026.3.1']).to?.version).toBe('2026.4.0')
    expect(
      plan(cal, [commit('feat: a')], ['v2026.3.1'], { today: { year: 2027, month: 1 } }).to?.version,
    ).toBe('2027.0.0')
    expect(
      plan(cal, [commit('fix: a')], ['v2026.3.1'], { today: { year: 2027, month: 1 } }).to?.version,
    ).toBe('2026.3.2')
  })

  it('a breaking change is no pre-1.0 case and moves the calendar', () => {
    expect(plan(cal, [commit('feat!: a')], ['v2026.0.1']).to?.version).toBe('2026.1.0')
  })

  it('a first release takes the year', () => {
    const fresh = testLine({ scheme: 'calver', calver: 'YYYY.MINOR.MICRO', initialVersion: undefined })
    expect(plan(fresh, [commit('feat: a')], []).to?.version).toBe('2026.0.0')
  })
})

describe('PEP 440 lines', () => {
  const py = testLine({ tagPrefix: '', scheme: 'pep440', calver: 'YY.MINOR.MICRO' })
  it('run a release-candidate series and its final release', () => {
    const first = plan(py, [commit('feat: a')], ['26.1.0'], { prerelease: 'rc' })
    expect(first.to?.tag).toBe('26.2.0rc1')
    const second = plan(py, [commit('fix: b')], ['26.1.0', '26.2.0rc1'], { prerelease: 'rc' })
    expect(second.to?.version).toBe('26.2.0rc2')
    expect(second.from?.tag).toBe('26.2.0rc1')
    const final = plan(py, [commit('feat: a'), commit('fix: b')], ['26.1.0', '26.2.0rc1', '26.2.0rc2'])
    expect(final.to?.version).toBe('26.2.0')
    expect(final.from?.tag).toBe('26.1.0')
  })

  it('take an explicit PEP 440 version, normalised', () => {
    expect(plan(py, [], ['26.1.0'], { version: '26.2.0-rc2' }).to?.tag).toBe('26.2.0rc2')
  })

  it('a SemVer line refuses a PEP 440 version, saying which scheme takes it', () => {
    expect(plan(testLine(), [], ['v1.0.0'], { version: '26.2.0rc2' }).refusal?.message).toBe(
      'not a semantic version: "26.2.0rc2" (expected like 1.2.3); 26.2.0rc2 is a PEP 440 version: set the line\'s `scheme: pep440`',
    )
  })
})
