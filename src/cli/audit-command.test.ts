import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultStorePath, openStore } from '../adapters/store/open-store.ts'
import { ChatRouter } from '../flows/chat-router.ts'
import { announceDeps } from '../testing/announce-deps.ts'
import { RecordingPoster } from '../testing/recording-poster.ts'
import { actor } from '../testing/signoff-fixtures.ts'
import type { Io } from './io.ts'
import { main } from './main.ts'

const dir = mkdtempSync(join(tmpdir(), 'herald-audit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function herald(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = ''
  let stderr = ''
  const io: Io = {
    out: (t) => {
      stdout += t
    },
    err: (t) => {
      stderr += t
    },
    env,
    cwd: dir,
    interactive: false,
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

describe('herald audit', () => {
  it('lists every move and refusal, oldest first, for people and as JSON', async () => {
    const path = join(dir, 'audit.db')
    const store = await openStore({ kind: 'sqlite', path })
    const flows = new ChatRouter({
      ...announceDeps(store, { poster: new RecordingPoster() }),
      forge: null as never,
      lines: [],
      repoWebUrl: null,
    })
    const preview = await flows.command(actor('U_REQ'), 'announce-release', {})
    const approve = preview.actions.find((a) => a.label === 'Approve & post')!.id
    await flows.action(actor('U_NOBODY'), approve)
    await flows.action(actor('U_APP'), approve)
    await store.close()

    const env = { HERALD_STORE: `sqlite:${path}` }
    const json = await herald(['audit', '--json'], env)
    expect(json.code).toBe(0)
    const { entries, repository } = JSON.parse(json.stdout)
    expect(repository).toEqual({ name: basename(dir), dir })
    expect(entries.every((e: { repository: string }) => e.repository === basename(dir))).toBe(true)
    expect(
      entries.map(
        (e: { actor: { userId: string }; action: string; outcome: string }) =>
          `${e.actor.userId} ${e.action} ${e.outcome}`,
      ),
    ).toEqual([
      'U_REQ drafted done',
      'U_NOBODY approved refused',
      'U_APP approved done',
      'U_APP posting done',
      'herald posted done',
    ])
    const text = await herald(['audit', '--limit', '2'], env)
    const lines = text.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(
      /^2026-03-01T10:00:00\.000Z {2}herald-audit-\w+ {2}herald:herald \(Herald\) {2}announce:[\w-]+ {2}posting -> posted {2}DONE sha256:[0-9a-f]{12} {2}cli-v0\.3\.0: https:\/\/discord\.com\/channels\/1\/2\/3$/,
    )
  })

  it('first moves a post a stopped Herald left in flight to post_unknown, and says so on stderr, once', async () => {
    const path = join(dir, 'interrupted.db')
    const store = await openStore({ kind: 'sqlite', path })
    // Long ago, so the post's deadline has passed by the system clock.
    const clock = { now: () => new Date('2020-01-01T00:00:00.000Z') }
    const flows = new ChatRouter({
      ...announceDeps(store, { poster: new RecordingPoster(['hang']), clock, postBudgetMs: 1_000 }),
      forge: null as never,
      lines: [],
      repoWebUrl: null,
    })
    const preview = await flows.command(actor('U_REQ'), 'announce-release', {})
    void flows.action(actor('U_APP'), preview.actions.find((a) => a.label === 'Approve & post')!.id)
    for (let i = 0; i < 100 && (await store.listIndex('announce:in-flight')).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10))

    const env = { HERALD_STORE: `sqlite:${path}` }
    const first = await herald(['audit'], env)
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(
      /^interrupted: the post of the cli-v0\.3\.0 announcement \(announce:[\w-]+\) did not finish before its deadline; now post_unknown: check the channel, .*\n$/,
    )
    expect(first.stdout.trim().split('\n').at(-1)).toMatch(
      /herald:herald \(Herald\) {2}announce:[\w-]+ {2}posting -> post_unknown {2}DONE sha256:[0-9a-f]{12} {2}cli-v0\.3\.0: interrupted: still posting after its deadline 2020-01-01T00:00:06\.000Z \(found at start\)$/,
    )
    const second = await herald(['audit', '--json'], env)
    expect(second.stderr).toBe('')
    const { entries } = JSON.parse(second.stdout)
    expect(entries.filter((e: { to: string }) => e.to === 'post_unknown')).toHaveLength(1)
    await store.close()
  })

  it('says where it looked when there is no store yet, and refuses a bad HERALD_STORE or --limit', async () => {
    const none = await herald(['audit'], { HERALD_STORE: 'sqlite:nowhere/h.db' })
    expect(none).toEqual({
      code: 0,
      stdout: `No audit log yet for ${basename(dir)} (${dir}): ${join(dir, 'nowhere/h.db')} does not exist (set HERALD_STORE if Herald keeps it elsewhere, or --repo for another repository).\n`,
      stderr: '',
    })
    const bad = await herald(['audit'], { HERALD_STORE: 'mysql://root:pw@db' })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe(
      'herald: HERALD_STORE is not understood: use sqlite:<path>, redis://host:6379 or memory: (unset: $XDG_DATA_HOME/herald/<repository>/herald.db, ~/.local/share by default)\n',
    )
    expect((await herald(['audit', '--limit', '0'], {})).code).toBe(2)
    const missing = await herald(['audit', '--repo', 'gone'], {})
    expect(missing).toMatchObject({
      code: 2,
      stderr: `herald: --repo gone: no such folder (${join(dir, 'gone')}): give the path of a git repository\n`,
    })
  })

  it('without HERALD_STORE, reads the store of the repository --repo names, in the XDG data folder', async () => {
    const xdg = join(dir, 'xdg')
    const repoDir = join(dir, 'widget')
    mkdirSync(repoDir)
    const store = await openStore({ kind: 'sqlite', path: defaultStorePath({ XDG_DATA_HOME: xdg }, repoDir) })
    const flows = new ChatRouter({
      ...announceDeps(store, { poster: new RecordingPoster() }),
      forge: null as never,
      lines: [],
      repoWebUrl: null,
    })
    await flows.command(actor('U_REQ'), 'announce-release', {})
    await store.close()
    const listed = await herald(['audit', '--repo', 'widget', '--json'], { XDG_DATA_HOME: xdg })
    expect(JSON.parse(listed.stdout).entries.map((e: { repository: string }) => e.repository)).toEqual([
      'widget',
    ])
    const elsewhere = await herald(['audit'], { XDG_DATA_HOME: xdg })
    expect(elsewhere.stdout).toMatch(/^No audit log yet for herald-audit-\w+ /)
  })
})
