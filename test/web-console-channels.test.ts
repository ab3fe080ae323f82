/**
 * The web console's Overview and Release page for a line with channels,
 * through the real wiring (`buildHerald` on a temporary repository with the
 * local forge and its `herald-index` branch): after `/release canary` the
 * overview shows the canary soaking and the release page its index entry and
 * its canary event.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CONSOLE_ACTOR } from '../src/chat/console/console-chat.ts'
import { buildHerald, type HeraldApp } from '../src/compose/build-herald.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { createCommittedChannelRepo } from './helpers/chat-e2e.ts'

let repo: TestRepo | undefined
let app: HeraldApp | undefined
afterEach(async () => {
  await app?.close()
  repo?.remove()
})

describe('the web console with channels', () => {
  it('shows the canary soaking on the overview, and its index entry and event on the release page', async () => {
    repo = createCommittedChannelRepo()
    app = await buildHerald({
      env: { HERALD_STORE: 'memory:', HERALD_PUBLIC_URL: 'http://127.0.0.1:9' },
      cwd: repo.dir,
    })
    const web = app.console!
    expect((await web.overview()).map((l) => l.channels)).toEqual([
      { line: 'cli', stable: null, canary: null },
    ])

    const preview = await app.flows.command(CONSOLE_ACTOR, 'release', { action: 'canary' })
    const cut = preview.actions.find((a) => a.label.startsWith('Cut canary'))
    expect(cut, JSON.stringify(preview)).toBeDefined()
    await app.flows.action(CONSOLE_ACTOR, cut!.id)

    const [line] = await web.overview()
    expect(line!.channels).toEqual({
      line: 'cli',
      stable: null,
      canary: { version: '1.1.0', soakLeft: expect.stringMatching(/^2[34]h/) },
    })
    const found = await web.release('v1.1.0')
    if (!found.ok) throw new Error(found.message)
    expect(found.release.notes).toEqual({
      ok: true,
      markdown: expect.stringContaining('add compare command'),
    })
    expect(found.release.channels).toMatchObject({
      stable: null,
      canary: '1.1.0',
      entry: { version: '1.1.0', tag: 'v1.1.0' },
      events: [
        { sequence: 1, action: 'canary', version: '1.1.0', channel: 'canary', actor: 'console:console' },
      ],
    })
    const older = await web.release('v1.0.0')
    expect(older.ok && older.release.channels).toEqual({
      stable: null,
      canary: '1.1.0',
      entry: null,
      events: [],
    })
  }, 60_000)
})
