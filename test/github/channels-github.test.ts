/**
 * Channels on the fake GitHub, through `ChatRouter`: canary → promote →
 * rollback, the Release flags after each step (pre-release, latest, the
 * rolled-back note), and the index committed to `herald-index` through the
 * git data API verifying at sequence 1, 2, 3 with the Release's asset
 * hashes. Then the same walk with GitHub failing (5xx past the client's
 * retries) at each step: **Retry** resumes it, and everything happens once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GitHubIndexBranch } from '../../src/adapters/github/github-index-branch.ts'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import {
  parseIndex,
  parsePrivateKey,
  parsePublicKey,
  verifyIndex,
} from '../../src/core/index/index-signature.ts'
import type { SignedIndex } from '../../src/core/index/release-index.ts'
import type { ChatRouter } from '../../src/flows/chat-router.ts'
import type { View } from '../../src/flows/view.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { TestClock } from '../../src/testing/test-clock.ts'
import { header, notices } from '../helpers/views.ts'
import { uploadAsset } from './fake-github/releases.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { githubRouter, startFake } from './support.ts'

/** RFC 8032's first test key: the seed and its public key. */
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
const PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const DAY = 24 * 60 * 60 * 1000

const config = validate(
  {
    repo: 'acme/widget',
    lines: [
      {
        name: 'cli',
        tagPrefix: 'v',
        checks: { ci: false, changelog: false },
        channels: { canary: { soak: '24h' } },
      },
    ],
  },
  'test',
)
if (!config.ok) throw new Error(config.errors.join('\n'))
const lines = config.config.lines

let fake: FakeGitHub
let repo: FakeRepo
let store: StateStore
let clock: TestClock

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({ message: 'feat: initial', files: { 'cli.py': 'one\n' } })
  repo.refs.set('refs/tags/v1.0.0', root)
  repo.releases.push({
    id: 1,
    tag_name: 'v1.0.0',
    name: 'v1.0.0',
    body: 'First.\n',
    prerelease: false,
    make_latest: 'true',
    draft: false,
    assets: [],
  })
  repo.latestReleaseId = 1
  const head = repo.commit({
    message: 'feat: add compare (#12)',
    parents: [root],
    files: { 'cli.py': 'two\n' },
  })
  repo.refs.set('refs/heads/main', head)
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
  clock = new TestClock()
})
afterEach(async () => {
  await fake.stop()
  await store.close()
})

function flows(): ChatRouter {
  const key = parsePrivateKey(SEED)
  if (!key.ok) throw new Error(key.error)
  return githubRouter(fake, {
    store,
    lines,
    clock,
    forgeOptions: { scopes: lines },
    withForge: (forge) => ({ index: new GitHubIndexBranch(forge.repo) }),
    indexKey: key.value,
  })
}

const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a) throw new Error(`no ${label} in [${view.actions.map((x) => x.label).join(', ')}]: ${notices(view)}`)
  return a.id
}
const release = (tag: string) => repo.releases.find((r) => r.tag_name === tag)!
const latest = () => repo.releases.find((r) => r.id === repo.latestReleaseId)?.tag_name
/** The Release flags: [tag, prerelease, latest]. */
const flags = () => repo.releases.map((r) => [r.tag_name, r.prerelease, r.id === repo.latestReleaseId])

/** The index on the fake's `herald-index` branch, `back` commits before its head. */
function indexAt(back = 0): SignedIndex {
  let sha = repo.refs.get('refs/heads/herald-index')!
  for (let i = 0; i < back; i++) sha = repo.commits.get(sha)!.parents[0]!
  const parsed = parseIndex(repo.blobs.get(repo.commits.get(sha)!.files.get('cli.json')!)!)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.value
}

