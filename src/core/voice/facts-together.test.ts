/** Facts of several releases announced together: what the headline names, and what the linter takes as the release's. */
import { describe, expect, it } from 'vitest'
import { type AnnouncementFacts, factsSchema } from './facts.ts'
import { lintAnnouncement } from './lint-announcement.ts'
import { expectedHeadline } from './shape-rules.ts'
import { resolveVoice } from './voice-options.ts'

const WEB = 'https://github.com/acme/widget/releases/tag'
const facts: AnnouncementFacts = {
  product: 'widget',
  line: 'main',
  kind: 'cli',
  tag: 'v0.12.4',
  version: '0.12.4',
  previousVersion: '0.12.3',
  bump: 'patch',
  fixOnly: true,
  releaseUrl: `${WEB}/v0.12.4`,
  action: 'npm install widget@0.12.4',
  also: [
    {
      line: 'lts-2026.1',
      tag: 'v2026.1.4',
      version: '2026.1.4',
      previousVersion: '2026.1.3',
      releaseUrl: `${WEB}/v2026.1.4`,
    },
  ],
}
const voice = resolveVoice()
const text = (body: string) =>
  [
    '🐛 widget v0.12.4 and v2026.1.4 (lts-2026.1) are out!',
    '',
    body,
    '',
    'Upgrade: `npm install widget@0.12.4`',
    `Full notes: ${WEB}/v0.12.4 and ${WEB}/v2026.1.4`,
  ].join('\n')
const rules = (t: string) => lintAnnouncement(t, facts, voice).findings.map((f) => `${f.rule}: ${f.message}`)

describe('facts of releases announced together', () => {
  it('pass the facts file schema; a fifth release more does not', () => {
    expect(factsSchema.safeParse(facts).success).toBe(true)
    const five = { ...facts, also: Array.from({ length: 5 }, () => facts.also![0]) }
    expect(factsSchema.safeParse(five).success).toBe(false)
  })

  it('name every version in the headline, which "are out"', () => {
    expect(expectedHeadline({ facts, voice })).toBe('🐛 widget v0.12.4 and v2026.1.4 (lts-2026.1) are out!')
    const three = {
      ...facts,
      also: [
        ...facts.also!,
        { ...facts.also![0]!, line: 'lts-2025.4', tag: 'v2025.4.9', version: '2025.4.9' },
      ],
    }
    expect(expectedHeadline({ facts: three, voice })).toBe(
      '🐛 widget v0.12.4, v2026.1.4 (lts-2026.1) and v2025.4.9 (lts-2025.4) are out!',
    )
  })

  it('take both versions, the previous ones and both release pages as the release’s', () => {
    expect(rules(text('🐛 Forged session tokens are rejected, as in v2026.1.3 and v0.12.3 before.'))).toEqual(
      [],
    )
  })

  it('still refuse a version and a release page neither release has', () => {
    expect(rules(text('🐛 Forged session tokens are rejected, as in v2026.1.5.'))).toEqual([
      'wrong-version: version v2026.1.5 is not this release (0.12.4, 2026.1.4)',
    ])
    const other = text('🐛 Forged session tokens are rejected.').replace(
      `${WEB}/v2026.1.4`,
      `${WEB}/v2026.1.2`,
    )
    expect(rules(other)).toEqual([
      `wrong-release-link: release link ${WEB}/v2026.1.2 is not this release’s: ${WEB}/v0.12.4`,
    ])
  })
})
