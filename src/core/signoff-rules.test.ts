import { describe, expect, it } from 'vitest'
import { type AuthConfig, authorize } from './authorize.ts'
import { parsePendingTtl } from './pending-ttl.ts'
import { findUnsafeContent } from './post-safety.ts'

const auth: AuthConfig = {
  release: { users: ['U1'], roles: ['R1'], groups: ['S1'] },
  approve: { users: ['U2'], roles: [], groups: [] },
  announce: { users: [], roles: [], groups: [] },
  twoPersonRule: ['major'],
}
const rule = (user: string) => ({ users: [user], roles: [], groups: [] })
const who = (
  platform: 'slack' | 'discord' | 'console',
  userId: string,
  roles: string[] = [],
  groups: string[] = [],
) => ({
  platform,
  userId,
  roles,
  groups,
})

describe('authorize', () => {
  it.each([
    ['a listed user', who('slack', 'U1'), 'release', true],
    ['a Discord member with the role', who('discord', '99', ['R1']), 'release', true],
    ['a Slack member of the group', who('slack', 'U9', [], ['S1']), 'release', true],
    ['a Slack user claiming a Discord role', who('slack', 'U9', ['R1']), 'release', false],
    ['a Discord user claiming a Slack group', who('discord', '99', [], ['S1']), 'release', false],
    ['someone else', who('slack', 'U3'), 'release', false],
    ['anyone, when the rule is empty', who('slack', 'U1'), 'announce', false],
    ['the console user, with or without a rule', who('console', 'console'), 'announce', true],
  ] as const)('%s → %s', (_n, actor, action, allowed) => {
    expect(authorize(auth, actor, action).ok).toBe(allowed)
  })

  it.each([
    ['promote without its own rule falls back to release', {}, 'promote', 'U1', true],
    ['rollback without its own rule falls back to release', {}, 'rollback', 'U1', true],
    ['promote with its own rule uses only it', { promote: rule('U7') }, 'promote', 'U1', false],
    ['promote with its own rule lets its users', { promote: rule('U7') }, 'promote', 'U7', true],
    ['rollback with its own rule uses only it', { rollback: rule('U8') }, 'rollback', 'U1', false],
    ['a promote rule does not widen release', { promote: rule('U7') }, 'release', 'U7', false],
  ] as const)('%s', (_n, extra, action, user, allowed) => {
    expect(authorize({ ...auth, ...extra }, who('slack', user), action).ok).toBe(allowed)
  })

  it('names the rule that applied when promote falls back to release', () => {
    const refused = authorize(auth, who('slack', 'U3'), 'promote')
    expect(refused).toMatchObject({ ok: false, code: 'not_allowed' })
    expect(!refused.ok && refused.message).toContain('You may not promote releases')
    expect(!refused.ok && refused.message).toContain('under `auth.release`')
  })

  it('fails closed without an auth section, naming the key to add', () => {
    expect(authorize(undefined, who('discord', '1'), 'approve')).toEqual({
      ok: false,
      code: 'no_rule',
      message:
        'Nobody may approve announcements from chat: the config has no `auth.approve` rule. Add `auth: {approve: {users: [1]}}` to herald.config.yaml (or roles / groups), or do it from the console (`herald serve` in a terminal).',
    })
  })

  it.each([
    ['major', 'U2', false],
    ['minor', 'U2', true],
    ['major', 'U7', true],
  ] as const)('two-person rule: a %s approved by %s (requested by U2) → %s', (bump, approver, allowed) => {
    const a = { ...auth, approve: { users: ['U2', 'U7'], roles: [], groups: [] } }
    const decision = authorize(a, who('slack', approver), 'approve', {
      requester: { platform: 'slack', userId: 'U2' },
      bump,
    })
    expect(decision.ok).toBe(allowed)
  })

  it.each([
    ['major', 'U7', ['U7'], 'two_person'],
    ['major', 'U7', ['U8'], null],
    ['major', 'U7', [], null],
    ['minor', 'U7', ['U7'], null],
  ] as const)(
    'two-person rule: a %s approved by %s, the revision by %j → %s',
    (bump, approver, authors, code) => {
      const a = { ...auth, approve: { users: ['U2', 'U7'], roles: [], groups: [] } }
      const decision = authorize(a, who('slack', approver), 'approve', {
        requester: { platform: 'slack', userId: 'U2' },
        authors: authors.map((userId) => ({ platform: 'slack', userId })),
        bump,
      })
      expect(decision.ok ? null : decision.code).toBe(code)
      if (!decision.ok)
        expect(decision.message).toBe(
          'A major release needs a second person (`auth.twoPersonRule`): you changed what this step signs off, so someone else allowed to approve announcements must do it.',
        )
    },
  )
})

