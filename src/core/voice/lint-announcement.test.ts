import { describe, expect, it } from 'vitest'
import { cliFacts, GOOD_CLI, platformFacts } from '../../testing/announce-fixtures.ts'
import type { AnnouncementFacts } from './facts.ts'
import { applyFixes } from './finding.ts'
import { lintAnnouncement } from './lint-announcement.ts'
import { RULES } from './rule-table.ts'
import { resolveVoice } from './voice-options.ts'

const SUMMARY = 'We added a compare command and made long streams reliable.'
const BULLET = '✨ New `compare` command shows two runs side by side'
const summary = (s: string) => GOOD_CLI.replace(SUMMARY, s)
const bullet = (b: string) => GOOD_CLI.replace(BULLET, b)
const headline = (h: string) => GOOD_CLI.replace('🚀 connexity-cli v0.3.0 is out!', h)
const rulesOf = (
  text: string,
  facts: AnnouncementFacts = cliFacts,
  voice = resolveVoice({ internalTerms: ['sqlmodel'] }),
) => lintAnnouncement(text, facts, voice).findings.map((f) => f.rule)

describe('the voice linter', () => {
  it('passes a well-formed announcement, filled in', () => {
    expect(lintAnnouncement(GOOD_CLI, cliFacts)).toEqual({ ok: true, findings: [] })
  })

  it.each([
    ['headline-version', headline('🚀 connexity-cli is out!'), 'the headline does not name v0.3.0'],
    ['headline-product', headline('🚀 v0.3.0 is out!'), 'the headline does not name connexity-cli'],
    [
      'headline-emoji',
      headline('connexity-cli v0.3.0 is out!'),
      'the headline does not start with an emoji: start it with 🚀',
    ],
    [
      'bullet-missing-emoji',
      bullet('- New `compare` command shows two runs side by side'),
      'this bullet has no emoji: start it with one, like ✨ or 🐛',
    ],
  ])('%s says what is wrong', (rule, text, message) => {
    const found = lintAnnouncement(text, cliFacts).findings.filter((f) => f.rule === rule)
    expect(found.map((f) => f.message)).toEqual([message])
  })

  // Each rule: a violation, and the nearest text that must not trip it.
  it.each([
    ['first-person', summary('I added a compare command.'), summary('We added I/O tracing.')],
    ['first-person', summary('Thanks to my team.'), summary('The my-app template works again.')],
    ['hedge', summary('This should fix streams.'), summary('The `--should-retry` flag is back.')],
    ['hedge', summary('Streams should work now.'), summary('Shoulder-surfing no longer reveals tokens.')],
    ['hedge', summary('It is kind of faster.'), summary('Every kind of run is faster.')],
    ['hedge', summary('Hopefully streams hold.'), summary('Streams hold.')],
    ['marketing', summary('We supercharge your streams.'), summary('We charge nothing for streams.')],
    ['marketing', summary('A seamless upgrade.'), summary('A seam in the upgrade path is closed.')],
    ['internal-term', summary('We moved to sqlmodel.'), summary('We moved to SQL models.')],
    ['ticket-id', summary('Fixes OPS-42 for good.'), summary('Output is now UTF-8 and SHA-256 checked.')],
    [
      'file-path',
      summary('We fixed backend/cli/_version.py.'),
      summary('Config lives in ~/.config/connexity/cli.toml and/or env.'),
    ],
    [
      'file-path',
      summary('Changes under backend/cli/ only.'),
      summary('Works on TCP/IP and 1.0/2.0 servers.'),
    ],
    [
      'long-sentence',
      summary(`We ${'really '.repeat(30)}fixed it.`),
      summary(`We fixed it. ${'It works. '.repeat(10)}`),
    ],
    ['mass-mention', summary('Heads up @everyone.'), summary('Heads up, everyone here.')],
    ['mass-mention', summary('Heads up <!channel>.'), summary('Heads up, channel owners.')],
    ['mass-mention', summary('Ping <@&123456789>.'), summary('Ping the role <#123456789>.')],
    ['mass-mention', summary('Ping <!subteam^S123|team>.'), summary('Ping the subteam.')],
    ['foreign-link', summary('See https://evil.example.com/x.'), summary('See the full notes below.')],
    ['foreign-link', summary('See [docs](https://docs.example.com).'), summary('See the docs.')],
    ['foreign-link', summary('See <https://x.example.com|here>.'), summary('See below.')],
    ['foreign-link', summary('Visit example.io for more.'), summary('Version 1.2.x ships, i.e. today.')],
    ['foreign-link', summary('See evil-example.ru/login now.'), summary('See the login page now.')],
    ['foreign-link', summary('Mail admin@evil-example.com now.'), summary('Mail the admins now.')],
    ['foreign-link', summary('Load `config.yaml` first.'), summary('Load the config first.')],
    ['hidden-character', summary('We fixed\u061C it.'), summary('We fixed it for 🏴󠁧󠁢󠁳󠁣󠁴󠁿 fans.')],
    ['hidden-character', summary('We fixed it\u{E0041}\u{E0042}.'), summary('We fixed it 👍🏽.')],
    ['hidden-character', summary('We fixed \u3164 it.'), summary('We fixed it ❤️.')],
    ['hidden-character', summary('We fixed \u2800 it.'), summary('We fixed it 1️⃣.')],
    [
      'wrong-release-link',
      GOOD_CLI.replace('/cli-v0.3.0', '/cli-v0.2.1'),
      GOOD_CLI.replace('Full notes', 'Release notes'),
    ],
    [
      'wrong-version',
      summary('Upgrade from v0.1.9 today.'),
      summary('Upgrade from v0.2.1 today; Python 3.12.1 works.'),
    ],
    ['too-long', bullet(`✨ ${'x'.repeat(2000)}`), bullet(`✨ ${'x'.repeat(1500)}`)],
    ['hidden-character', summary('We fixed\u200B it.'), summary('We fixed it for 👨‍👩‍👧 families.')],
    [
      'headline-emoji',
      headline('🐛 connexity-cli v0.3.0 is out!'),
      headline('🚀 connexity-cli v0.3.0 is out!'),
    ],
    ['headline-emoji', headline('connexity-cli v0.3.0 is out!'), headline('🚀 connexity-cli v0.3.0 is out!')],
    ['headline-product', headline('🚀 v0.3.0 is out!'), headline('🚀 connexity-cli v0.3.0 is out!')],
    ['headline-version', headline('🚀 connexity-cli is out!'), headline('🚀 connexity-cli 0.3.0 is out!')],
    ['headline-wording', headline('🚀 connexity-cli v0.3.0 has landed'), GOOD_CLI],
    ['release-link', GOOD_CLI.replace(/\nFull notes: .*$/, ''), GOOD_CLI],
    ['user-action', GOOD_CLI.replace(/\nUpgrade: .*\n/, '\n'), GOOD_CLI.replace('Upgrade: ', 'Run ')],
    ['bullet-emoji-count', bullet('✨ New compare 🎯 command'), bullet('✨ New compare command')],
    ['bullet-missing-emoji', bullet('- New compare command'), bullet('✨ New compare command')],
    ['emoji-run', bullet('✨✨ New compare command'), bullet('👩🏽‍💻 New compare command')],
    ['emoji-run', bullet('✨ 🎯 New compare command'), bullet('🇺🇸 New compare command')],
    ['emoji-only-bullet', bullet('✨'), bullet('✨ 2x')],
  ])('%s: flags the violation, not its look-alike (%#)', (rule, bad, good) => {
    expect(rulesOf(bad)).toContain(rule)
    expect(rulesOf(good)).not.toContain(rule)
  })

  it('has a table case for every rule of the text (structure rules are the composer’s)', () => {
    const textRules = Object.keys(RULES).filter(
      (r) => !['uncited-bullet', 'unknown-ref', 'excluded-change', 'invalid-draft'].includes(r),
    )
    expect(textRules.length).toBe(24)
  })

  it('reports positions in grapheme clusters, after flags, families and skin tones', () => {
    const text = bullet('🇺🇸 👨‍👩‍👧 maybe later')
    const hedge = lintAnnouncement(text, cliFacts).findings.find((f) => f.rule === 'hedge')!
    // 🇺🇸 is one column, the family is one column: "maybe" starts at column 5.
    expect(hedge).toMatchObject({ line: 5, column: 5, endColumn: 10 })
  })

  it('expects 🐛 for a fix-only release and 🎉 for a milestone', () => {
    const platform = `🚀 Connexity v1.4.2 is rolling out!

We fixed a login loop.

🐛 Login no longer loops after a wrong password

Rolling out across staging → prod over the next few hours.
Full notes: https://github.com/Connexity-AI/connexity/releases/tag/v1.4.2`
    const finding = lintAnnouncement(platform, platformFacts).findings[0]!
    expect(finding).toMatchObject({ rule: 'headline-emoji', fix: { text: '🐛' } })
    expect(finding.message).toMatchInlineSnapshot(`"a fix-only release gets 🐛, not 🚀"`)
    const milestone = {
      ...platformFacts,
      version: '2.0.0',
      tag: 'v2.0.0',
      bump: 'major' as const,
      fixOnly: false,
    }
    const text = platform.replaceAll('1.4.2', '2.0.0')
    expect(lintAnnouncement(text, milestone).findings[0]).toMatchObject({
      rule: 'headline-emoji',
      fix: { text: '🎉' },
    })
  })

  it('accepts the platform rollout sentence in other words', () => {
    const text = `🐛 Connexity v1.4.2 is rolling out!

We fixed a login loop.

🐛 Login no longer loops after a wrong password

We are rolling out to every region today.
Full notes: https://github.com/Connexity-AI/connexity/releases/tag/v1.4.2`
    expect(rulesOf(text, platformFacts)).not.toContain('user-action')
  })

  it('warns when the length does not match a patch release', () => {
    const facts = { ...cliFacts, bump: 'patch' as const }
    const finding = lintAnnouncement(GOOD_CLI, facts).findings.find((f) => f.rule === 'length')!
    expect(finding.message).toMatchInlineSnapshot(
      `"4 lines for a patch release; aim for about 3: keep what users notice"`,
    )
    expect(finding.severity).toBe('warning')
  })

  it('applies mechanical fixes until the text is clean', () => {
    const bad = `🐛 connexity-cli v0.3.0 is out! @everyone

We fixed streams, hopefully for good (OPS-42).

✨✨ New compare command`
    const fixed = applyFixes(bad, lintAnnouncement(bad, cliFacts).findings)
    expect(fixed).toMatchInlineSnapshot(`
      "🚀 connexity-cli v0.3.0 is out!

      We fixed streams, for good.

      ✨ New compare command
      Upgrade: \`uv tool upgrade connexity-cli\`
      Full notes: https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0"
    `)
  })

  it('takes the project’s overrides: extra words, allowed words, domains, severities, limits', () => {
    const voice = resolveVoice({
      extraHedges: ['basically'],
      allow: ['should'],
      linkDomains: ['docs.connexity.ai'],
      rules: { 'long-sentence': 'off', 'mass-mention': 'off' },
      limits: { maxChars: 300 },
    })
    expect(rulesOf(summary('Basically faster.'), cliFacts, voice)).toContain('hedge')
    expect(rulesOf(summary('It should work.'), cliFacts, voice)).not.toContain('hedge')
    expect(rulesOf(summary('See https://docs.connexity.ai/cli.'), cliFacts, voice)).not.toContain(
      'foreign-link',
    )
    expect(rulesOf(summary(`We ${'really '.repeat(30)}did.`), cliFacts, voice)).not.toContain('long-sentence')
    // Safety rules cannot be turned off.
    expect(rulesOf(summary('Hi @here.'), cliFacts, voice)).toContain('mass-mention')
    expect(rulesOf(GOOD_CLI, cliFacts, voice)).toContain('too-long')
  })

  it('limits Slack posts to 4,000 characters and Discord posts to 2,000', () => {
    const long = bullet(`✨ ${'word '.repeat(500)}`)
    expect(rulesOf(long, { ...cliFacts, target: 'slack' })).not.toContain('too-long')
    expect(rulesOf(long, { ...cliFacts, target: 'discord' })).toContain('too-long')
  })
})
