import { describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import type { IndexSigned } from '../../core/index/release-index.ts'
import type { StateStore } from '../../ports/store.ts'
import { announceDeps } from '../../testing/announce-deps.ts'
import { RecordingPoster } from '../../testing/recording-poster.ts'
import { actor, GOOD_TEXT } from '../../testing/signoff-fixtures.ts'
import { testLine } from '../../testing/test-line.ts'
import { ChatRouter } from '../chat-router.ts'
import { type ReleaseDetailDeps, releaseDetail } from './release-detail.ts'

const cli = testLine({ name: 'cli', tagPrefix: 'cli-v' })
const web = testLine({
  name: 'web',
  tagPrefix: 'web-v',
  channels: { canary: { soak: '1h' }, index: { branch: 'herald-index' } },
})
const INDEX: IndexSigned = {
  schemaVersion: 1,
  line: 'web',
  sequence: 2,
  issuedAt: '2026-03-02T00:00:00.000Z',
  channels: { stable: '2.0.0', canary: null },
  versions: [
    {
      version: '2.0.0',
      tag: 'web-v2.0.0',
      sha: 'a'.repeat(40),
      publishedAt: '2026-03-01T00:00:00.000Z',
      assets: [],
      rolledBack: null,
    },
    {
      version: '1.9.0',
      tag: 'web-v1.9.0',
      sha: 'b'.repeat(40),
      publishedAt: '2026-02-01T00:00:00.000Z',
      assets: [],
      rolledBack: null,
    },
  ],
  events: [
    {
      sequence: 1,
      action: 'canary',
      version: '2.0.0',
      channel: 'canary',
      actor: 'slack:U1',
      reason: null,
      ticket: null,
      at: '2026-03-01T00:00:00.000Z',
    },
    {
      sequence: 2,
      action: 'promote',
      version: '2.0.0',
      channel: 'stable',
      actor: 'slack:U2',
      reason: 'soaked',
      ticket: 'OPS-1',
      at: '2026-03-02T00:00:00.000Z',
    },
  ],
}

function deps(store: StateStore, overrides: Partial<ReleaseDetailDeps> = {}): ReleaseDetailDeps {
  return {
    history: {
      tags: async () =>
        ['cli-v0.3.0', 'cli-v0.2.0', 'web-v2.0.0'].map((name) => ({ name, sha: 'c'.repeat(40) })),
    },
    lines: [cli, web],
    store,
    notes: async (line, tag, version) => ({ ok: true, markdown: `## ${line.name} ${version} (${tag})` }),
    index: async () => INDEX,
    ...overrides,
  }
}

/** Drafts the cli-v0.3.0 announcement as U_REQ and has U_APP approve it: one post. */
async function postAnnouncement(store: StateStore) {
  const flows = new ChatRouter({
    ...announceDeps(store, { poster: new RecordingPoster() }),
    forge: null as never,
    lines: [],
    repoWebUrl: null,
  })
  const preview = await flows.command(actor('U_REQ'), 'announce-release', {})
  await flows.action(actor('U_APP'), preview.actions.find((a) => a.label === 'Approve & post')!.id)
}

describe('the release page', () => {
  it('shows the notes and the announcement as posted: its text, who approved it, when, and the message', async () => {
    const store = await openStore({ kind: 'memory' })
    await postAnnouncement(store)
    const found = await releaseDetail(deps(store), 'cli-v0.3.0')
    expect(found).toEqual({
      ok: true,
      release: {
        tag: 'cli-v0.3.0',
        line: 'cli',
        version: '0.3.0',
        notes: { ok: true, markdown: '## cli 0.3.0 (cli-v0.3.0)' },
        announcements: [
          {
            subject: expect.stringMatching(/^announce:/),
            postedAt: '2026-03-01T10:00:00.000Z',
            text: GOOD_TEXT,
            approvedBy: { platform: 'slack', userId: 'U_APP', name: 'u_app' },
            approvedAt: '2026-03-01T10:00:00.000Z',
            messageUrl: 'https://discord.com/channels/1/2/3',
          },
        ],
        channels: null,
      },
    })
    // Another release of the line has none of it.
    const other = await releaseDetail(deps(store), 'cli-v0.2.0')
    expect(other.ok && other.release.announcements).toEqual([])
  })

  it('names a post whose record has left the store, without its text; a post with no address has none', async () => {
    const store = await openStore({ kind: 'memory' })
    const post = (subject: string, detail: string) =>
      store.appendAudit({
        at: '2026-01-01T00:00:00.000Z',
        actor: { platform: 'herald', userId: 'herald' },
        subject,
        action: 'posted',
        outcome: 'done',
        from: 'posting',
        to: 'posted',
        detail,
      })
    await post('announce:gone', 'cli-v0.3.0: https://discord.com/channels/9/9/9')
    await post('announce:quiet', 'cli-v0.3.0: posted')
    await post('announce:other', 'cli-v0.3.01: https://discord.com/channels/8/8/8')
    // One announcement of two releases: on the page of each.
    await post('announce:both', 'cli-v0.3.0,lts-v0.2.9: https://discord.com/channels/7/7/7')
    const found = await releaseDetail(deps(store), 'cli-v0.3.0')
    expect(found.ok && found.release.announcements).toEqual([
      {
        subject: 'announce:gone',
        postedAt: '2026-01-01T00:00:00.000Z',
        text: null,
        approvedBy: null,
        approvedAt: null,
        messageUrl: 'https://discord.com/channels/9/9/9',
      },
      {
        subject: 'announce:quiet',
        postedAt: '2026-01-01T00:00:00.000Z',
        text: null,
        approvedBy: null,
        approvedAt: null,
        messageUrl: null,
      },
      {
        subject: 'announce:both',
        postedAt: '2026-01-01T00:00:00.000Z',
        text: null,
        approvedBy: null,
        approvedAt: null,
        messageUrl: 'https://discord.com/channels/7/7/7',
      },
    ])
  })

  it('shows the index entry and the events about the version when the line has channels', async () => {
    const found = await releaseDetail(deps(await openStore({ kind: 'memory' })), 'web-v2.0.0')
    expect(found.ok && found.release.channels).toEqual({
      stable: '2.0.0',
      canary: null,
      entry: INDEX.versions[0],
      events: INDEX.events,
    })
  })

  it('says why a part cannot be read instead of failing the page', async () => {
    const store = await openStore({ kind: 'memory' })
    const found = await releaseDetail(
      deps(store, {
        notes: async () => {
          throw new Error('git log failed')
        },
        index: async () => {
          throw new Error('branch herald-index: 502')
        },
      }),
      'web-v2.0.0',
    )
    expect(found.ok && [found.release.notes, found.release.channels]).toEqual([
      { ok: false, problem: 'git log failed' },
      { problem: 'the release index of line web could not be read: branch herald-index: 502' },
    ])
  })

  it.each([
    ['', 400, 'This is not a release tag: open a release from the overview or the audit log.'],
    ['cli v1', 400, 'This is not a release tag: open a release from the overview or the audit log.'],
    ['x'.repeat(201), 400, 'This is not a release tag: open a release from the overview or the audit log.'],
    ['<script>', 404, '"<script>" is not a release of any line: open a release from the overview.'],
    ['cli-v9.9.9', 404, 'There is no tag "cli-v9.9.9": check the name, or open a release from the overview.'],
  ])('refuses %j with %i and what to do', async (tag, status, message) => {
    expect(await releaseDetail(deps(await openStore({ kind: 'memory' })), tag)).toEqual({
      ok: false,
      status,
      message,
    })
  })
})
