import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bigRelease, cliCommits, cliFacts, commit, platformFacts } from '../../testing/announce-fixtures.ts'
import { sanitiseTitle, skipReason } from './changes.ts'
import { composeAnnouncement } from './compose-announcement.ts'
import { lintAnnouncement } from './lint-announcement.ts'
import { draftOffline } from './offline-draft.ts'
import { resolveVoice } from './voice-options.ts'

const voice = resolveVoice({ internalTerms: ['sqlmodel'] })
const offlineText = (facts: typeof cliFacts, commits: ReturnType<typeof commit>[]) =>
  composeAnnouncement(draftOffline(facts, commits, voice), facts, commits, voice)

describe('the skip policy', () => {
  it.each([
    ['docs-only', [commit('docs: clarify auth (#1)'), commit('docs(cli): typo (#2)')]],
    ['tooling-only', [commit('ci: cache uv (#3)'), commit('chore(deps): bump httpx (#4)')]],
    [
      'tooling-only',
      [commit('fix(deps): bump urllib3 (#5)', { author: 'renovate[bot]' }), commit('docs: x (#6)')],
    ],
    ['no-changes', []],
  ])('skips a %s release', (code, commits) => {
    expect(skipReason(commits, 'v1.0.0')?.code).toBe(code)
  })

  it('announces a release with one user-facing change among the chores', () => {
    expect(skipReason([commit('ci: x (#1)'), commit('fix: crash on start (#2)')], 'v1.0.0')).toBeNull()
  })

  it('says why, naming the previous tag of a re-tag', () => {
    expect(skipReason([], 'v1.4.0')?.reason).toMatchInlineSnapshot(
      `"re-tag with no changes since v1.4.0: nothing for users to act on"`,
    )
  })
})

describe('sanitising titles', () => {
  it.each([
    ['add @everyone ping', 'add everyone ping'],
    ['see https://evil.example.com/x now', 'see now'],
    ['[click](https://evil.example.com) here', 'click here'],
    ['hi <!channel> <@&123> <@U42>', 'hi'],
    ['close </changes> tag', 'close /changes tag'],
    ['bidi \u202Eevil\u202C and zero\u200Bwidth', 'bidi evil and zero width'],
    ['a\nmulti\tline', 'a multi line'],
  ])('%j becomes %j', (input, output) => {
    expect(sanitiseTitle(input)).toBe(output)
  })

  it('caps the length', () => {
    expect([...sanitiseTitle('x'.repeat(500))].length).toBe(120)
  })
})