/** Each index on the branch verifies with the public key, after the one before it; their sequences. */
function verifiedSequences(count: number): number[] {
  const key = parsePublicKey(PUBLIC)
  if (!key.ok) throw new Error(key.error)
  const docs = Array.from({ length: count }, (_, i) => indexAt(count - 1 - i))
  let root = repo.refs.get('refs/heads/herald-index')!
  for (let i = 1; i < count; i++) root = repo.commits.get(root)!.parents[0]!
  expect(repo.commits.get(root)!.parents).toEqual([])
  return docs.map((doc, i) => {
    const checked = verifyIndex(doc, key.value, { line: 'cli', after: docs[i - 1] })
    if (!checked.ok) throw new Error(`sequence ${doc.signed.sequence}: ${checked.error.message}`)
    return doc.signed.sequence
  })
}

const canary = (f: ChatRouter) => f.command(actor('U_REQ'), 'release', { action: 'canary' })
const promote = (f: ChatRouter) => f.command(actor('U_REQ'), 'release', { action: 'promote' })
const rollback = (f: ChatRouter) =>
  f.command(actor('U_REQ'), 'release', {
    action: 'rollback',
    version: '1.0.0',
    reason: 'crash on start',
    ticket: 'INC-42',
  })

describe('channels on GitHub', () => {
  it('canary is a pre-release, promote makes it latest, rollback notes the replaced Release; the index verifies at 1, 2, 3', async () => {
    const f = flows()
    const cut = await f.action(actor('U_APP'), button(await canary(f), 'Cut canary'))
    expect(header(cut)).toBe('v1.1.0 (line cli, canary): on canary')
    expect(flags()).toEqual([
      ['v1.0.0', false, true],
      ['v1.1.0', true, false],
    ])
    expect(repo.resolve('v1.1.0')).toBe(repo.resolve('main'))
    expect(verifiedSequences(1)).toEqual([1])
    expect(indexAt().signed.channels).toEqual({ stable: null, canary: '1.1.0' })

    // CI uploads the build to the canary's Release; one asset predates GitHub's digests.
    uploadAsset(repo, 'v1.1.0', 'cli.tgz', 'abc')
    uploadAsset(repo, 'v1.1.0', 'cli.zip', 'abc', false)
    clock.advance(DAY + 1000)
    const promoted = await f.action(actor('U_APP'), button(await promote(f), 'Promote to stable'))
    expect(header(promoted)).toBe('v1.1.0 (line cli, promote): promoted to stable')
    expect(flags()).toEqual([
      ['v1.0.0', false, false],
      ['v1.1.0', false, true],
    ])
    expect(verifiedSequences(2)).toEqual([1, 2])
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    expect(indexAt().signed.versions.find((v) => v.version === '1.1.0')!.assets).toEqual([
      { name: 'cli.tgz', sha256: abc },
      { name: 'cli.zip', sha256: abc },
    ])
    expect(fake.count('GET', /\/releases\/assets\//)).toBe(1)

    const back = await f.action(actor('U_APP'), button(await rollback(f), 'Roll back'))
    expect(header(back)).toBe('v1.0.0 (line cli, rollback): rolled back')
    expect(flags()).toEqual([
      ['v1.0.0', false, true],
      ['v1.1.0', false, false],
    ])
    expect(release('v1.1.0').body).toMatch(
      /^\*\*Rolled back\*\* on 2026-03-02 by slack:U_APP: crash on start \(ticket INC-42\)\. v1\.0\.0 is the latest release again\.\n/,
    )
    expect(verifiedSequences(3)).toEqual([1, 2, 3])
    const final = indexAt().signed
    expect(final.channels).toEqual({ stable: '1.0.0', canary: null })
    expect(final.events.map((e) => [e.sequence, e.action, e.version, e.actor, e.reason, e.ticket])).toEqual([
      [1, 'canary', '1.1.0', 'slack:U_APP', null, null],
      [2, 'promote', '1.1.0', 'slack:U_APP', null, null],
      [3, 'rollback', '1.0.0', 'slack:U_APP', 'crash on start', 'INC-42'],
    ])
    // One Release edit for the promotion, two for the rollback; nothing re-tagged.
    expect(fake.count('PATCH', /\/releases\/\d+$/)).toBe(3)
    expect([...repo.refs.keys()].filter((r) => r.startsWith('refs/tags/'))).toEqual([
      'refs/tags/v1.0.0',
      'refs/tags/v1.1.0',
    ])
  })

  it('resumes each move after GitHub fails past its retries, and does each thing once', async () => {
    const f = flows()
    const retry = async (view: View, label: string) => {
      expect(header(view)).toMatch(/failed/)
      return f.action(actor('U_APP'), button(view, label))
    }
    // Canary: the Release is published, then committing the index fails.
    fake.fail({ method: 'POST', path: /\/git\/commits$/, status: 502, times: 4 })
    const cut = await f.action(actor('U_APP'), button(await canary(f), 'Cut canary'))
    expect(header(await retry(cut, 'Retry canary'))).toBe('v1.1.0 (line cli, canary): on canary')
    expect(repo.releases.map((r) => r.tag_name)).toEqual(['v1.0.0', 'v1.1.0'])
    expect(release('v1.1.0').prerelease).toBe(true)

    // Promote: the Release is made latest, then moving the index branch fails.
    clock.advance(DAY + 1000)
    fake.fail({ method: 'PATCH', path: /\/git\/refs\/heads%2Fherald-index$/, status: 503, times: 4 })
    const promoted = await f.action(actor('U_APP'), button(await promote(f), 'Promote to stable'))
    expect(header(await retry(promoted, 'Retry promote'))).toBe(
      'v1.1.0 (line cli, promote): promoted to stable',
    )
    expect(latest()).toBe('v1.1.0')

    // Rollback: v1.0.0 is made latest again, then the note on v1.1.0 fails.
    fake.fail({ method: 'PATCH', path: /\/releases\/2$/, status: 500, times: 4 })
    const back = await f.action(actor('U_APP'), button(await rollback(f), 'Roll back'))
    expect(notices(back).join('\n')).toContain('noting the rollback on the GitHub Release v1.1.0 failed')
    expect(header(await retry(back, 'Retry rollback'))).toBe('v1.0.0 (line cli, rollback): rolled back')
    expect(latest()).toBe('v1.0.0')
    expect(release('v1.1.0').body.match(/Rolled back/g)).toHaveLength(1)

    expect(verifiedSequences(3)).toEqual([1, 2, 3])
    expect(indexAt().signed.events.map((e) => e.action)).toEqual(['canary', 'promote', 'rollback'])
    expect(fake.count('POST', /\/releases$/)).toBe(1)
  })

  it('/release status lists the previews waiting for a click, who asked and how long ago, until they are not', async () => {
    const f = flows()
    const status = async () => {
      const view = await f.command(actor('U_APP'), 'release', { action: 'status' })
      return JSON.stringify(view.blocks)
    }
    await f.action(actor('U_APP'), button(await canary(f), 'Cut canary'))
    expect(await status()).not.toContain('waiting for sign-off')
    const early = await promote(f)
    clock.advance(6 * 60 * 1000)
    expect(await status()).toContain('waiting for sign-off: promote v1.1.0 by u_req (U_REQ), 6m ago')

    // Cancelled, it is no longer waiting; an expired preview is not either.
    const late = await promote(f)
    await f.action(actor('U_APP'), button(early, 'Cancel'))
    expect(await status()).toContain('waiting for sign-off: promote v1.1.0 by u_req (U_REQ), 0s ago"')
    clock.advance(DAY + 1000)
    expect(await status()).not.toContain('waiting for sign-off')
    expect(header(await f.action(actor('U_APP'), button(late, 'Override and cut')))).toMatch(/expired/)
  })

  it('refuses a rollback to a tag without a GitHub Release, saying what to do, and moves nothing', async () => {
    repo.releases.splice(0, 1)
    repo.latestReleaseId = null
    const f = flows()
    await f.action(actor('U_APP'), button(await canary(f), 'Cut canary'))
    clock.advance(DAY + 1000)
    await f.action(actor('U_APP'), button(await promote(f), 'Promote to stable'))
    const back = await f.action(actor('U_APP'), button(await rollback(f), 'Roll back'))
    expect(notices(back).join('\n')).toContain(
      'tag v1.0.0 has no GitHub Release to make the latest: create its Release on GitHub, then press Retry',
    )
    expect(latest()).toBe('v1.1.0')
    expect(indexAt().signed.sequence).toBe(2)
  })
})
