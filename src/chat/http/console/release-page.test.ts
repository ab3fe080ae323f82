import { describe, expect, it } from 'vitest'
import type { ConsoleSession } from '../../../flows/web-console/console-access.ts'
import type { LineOverview } from '../../../flows/web-console/overview.ts'
import type { ReleaseDetail } from '../../../flows/web-console/release-detail.ts'
import { overviewPage } from './pages.ts'
import { releaseHref, releasePage } from './release-page.ts'

const session: ConsoleSession = {
  actor: { platform: 'slack', userId: 'U1', roles: [], groups: [] },
  csrf: 'c'.repeat(43),
  createdAt: '2026-03-01T00:00:00.000Z',
  lastSeen: '2026-03-01T00:00:00.000Z',
}
const EVIL = '<script>alert(1)</script>'

const release: ReleaseDetail = {
  tag: 'web-v2.0.0',
  line: 'web',
  version: '2.0.0',
  notes: { ok: true, markdown: `## Features\n- ${EVIL} (#14)` },
  announcements: [
    {
      subject: 'announce:a',
      postedAt: '2026-03-01T10:00:00.000Z',
      text: `Out now! ${EVIL}`,
      approvedBy: { platform: 'slack', userId: 'U2', name: `<b>Eve</b>` },
      approvedAt: '2026-03-01T09:59:00.000Z',
      messageUrl: 'javascript:alert(1)',
    },
  ],
  channels: {
    stable: '2.0.0',
    canary: null,
    entry: {
      version: '2.0.0',
      tag: 'web-v2.0.0',
      sha: 'a'.repeat(40),
      publishedAt: '2026-03-01T00:00:00.000Z',
      assets: [{ name: `${EVIL}.tgz`, sha256: 'f'.repeat(64) }],
      rolledBack: null,
    },
    events: [
      {
        sequence: 2,
        action: 'promote',
        version: '2.0.0',
        channel: 'stable',
        actor: 'slack:U2',
        reason: EVIL,
        ticket: 'OPS-1',
        at: '2026-03-02T00:00:00.000Z',
      },
    ],
  },
}

describe('the release page', () => {
  it('escapes every string from outside, and links a message only by an http(s) address', () => {
    const page = releasePage(session, 'U1', release)
    expect(page).not.toContain('<script>')
    expect(page.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)).toHaveLength(4)
    expect(page).toContain('&lt;b&gt;Eve&lt;/b&gt; (slack U2), 2026-03-01 09:59:00')
    expect(page).not.toContain('href="javascript:')
    expect(page).toContain('<dd>no address</dd>')
    expect(page).toContain('Serving stable.')
    expect(page).toContain('<td>promote → stable</td>')
  })

  it.each([
    [
      { ...release, announcements: [] },
      'Not announced yet. Start with <code>/announce-release web-v2.0.0</code>',
    ],
    [
      { ...release, notes: { ok: false as const, problem: `no tag ${EVIL}` } },
      'The notes could not be built: no tag &lt;script&gt;',
    ],
    [
      { ...release, channels: { problem: 'the release index of line web could not be read: 502' } },
      'could not be read: 502</p>',
    ],
    [{ ...release, channels: null }, '<h2 id="announcements">'],
  ])('says what is missing (%#)', (detail, shown) => {
    expect(releasePage(session, 'U1', detail)).toContain(shown)
  })

  it('has no channels section for a line without channels', () => {
    expect(releasePage(session, 'U1', { ...release, channels: null })).not.toContain('id="channels"')
  })

  it.each([
    ['v1.2.0', '/console/release/v1.2.0'],
    ['cli/v1.2.0', '/console/release/cli%2Fv1.2.0'],
    ['v1.2.0+build.5', '/console/release/v1.2.0%2Bbuild.5'],
  ])('links %s as %s', (tag, href) => {
    expect(releaseHref(tag)).toBe(href)
  })
})

describe('the overview', () => {
  const line = (channels: LineOverview['channels']): LineOverview => ({
    line: 'web',
    tagPrefix: 'web-v',
    latest: 'web-v2.1.0',
    unreleased: 3,
    pending: [],
    problem: null,
    channels,
  })
  it.each([
    [
      { line: 'web', stable: '2.0.0', canary: { version: '2.1.0', soakLeft: '40m' } },
      'stable <a href="/console/release/web-v2.0.0">2.0.0</a><br>canary <a href="/console/release/web-v2.1.0">2.1.0</a> (soaking, 40m left)',
    ],
    [{ line: 'web', stable: '2.0.0', canary: { version: '2.1.0', soakLeft: null } }, '2.1.0</a> (soaked)'],
    [{ line: 'web', stable: null, canary: null }, '<td>stable none<br>canary none</td>'],
    ['unreadable' as const, '<td>the release index could not be read</td>'],
  ])('shows stable and canary with the soak left (%#)', (channels, cell) => {
    const page = overviewPage(session, [line(channels)])
    expect(page).toContain('<th scope="col">Channels</th>')
    expect(page).toContain(cell)
    expect(page).toContain('<a href="/console/release/web-v2.1.0">web-v2.1.0</a>')
  })

  it('has no channels column when no line has channels', () => {
    expect(overviewPage(session, [line(null)])).not.toContain('Channels')
  })
})