const rules = {
  allowedUrls: ['https://github.com/o/r/releases/tag/v1.2.0'],
  allowedDomains: ['docs.example.com'],
  maxLength: 2000,
  targetName: 'Discord',
}

describe('the post gate', () => {
  it.each([
    ['@everyone', 'mention'],
    ['hi @here', 'mention'],
    ['<!channel> look', 'mention'],
    ['<!subteam^S123|@devs>', 'mention'],
    ['<@U123>', 'mention'],
    ['<@&112233>', 'mention'],
    ['see https://evil.example/x', 'link'],
    ['[notes](https://evil.example)', 'link'],
    ['<https://evil.example|notes>', 'link'],
    ['www.evil.example', 'link'],
    ['https://github.com/o/r/releases/tag/v1.2.0.evil.example', 'link'],
    ['https://user@docs.example.com/', 'link'],
    ['abc\u202Eevil', 'hidden_text'],
    ['abc\u061Cevil', 'hidden_text'],
    ['abc\u{E0041}\u{E0042}', 'hidden_text'],
    ['👍\u{E0041}\u{E0042}', 'hidden_text'],
    ['abc \u3164 def', 'hidden_text'],
    ['abc \u2800 def', 'hidden_text'],
    ['abc\u2028def', 'hidden_text'],
    ['see evil-example.ru/login', 'link'],
    ['mail admin@evil-example.com', 'link'],
    ['mail admin@docs.example.com.evil.ru', 'link'],
    ['see github.com', 'link'],
    ['x'.repeat(2001), 'too_long'],
    ['   ', 'empty'],
  ])('refuses %j (%s)', (text, code) => {
    expect(findUnsafeContent(text, rules).map((f) => f.code)).toContain(code)
  })

  it.each([
    'Full notes: https://github.com/o/r/releases/tag/v1.2.0',
    'Full notes: https://github.com/o/r/releases/tag/v1.2.0.',
    'Guide: https://docs.example.com/upgrade and https://api.docs.example.com/x',
    'email us at team@docs.example.com', // an address on an allowed domain
    'see docs.example.com/upgrade, or v1.2.0 (e.g. 1.2.x)',
    '🏴󠁧󠁢󠁳󠁣󠁴󠁿 and 👍🏽 and 1️⃣ are fine',
    'the --here flag and @herenow are fine',
    '👩‍💻 ZWJ emoji are fine',
    'x'.repeat(2000),
  ])('lets %j through', (text) => {
    expect(findUnsafeContent(text, rules)).toEqual([])
  })
})

describe('the post gate on Discord markup', () => {
  const discord = { ...rules, platform: 'discord' as const }
  it.each([
    ['run </deploy:123456789012345678> now', 'a command mention'],
    ['on <t:1700000000:R>', 'a timestamp'],
    ['yay <:party:123456789012345678>', 'a custom emoji'],
    ['yay <a:party:123456789012345678>', 'a custom emoji'],
    ['see <id:customize>', 'a link into the server'],
    ['# Big news', 'a header'],
    ['text\n-# small print', 'a header'],
    ['the ||secret|| is out', 'a spoiler'],
  ])('refuses %j on Discord (%s), lets it through for Slack', (text, what) => {
    expect(findUnsafeContent(text, discord)).toEqual([
      { code: 'markup', message: expect.stringContaining(`is ${what} on Discord`) },
    ])
    expect(findUnsafeContent(text, { ...rules, platform: 'slack' })).toEqual([])
  })

  it('lets the usual announcement through on Discord', () => {
    expect(findUnsafeContent('🚀 v1.2.0 is out!\n\n✨ #1 feature: faster `a||b` parsing', discord)).toEqual(
      [],
    )
  })
})

describe('HERALD_PENDING_TTL', () => {
  it.each([
    [undefined, 86_400_000],
    ['', 86_400_000],
    ['90m', 5_400_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
  ])('%j → %i ms', (value, ms) => {
    expect(parsePendingTtl(value)).toEqual({ ok: true, value: ms })
  })
  it.each(['0m', '31d', '24', 'soon', '1.5h'])('refuses %j', (value) => {
    expect(parsePendingTtl(value).ok).toBe(false)
  })
})