describe('the offline drafter', () => {
  it('announces only user-facing changes, from the default template', () => {
    const { text, findings } = offlineText(cliFacts, cliCommits)
    expect(findings).toEqual([])
    expect(text).toMatchInlineSnapshot(`
      "🚀 connexity-cli v0.3.0 is out!

      This release brings 1 new feature, 1 fix and 1 performance improvement.

      ✨ Add compare command
      🐛 Handle SSE timeout
      ⚡ Reduce polling overhead

      Upgrade: \`uv tool upgrade connexity-cli\`
      Full notes: https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0"
    `)
    expect(lintAnnouncement(text, cliFacts, voice)).toEqual({ ok: true, findings: [] })
  })

  it.each([
    ['no release page: no link line', { releaseUrl: null }, 'Upgrade: `uv tool upgrade connexity-cli`'],
    ['no install command: no action line', { action: null }, 'Full notes: https://github.com/'],
    ['neither', { releaseUrl: null, action: null }, '⚡ Reduce polling overhead'],
  ] as const)(
    'a release with %s, and it lints clean',
    (_name, missing: { releaseUrl?: null; action?: null }, lastLine) => {
      const facts = { ...cliFacts, ...missing }
      const { text, findings } = offlineText(facts, cliCommits)
      expect(findings).toEqual([])
      expect(text.split('\n').at(-1)).toContain(lastLine)
      expect(text).not.toContain(missing.releaseUrl === null ? 'Full notes' : 'Upgrade:')
      expect(lintAnnouncement(text, facts, voice)).toEqual({ ok: true, findings: [] })
    },
  )

  it('without a release page any link is foreign, and no release link is asked for', () => {
    const facts = { ...cliFacts, releaseUrl: null }
    const linked = `${offlineText(facts, cliCommits).text}\nFull notes: ${cliFacts.releaseUrl}`
    const rules = lintAnnouncement(linked, facts, voice).findings.map((f) => f.rule)
    expect(rules).toEqual(['foreign-link'])
  })

  it('writes a fix-only patch within three body lines and counts the rest', () => {
    const commits = [
      commit('fix: a (#1)'),
      commit('fix: b (#2)'),
      commit('fix: c (#3)'),
      commit('fix: d (#4)'),
    ]
    const { text } = offlineText(platformFacts, commits)
    expect(text).toMatchInlineSnapshot(`
      "🐛 Connexity v1.4.2 is rolling out!

      This release brings 4 fixes.

      🐛 A
      ➕ 3 more changes in the full notes

      Rolling out across staging → prod over the next few hours.
      Full notes: https://github.com/Connexity-AI/connexity/releases/tag/v1.4.2"
    `)
    expect(lintAnnouncement(text, platformFacts, voice).findings).toEqual([])
  })

  it('folds a subject that would break a rule into the count instead of showing it', () => {
    const commits = [commit('feat: switch to sqlmodel (#1)'), commit('feat: dark mode (#2)')]
    const { text } = offlineText(cliFacts, commits)
    expect(text).not.toContain('sqlmodel')
    expect(text).toContain('➕ 1 more change in the full notes')
  })

  it('notes a breaking change on a major release', () => {
    const facts = { ...cliFacts, version: '1.0.0', tag: 'cli-v1.0.0', bump: 'major' as const }
    facts.releaseUrl = facts.releaseUrl!.replace('0.3.0', '1.0.0')
    const { text } = offlineText(facts, [
      commit('feat(cli)!: drop python 3.10 (#9)'),
      commit('feat: json output (#10)'),
    ])
    expect(text.split('\n')[0]).toBe('🎉 connexity-cli v1.0.0 is out!')
    expect(text).toContain('⚠️ Breaking: drop python 3.10.')
    expect(lintAnnouncement(text, facts, voice).ok).toBe(true)
  })

  it('passes the linter for any mix of commit subjects', () => {
    const types = fc.constantFrom('feat', 'fix', 'perf', 'docs', 'chore', 'ci', 'refactor', 'revert')
    const subject = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' })
    const hostile = fc.constantFrom(
      '@everyone',
      'https://evil.example.com',
      'OPS-42',
      'should',
      'I',
      'supercharge',
      'v9.9.9',
      '<!here>',
      '🚀🚀',
      'backend/cli/_version.py',
      '\u200B',
      'evil.io',
    )
    const header = fc.tuple(
      types,
      fc.array(fc.oneof(subject, hostile), { minLength: 1, maxLength: 5 }),
      fc.nat(5000),
    )
    fc.assert(
      fc.property(
        fc.array(header, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(cliFacts, platformFacts),
        (hs, facts) => {
          const commits = hs.map(([t, words, pr]) =>
            commit(`${t}: ${words.join(' ').replace(/\n/g, ' ')} (#${pr + 1})`),
          )
          const { text, findings } = offlineText(facts, commits)
          const report = lintAnnouncement(text, facts, voice)
          expect(findings).toEqual([])
          expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
        },
      ),
      { numRuns: 150 },
    )
  })

  it('stays within a Discord post for a 1,000-PR release', () => {
    const facts = { ...cliFacts, bump: 'major' as const, version: '2.0.0', tag: 'cli-v2.0.0' }
    facts.releaseUrl = facts.releaseUrl!.replace('0.3.0', '2.0.0')
    const { text } = offlineText(facts, bigRelease(1000))
    expect(text.length).toBeLessThan(2000)
    expect(lintAnnouncement(text, facts, voice).ok).toBe(true)
  })
})

describe('composition', () => {
  it('gives each bullet exactly one emoji and reports citations outside the release', () => {
    const composed = composeAnnouncement(
      {
        summary: 'We fixed\nstreams.',
        bullets: [
          { emoji: '✨✨', text: '🎯 Compare runs', prs: [41], commits: [] },
          { emoji: 'star', text: 'Docs are clearer', prs: [46], commits: [] },
          { emoji: '🐛', text: 'Uncited', prs: [], commits: [] },
        ],
        breakingNote: null,
      },
      cliFacts,
      cliCommits,
      voice,
    )
    expect(composed.text.split('\n').slice(2, 7)).toEqual([
      'We fixed streams.',
      '',
      '✨ Compare runs',
      '🛠️ Docs are clearer',
      '🐛 Uncited',
    ])
    expect(composed.findings.map((f) => [f.rule, f.line])).toEqual([
      ['excluded-change', 6],
      ['uncited-bullet', 7],
    ])
  })
})
