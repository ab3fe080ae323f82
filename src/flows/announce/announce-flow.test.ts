import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import type { Finding } from '../../core/voice/finding.ts'
import type { Draft, DraftRequest } from '../../ports/drafter.ts'
import type { StateStore } from '../../ports/store.ts'
import { announceDeps } from '../../testing/announce-deps.ts'
import { drafterOf } from '../../testing/fake-drafter.ts'
import { finderOf } from '../../testing/fake-release-finder.ts'
import { RecordingPoster } from '../../testing/recording-poster.ts'
import { AUTH, actor, FACTS, GOOD_TEXT } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { ChatRouter } from '../chat-router.ts'
import type { View } from '../view.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-announce-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const memory = () => openStore({ kind: 'memory' })
const sha = (t: string) => `sha256:${createHash('sha256').update(t).digest('hex')}`
const REQ = actor('U_REQ')
const APP = actor('U_APP')

function button(view: View, label: string): string {
  const action = view.actions.find((a) => a.label === label)
  if (!action) throw new Error(`no "${label}" button; have ${view.actions.map((a) => a.label).join(', ')}`)
  return action.id
}
const notices = (view: View) => view.blocks.flatMap((b) => (b.kind === 'notice' ? [b.text] : []))
const header = (view: View) => view.blocks.find((b) => b.kind === 'header')?.text
const flowsOf = (store: StateStore, overrides: Parameters<typeof announceDeps>[1] = {}) => {
  const deps = announceDeps(store, overrides)
  return new ChatRouter({ ...deps, forge: null as never, lines: [], repoWebUrl: null })
}

