import { describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import type { StateStore } from '../../ports/store.ts'
import { announceDeps } from '../../testing/announce-deps.ts'
import { actor } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { ChatRouter } from '../chat-router.ts'
import type { View } from '../view.ts'
import { ConsoleAccess } from './console-access.ts'

const texts = (view: View) => view.blocks.map((b) => ('text' in b ? b.text : b.kind))

function router(store: StateStore, withConsole: boolean) {
  const deps = announceDeps(store)
  const consoleLinks = withConsole
    ? new ConsoleAccess({
        store,
        clock: deps.clock,
        auth: deps.auth,
        publicUrl: new URL('http://127.0.0.1:8080'),
      })
    : undefined
  return new ChatRouter({ ...deps, forge: null as never, lines: [], repoWebUrl: null, consoleLinks })
}

describe('/release console', () => {
  it.each([
    [
      'set up, for someone in auth (Slack)',
      true,
      actor('U_APP'),
      /^\[Open the Herald console\]\(http:\/\/127\.0\.0\.1:8080\/console\/login\/[\w-]{43}\): the link works once, for 10 minutes, for you only\. Do not share it\.$/,
    ],
    [
      'set up, for the terminal operator',
      true,
      actor('console', 'console'),
      /^\[Open the Herald console\]\(http:\/\/127\.0\.0\.1:8080\/console\/login\//,
    ],
    [
      'set up, for someone with no role',
      true,
      actor('U_NOBODY'),
      /^You may not use the web console: it is for people named in `auth`.*\(U_NOBODY\)\.$/,
    ],
    [
      'not set up',
      false,
      actor('U_APP'),
      /^The web console is not set up here: whoever runs Herald sets `HERALD_PUBLIC_URL` and `PORT`/,
    ],
  ])('%s', async (_, withConsole, who, expected) => {
    const view = await router(await openStore({ kind: 'memory' }), withConsole).command(who, 'release', {
      action: 'console',
    })
    expect(view.private).toBe(true)
    expect(texts(view)).toEqual([expect.stringMatching(expected)])
  })

  it('takes no other arguments', async () => {
    const view = await router(await openStore({ kind: 'memory' }), true).command(actor('U_APP'), 'release', {
      action: 'console',
      line: 'cli',
    })
    expect(texts(view)).toEqual([
      expect.stringMatching(/^`\/release console` takes no other arguments\.\nUsage:/),
    ])
  })
})

describe('pending records', () => {
  it('lists a draft as chat shows it until it stops waiting, then drops it from the index', async () => {
    const store = await openStore({ kind: 'memory' })
    const flows = router(store, false)
    const shown = await flows.command(actor('U_REQ'), 'announce-release', { tag: 'cli-v0.3.0' })
    const pending = await flows.announce.pending()
    expect(pending.map((p) => [p.subject.split(':')[0], p.line, p.tag, p.state])).toEqual([
      ['announce', 'cli', 'cli-v0.3.0', 'drafted'],
    ])
    expect(pending[0]!.view).toEqual(shown)
    expect(await flows.release.pending()).toEqual([])

    const cancel = shown.actions.find((a) => a.label === 'Cancel')!.id
    await flows.action(actor('U_REQ'), cancel)
    expect(await flows.announce.pending()).toEqual([])
    expect(await store.listIndex('announce:pending')).toEqual([])
  })

  it('an expired draft is moved on (audited as Herald) and no longer listed', async () => {
    const store = await openStore({ kind: 'memory' })
    const clock = new TestClock()
    const flows = new ChatRouter({
      ...announceDeps(store, { clock }),
      forge: null as never,
      lines: [],
      repoWebUrl: null,
    })
    await flows.command(actor('U_REQ'), 'announce-release', { tag: 'cli-v0.3.0' })
    clock.advance(25 * 60 * 60 * 1000)
    expect(await flows.announce.pending()).toEqual([])
    expect((await store.listAudit()).map((e) => [e.actor.userId, e.action])).toEqual([
      ['U_REQ', 'drafted'],
      ['herald', 'expired'],
    ])
  })
})
