import { describe, expect, it } from 'vitest'
import { testLine } from '../../testing/test-line.ts'
import { factsFromPlan, factsSchema, headlineEmoji, isMilestone } from './facts.ts'

const facts = (version: string) => ({
  product: 'agent',
  line: 'agent',
  kind: 'cli',
  tag: `agent-${version}`,
  version,
  previousVersion: null,
  bump: 'minor',
  fixOnly: false,
  releaseUrl: null,
  action: null,
})

describe('announcement facts of any version scheme', () => {
  it.each(['1.2.3', '1.3.0-rc.1', '2026.04.0', '26.2.0rc2', '1.0.0.post1', '1.0.0.dev4'])('take %s', (v) => {
    expect(factsSchema.safeParse(facts(v)).success).toBe(true)
  })

  it.each(['v1.2.3', '1.2', '1.2.3rc'])('refuse %s', (v) => {
    expect(factsSchema.safeParse(facts(v)).success).toBe(false)
  })

  it('a PEP 440 pre-release is no milestone, its final 2.0.0 is', () => {
    expect(isMilestone('2.0.0rc1')).toBe(false)
    expect(isMilestone('2.0.0')).toBe(true)
  })

  it.each([
    ['calver', 'YYYY.MINOR.MICRO', '2027.0.0'],
    ['pep440', 'YY.MINOR.MICRO', '27.0.0'],
  ] as const)('a %s calendar line’s first release of a year is no milestone', (scheme, calver, version) => {
    const line = testLine({ scheme, calver, announce: { kind: 'cli', product: 'agent' } })
    const planned = factsFromPlan({
      line,
      tag: `v${version}`,
      version,
      previousVersion: null,
      bump: 'major',
      commits: [],
      repoWebUrl: null,
    })
    expect(planned.ok && planned.facts.calendar).toBe(true)
    expect(planned.ok && headlineEmoji(planned.facts)).toBe('🚀')
    expect(headlineEmoji({ version: '2.0.0', fixOnly: false })).toBe('🎉')
  })
})