describe('announcement sign-off', () => {
  it('posts the approved text byte for byte, once, and audits every move with its hash', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const flows = flowsOf(store, { poster })
    const preview = await flows.command(REQ, 'announce-release', {})
    expect(header(preview)).toBe('Announcement of cli-v0.3.0: draft, waiting for sign-off')
    const done = await flows.action(APP, button(preview, 'Approve & post'))
    expect(header(done)).toBe('Announcement of cli-v0.3.0: posted')
    expect(poster.posted).toEqual([GOOD_TEXT])
    const log = await store.listAudit()
    expect(log.map((e) => [e.action, e.outcome, e.actor.userId, e.hash])).toEqual([
      ['drafted', 'done', 'U_REQ', sha(GOOD_TEXT)],
      ['approved', 'done', 'U_APP', sha(GOOD_TEXT)],
      ['posting', 'done', 'U_APP', sha(GOOD_TEXT)],
      ['posted', 'done', 'herald', sha(GOOD_TEXT)],
    ])
  })

  it('warns before announcing a tag that was posted already, then drafts on "Announce again"', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const flows = flowsOf(store, { poster, drafter: drafterOf([GOOD_TEXT, GOOD_TEXT]) })
    await flows.action(APP, button(await flows.command(REQ, 'announce-release', {}), 'Approve & post'))
    const again = await flows.command(REQ, 'announce-release', { tag: 'cli-v0.3.0' })
    expect(notices(again)).toEqual([
      `cli-v0.3.0 was announced on ${new TestClock().now().toISOString().slice(0, 10)} by ${APP.name} (U_APP) (https://discord.com/channels/1/2/3); announce again?`,
    ])
    expect(again.actions.map((a) => a.label)).toEqual(['Announce again'])
    const drafted = await flows.action(REQ, button(again, 'Announce again'))
    expect(header(drafted)).toBe('Announcement of cli-v0.3.0: draft, waiting for sign-off')
    expect(poster.posted).toHaveLength(1)
  })

  it('posts once when 100 approvals of one draft race over SQLite', async () => {
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'race.db') })
    const poster = new RecordingPoster()
    const flows = flowsOf(store, { poster })
    const id = button(await flows.command(REQ, 'announce-release', {}), 'Approve & post')
    const views = await Promise.all(
      Array.from({ length: 100 }, (_, i) => flows.action(actor(i % 2 ? 'U_APP' : 'U_APP2'), id)),
    )
    expect(poster.posted).toEqual([GOOD_TEXT])
    expect(views.filter((v) => header(v)?.endsWith(': posted'))).not.toHaveLength(0)
    const log = await store.listAudit()
    expect(log.filter((e) => e.outcome === 'done').map((e) => e.action)).toEqual([
      'drafted',
      'approved',
      'posting',
      'posted',
    ])
    await store.close()
  })

  it('refuses someone outside auth.approve, says who can, and changes nothing', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const flows = flowsOf(store, { poster })
    const id = button(await flows.command(REQ, 'announce-release', {}), 'Approve & post')
    const view = await flows.action(actor('U_STRANGER', 'discord', { roles: ['R_OTHER'] }), id)
    expect(notices(view)).toMatchInlineSnapshot(`
      [
        "You may not approve announcements: allowed are users U_APP, U_APP2; Discord roles R_MAINT; Slack user groups S_MAINT. Ask one of them, or ask a maintainer to add your id (U_STRANGER) under \`auth.approve\`.",
      ]
    `)
    expect(poster.posted).toEqual([])
    // A Discord role and a Slack group each count on their own platform only.
    await flows.action(actor('U_X', 'slack', { roles: ['R_MAINT'] }), id)
    expect(poster.posted).toEqual([])
    await flows.action(actor('U_Y', 'slack', { groups: ['S_MAINT'] }), id)
    expect(poster.posted).toHaveLength(1)
    const log = await store.listAudit()
    expect(
      log.filter((e) => e.outcome === 'refused').map((e) => [e.actor.userId, e.action, e.from, e.to]),
    ).toEqual([
      ['U_STRANGER', 'approved', 'drafted', 'drafted'],
      ['U_X', 'approved', 'drafted', 'drafted'],
    ])
    expect(
      log.filter((e) => e.action === 'approved' && e.outcome === 'done').map((e) => e.actor.userId),
    ).toEqual(['U_Y'])
  })

  it('fails closed when the config has no rule: only the console may act', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const flows = flowsOf(store, { poster, auth: { twoPersonRule: [] } })
    const refused = await flows.command(REQ, 'announce-release', {})
    expect(notices(refused)[0]).toMatch(
      /^Nobody may draft announcements from chat: the config has no `auth.announce` rule/,
    )
    const console = actor('console', 'console')
    const preview = await flows.command(console, 'announce-release', {})
    await flows.action(console, button(preview, 'Approve & post'))
    expect(poster.posted).toHaveLength(1)
  })

  it('applies the two-person rule to the requester of a major release', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const major = { ...FACTS, bump: 'major' as const }
    const flows = flowsOf(store, { poster, finder: finderOf(major), lint: () => ({ findings: [] }) })
    const id = button(await flows.command(APP, 'announce-release', {}), 'Approve & post')
    const own = await flows.action(APP, id)
    expect(notices(own)[0]).toMatch(/^A major release needs a second person \(`auth.twoPersonRule`\)/)
    expect(poster.posted).toEqual([])
    await flows.action(actor('U_APP2'), id)
    expect(poster.posted).toHaveLength(1)
    expect(AUTH.twoPersonRule).toEqual(['major'])
  })

  it('refuses an approval of a stale revision and posts the revision approved after it', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const flows = flowsOf(store, { poster })
    const preview = await flows.command(REQ, 'announce-release', {})
    const approveRev1 = button(preview, 'Approve & post')
    const edited = GOOD_TEXT.replace('faster polling', 'quicker polling')
    const afterEdit = await flows.action(REQ, button(preview, 'Edit'), { text: edited })
    expect(header(afterEdit)).toBe('Announcement of cli-v0.3.0: edited, waiting for sign-off')
    const stale = await flows.action(APP, approveRev1)
    expect(notices(stale)[0]).toBe(
      'You acted on revision 1, but the draft is now at revision 2 (edited by u_req (U_REQ)): read the text below and act again.',
    )
    expect(poster.posted).toEqual([])
    await flows.action(APP, button(stale, 'Approve & post'))
    expect(poster.posted).toEqual([edited])
    const approved = (await store.listAudit()).find((e) => e.action === 'approved' && e.outcome === 'done')
    expect(approved?.hash).toBe(sha(edited))
  })

  it('refuses to approve after the draft expired, and records the expiry', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const clock = new TestClock()
    const flows = flowsOf(store, { poster, clock })
    const id = button(await flows.command(REQ, 'announce-release', {}), 'Approve & post')
    clock.advance(24 * 60 * 60 * 1000 + 1)
    const view = await flows.action(APP, id)
    expect(notices(view)[0]).toBe(
      'This draft expired at 2026-03-02T10:00:00.000Z without sign-off: run /announce-release cli-v0.3.0 again.',
    )
    expect(poster.posted).toEqual([])
    const log = await store.listAudit()
    expect(log.map((e) => `${e.actor.userId} ${e.action} ${e.outcome}`)).toEqual([
      'U_REQ drafted done',
      'herald expired done',
      'U_APP approved refused',
    ])
  })

  it('refuses mention and link injections at the post gate even when the linter is bypassed', async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const evil = `${GOOD_TEXT}\n@everyone see [details](https://evil.example/x) <@&123>`
    const flows = flowsOf(store, { poster, drafter: drafterOf([evil]), lint: () => ({ findings: [] }) })
    const preview = await flows.command(REQ, 'announce-release', {})
    expect(preview.actions.map((a) => a.label)).toEqual(['Edit', 'Regenerate', 'Cancel'])
    const id = `a:ok:${button(preview, 'Cancel').split(':')[2]}:1`
    const view = await flows.action(APP, id)
    expect(notices(view)[0]).toContain('"@everyone" would notify people')
    expect(notices(view)[0]).toContain('The link "https://evil.example/x" is not the release link')
    expect(notices(view)[0]).toContain('"<@&123>" would notify people')
    expect(poster.posted).toEqual([])
  })

  it('never re-sends after an unknown outcome: a person checks and closes or re-posts', async () => {
    const store = await memory()
    const poster = new RecordingPoster([
      {
        status: 'unknown',
        code: 'post_unknown',
        message: 'Discord did not answer (timed out): the message may have been posted.',
      },
      { status: 'posted', messageUrl: null },
    ])
    const flows = flowsOf(store, { poster })
    const id = button(await flows.command(REQ, 'announce-release', {}), 'Approve & post')
    const unknown = await flows.action(APP, id)
    expect(header(unknown)).toBe('Announcement of cli-v0.3.0: post state unknown')
    expect(unknown.actions.map((a) => a.label)).toEqual([
      'It is in the channel',
      'It is not there: post again',
      'Close without posting',
    ])
    // The old approve button, a Slack retry of it, or a second replica: refused, not re-sent.
    const again = await flows.action(APP, id)
    expect(notices(again)).toContain(
      'This draft is already approved (revision 1); it can only be posted or closed now.',
    )
    expect(poster.posted).toHaveLength(1)
    const seen = await flows.action(APP, button(unknown, 'It is in the channel'))
    expect(header(seen)).toBe('Announcement of cli-v0.3.0: posted')
    expect(poster.posted).toHaveLength(1)
  })

  it('treats a poster that throws as post_unknown, not as failed', async () => {
    const store = await memory()
    const broken = {
      targetName: 'Discord',
      maxLength: 2000,
      post: () => Promise.reject(new TypeError('boom')),
    }
    const flows = flowsOf(store, { poster: broken })
    const view = await flows.action(
      APP,
      button(await flows.command(REQ, 'announce-release', {}), 'Approve & post'),
    )
    expect(header(view)).toBe('Announcement of cli-v0.3.0: post state unknown')
    expect(notices(view)).toContain(
      'Posting stopped on an unexpected error (TypeError): the message may or may not be in the channel.',
    )
  })

  it('lets a person retry a failed post, once', async () => {
    const store = await memory()
    const poster = new RecordingPoster([
      { status: 'failed', code: 'dead_webhook', message: 'Discord says the webhook no longer exists.' },
      { status: 'posted', messageUrl: null },
    ])
    const flows = flowsOf(store, { poster })
    const failed = await flows.action(
      APP,
      button(await flows.command(REQ, 'announce-release', {}), 'Approve & post'),
    )
    expect(header(failed)).toBe('Announcement of cli-v0.3.0: not posted (the post failed)')
    const retry = button(failed, 'Post again')
    await Promise.all([
      flows.action(APP, retry),
      flows.action(actor('U_APP2'), retry),
      flows.action(APP, retry),
    ])
    expect(poster.posted).toEqual([GOOD_TEXT, GOOD_TEXT])
  })

  it('turns a post interrupted past its deadline into post_unknown for the next reader, without sending', async () => {
    const store = await memory()
    const hanging = new RecordingPoster(['hang'])
    const clock = new TestClock()
    const first = flowsOf(store, { poster: hanging, clock, postBudgetMs: 1000 })
    const id = button(await first.command(REQ, 'announce-release', {}), 'Approve & post')
    void first.action(APP, id) // never settles: the "process" is gone
    await new Promise((r) => setTimeout(r, 20))
    clock.advance(10_000)
    const fresh = new RecordingPoster()
    const restarted = flowsOf(store, { poster: fresh, clock })
    const view = await restarted.action(APP, id)
    expect(header(view)).toBe('Announcement of cli-v0.3.0: post state unknown')
    expect(fresh.posted).toEqual([])
    expect(hanging.posted).toHaveLength(1)
  })

  it('refuses an empty edit and an unknown button with a message saying what to do', async () => {
    const store = await memory()
    const flows = flowsOf(store)
    const preview = await flows.command(REQ, 'announce-release', {})
    expect(notices(await flows.action(REQ, button(preview, 'Edit'), { text: '  ' }))).toEqual([
      'The edited announcement is empty: write the text, or press Cancel.',
    ])
    expect(notices(await flows.action(REQ, 'a:ok:nope'))[0]).toMatch(/does not know this button/)
    const cancelled = await flows.action(REQ, button(preview, 'Cancel'))
    expect(header(cancelled)).toBe('Announcement of cli-v0.3.0: cancelled')
    expect(notices(await flows.action(APP, button(preview, 'Approve & post')))).toContain(
      'This draft was cancelled: run /announce-release again to start over.',
    )
  })

  it('offers no approval while lint errors stand, and re-lints a human edit', async () => {
    const store = await memory()
    const flows = flowsOf(store)
    const preview = await flows.command(REQ, 'announce-release', {})
    const hedged = GOOD_TEXT.replace('We added', 'We might have added')
    const view = await flows.action(REQ, button(preview, 'Edit'), { text: hedged })
    expect(view.actions.map((a) => a.label)).not.toContain('Approve & post')
    expect(notices(view).some((n) => n.includes('[hedge'))).toBe(true)
  })

  it("offers the model's best draft beside a fallback: a linted revision, never approvable with errors, editable", async () => {
    const store = await memory()
    const poster = new RecordingPoster()
    const hedged = GOOD_TEXT.replace('We added', 'We might have added')
    const uncited: Finding = {
      rule: 'uncited-bullet',
      severity: 'error',
      line: 5,
      column: 1,
      endColumn: 20,
      message: 'bullet "Compare two runs side by side (#12)" cites no PR or commit of the release',
    }
    const fallback = drafterOf([GOOD_TEXT])
    const drafter = {
      async draftAnnouncement(request: DraftRequest): Promise<Draft> {
        const draft = await fallback.draftAnnouncement(request)
        return {
          ...draft,
          provenance: { ...draft.provenance, source: 'fallback', model: 'm', calls: 3, repairs: 2 },
          // The drafter's findings: the linter's hedge, plus a composition error no linter can see.
          modelDraft: {
            text: hedged,
            structure: { summary: '', bullets: [], breakingNote: null },
            findings: [uncited],
          },
        }
      },
    }
    const flows = flowsOf(store, { poster, drafter })
    const preview = await flows.command(REQ, 'announce-release', {})
    expect(preview.actions.map((a) => a.label)).toEqual([
      'Approve & post',
      'Edit',
      'Regenerate',
      "Use the model's draft (2 errors)",
      'Cancel',
    ])
    const chosen = await flows.action(APP, button(preview, "Use the model's draft (2 errors)"))
    expect(header(chosen)).toBe('Announcement of cli-v0.3.0: regenerated, waiting for sign-off')
    expect(chosen.blocks.find((b) => b.kind === 'code')?.text).toBe(hedged)
    expect(chosen.actions.map((a) => a.label)).toEqual(['Edit', 'Regenerate', 'Cancel'])
    expect(notices(chosen).filter((n) => /\[(hedge|uncited-bullet)\]/.test(n))).toHaveLength(2)
    // An approval of revision 2 by id is refused: it has errors.
    const id = button(chosen, 'Cancel').split(':')[2]!
    const refused = await flows.action(APP, `a:ok:${id}:2`)
    expect(notices(refused)).toEqual(['The draft has lint errors: fix them with Edit first.'])
    // The stale button of revision 1 is refused too.
    expect(notices(await flows.action(APP, button(preview, "Use the model's draft (2 errors)")))[0]).toMatch(
      /^You acted on revision 1, but the draft is now at revision 2 \(regenerated by u_app/,
    )
    const fixed = await flows.action(REQ, button(chosen, 'Edit'), {
      text: GOOD_TEXT.replace('faster', 'quicker'),
    })
    expect(header(fixed)).toBe('Announcement of cli-v0.3.0: edited, waiting for sign-off')
    await flows.action(APP, button(fixed, 'Approve & post'))
    expect(poster.posted).toEqual([GOOD_TEXT.replace('faster', 'quicker')])
    const log = await store.listAudit()
    expect(log.map((e) => `${e.actor.userId} ${e.action} ${e.outcome} ${e.detail}`).slice(0, 3)).toEqual([
      'U_REQ drafted done cli-v0.3.0: cli-v0.3.0 rev 1',
      "U_APP regenerated done cli-v0.3.0: rev 2: the model's draft kept beside rev 1",
      'U_APP approved refused The draft has lint errors: fix them with Edit first.',
    ])
  })
})
