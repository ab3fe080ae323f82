/**
 * One announcement of the LTS scenario's two releases: after one click cut
 * v0.12.4 and v2026.1.4, **Announce both** (or `/announce-release
 * tag:v0.12.4,v2026.1.4`) drafts one announcement naming both versions, the
 * linter takes both as the release's, and the approved text is posted exactly
 * once. Real repository, the real release finder and drafter (offline, no
 * model), a recording poster.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import type { GitHubForge } from '../../src/adapters/github/github-forge.ts'
import { OpenAiDraftModel } from '../../src/adapters/openai/openai-draft-model.ts'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { resolveVoice } from '../../src/core/voice/voice-options.ts'
import { ChatRouter } from '../../src/flows/chat-router.ts'
import { createDrafter } from '../../src/flows/draft-announcement.ts'
import { ForgeReleaseFinder } from '../../src/flows/find-release.ts'
import type { View } from '../../src/flows/view.ts'
import type { Drafter } from '../../src/ports/drafter.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { type FakeOpenAi, startFakeOpenAi } from '../../src/testing/fake-openai-server.ts'
import { RecordingPoster } from '../../src/testing/recording-poster.ts'
import { AUTH, actor } from '../../src/testing/signoff-fixtures.ts'
import { TestClock } from '../../src/testing/test-clock.ts'
import { button, header, labels, notices } from '../helpers/views.ts'
import { type LtsFixture, ltsFixture, ltsLines } from './lts-scenario-fixture.ts'
import { forgeOn, startFake } from './support.ts'

const WEB = 'https://github.com/acme/widget'
const ANNOUNCE = { announce: { product: 'widget', kind: 'cli', action: 'npm install widget@{version}' } }

let fx: LtsFixture
let store: StateStore
let poster: RecordingPoster
let f: ChatRouter
let openAi: FakeOpenAi
beforeAll(async () => {
  openAi = await startFakeOpenAi()
})
afterAll(() => openAi.close())
beforeEach(async () => {
  fx = ltsFixture()
  store = await openStore({ kind: 'memory' })
  poster = new RecordingPoster()
  f = router(createDrafter())
})
afterEach(async () => {
  await store.close()
  fx.remove()
})

function router(drafter: Drafter, github?: GitHubForge): ChatRouter {
  const forge = github ?? new GitForge(fx.dir)
  const lines = ltsLines(ANNOUNCE)
  return new ChatRouter({
    store,
    clock: new TestClock(),
    auth: AUTH,
    forge,
    ...(github ? { host: github, prHost: github } : { files: forge }),
    lines,
    repoWebUrl: WEB,
    finder: new ForgeReleaseFinder(forge, lines, WEB),
    drafter,
    voice: resolveVoice(),
    posters: () => ({ ok: true, poster }),
  })
}

const draftText = (view: View) => view.blocks.find((b) => b.kind === 'code')?.text ?? ''

async function cutBoth(): Promise<View> {
  const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts-2026.1' })
  const done = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
  expect(header(done)).toBe('v0.12.4 + v2026.1.4 (lines main, lts-2026.1): released')
  return done
}

const EXPECTED = [
  '🐛 widget v0.12.4 and v2026.1.4 (lts-2026.1) are out!',
  '',
  'This release brings 1 fix.',
  '',
  '🐛 Reject forged session tokens',
  '',
  'Upgrade: `npm install widget@0.12.4`',
  `Full notes: ${WEB}/releases/tag/v0.12.4 and ${WEB}/releases/tag/v2026.1.4`,
].join('\n')

describe('announcing the LTS scenario’s two releases together', () => {
  it('Announce both drafts one announcement naming both versions; the approved text is posted once', async () => {
    const done = await cutBoth()
    expect(labels(done)).toEqual(['Announce both', 'Announce v0.12.4', 'Announce v2026.1.4'])
    const draft = await f.action(actor('U_REQ'), button(done, 'Announce both'))
    expect(header(draft)).toBe('Announcement of v0.12.4 + v2026.1.4: draft, waiting for sign-off')
    expect(draftText(draft)).toBe(EXPECTED)
    // Lint-clean: both versions and both release pages are this announcement's.
    expect(labels(draft)).toContain('Approve & post')
    const posted = await f.action(actor('U_APP'), button(draft, 'Approve & post'))
    expect(header(posted)).toBe('Announcement of v0.12.4 + v2026.1.4: posted')
    expect(poster.posted).toEqual([EXPECTED])
    // A second click posts nothing more.
    await f.action(actor('U_APP'), button(draft, 'Approve & post'))
    expect(poster.posted).toHaveLength(1)
    // Each release now counts as announced: announcing one of them alone asks first.
    const again = await f.command(actor('U_REQ'), 'announce-release', { tag: 'v2026.1.4' })
    expect(notices(again)[0]).toMatch(
      /^v0\.12\.4,v2026\.1\.4 was announced on 2026-03-01 by .*; announce again\?$/,
    )
    expect(poster.posted).toHaveLength(1)
    // Announcing both again asks the same; **Announce again** drafts the pair anew.
    const both = await f.command(actor('U_REQ'), 'announce-release', { tag: 'v0.12.4,v2026.1.4' })
    const redrafted = await f.action(actor('U_REQ'), button(both, 'Announce again'))
    expect(header(redrafted)).toBe('Announcement of v0.12.4 + v2026.1.4: draft, waiting for sign-off')
    // **Regenerate** finds both releases again.
    const regenerated = await f.action(actor('U_REQ'), button(redrafted, 'Regenerate'))
    expect(header(regenerated)).toBe('Announcement of v0.12.4 + v2026.1.4: regenerated, waiting for sign-off')
    expect(draftText(regenerated)).toBe(EXPECTED)
  })

  it('a model’s draft names both versions, its bullets checked against both releases’ pull requests', async () => {
    const answer = (pr: number) =>
      JSON.stringify({
        summary: 'We fixed a security issue in v0.12.4 and in the LTS release v2026.1.4.',
        bullets: [{ emoji: '🐛', text: 'Forged session tokens are rejected', prs: [pr], commits: [] }],
        breakingNote: null,
      })
    // The first answer cites a pull request neither release has: the repair round fixes it.
    openAi.script([{ content: answer(99) }, { content: answer(41) }])
    const model = new OpenAiDraftModel({ apiKey: 'sk-test', baseURL: openAi.baseURL, model: 'test-model' })
    f = router(createDrafter({ model }))
    await cutBoth()
    const draft = await f.command(actor('U_REQ'), 'announce-release', { tag: 'v0.12.4,v2026.1.4' })
    expect(openAi.requests.at(-1)!.messages.at(-1)!.content).toContain(
      'cites #99, which is not in this release',
    )
    const text = [
      '🐛 widget v0.12.4 and v2026.1.4 (lts-2026.1) are out!',
      '',
      'We fixed a security issue in v0.12.4 and in the LTS release v2026.1.4.',
      '',
      '🐛 Forged session tokens are rejected',
      '',
      'Upgrade: `npm install widget@0.12.4`',
      `Full notes: ${WEB}/releases/tag/v0.12.4 and ${WEB}/releases/tag/v2026.1.4`,
    ].join('\n')
    expect(draftText(draft)).toBe(text)
    await f.action(actor('U_APP'), button(draft, 'Approve & post'))
    expect(poster.posted).toEqual([text])
  })

  it('through GitHub: the same draft from the same history, posted once', async () => {
    const fakeRepo = fx.toFakeRepo()
    fakeRepo.defaultBranch = 'master'
    for (const sha of [fx.tips.main, fx.tips.lts])
      fakeRepo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'success' }])
    const fake = await startFake(fakeRepo)
    try {
      f = router(createDrafter(), forgeOn(fake, { branch: undefined }))
      const done = await cutBoth()
      const draft = await f.action(actor('U_REQ'), button(done, 'Announce both'))
      expect(draftText(draft)).toBe(EXPECTED)
      await f.action(actor('U_APP'), button(draft, 'Approve & post'))
      expect(poster.posted).toEqual([EXPECTED])
    } finally {
      await fake.stop()
    }
  })

  it('/announce-release tag:v0.12.4,v2026.1.4 drafts the same announcement', async () => {
    await cutBoth()
    const draft = await f.command(actor('U_REQ'), 'announce-release', { tag: 'v0.12.4,v2026.1.4' })
    expect(draftText(draft)).toBe(EXPECTED)
  })

  it('keeps the linter’s guard: a version neither release has is an error that blocks the post', async () => {
    await cutBoth()
    const draft = await f.command(actor('U_REQ'), 'announce-release', { tag: 'v0.12.4,v2026.1.4' })
    const wrong = EXPECTED.replace('session tokens', 'session tokens in v2026.1.5')
    const edited = await f.action(actor('U_REQ'), button(draft, 'Edit'), { text: wrong })
    expect(JSON.stringify(edited.blocks)).toContain(
      'version v2026.1.5 is not this release (0.12.4, 2026.1.4)',
    )
    expect(labels(edited)).not.toContain('Approve & post')
    // A click on an approval of that revision (a forged or stale button) is refused too.
    const approve = button(draft, 'Approve & post').replace(/:1$/, ':2')
    const refused = await f.action(actor('U_APP'), approve)
    expect(notices(refused).join(' ')).toContain('lint errors')
    expect(poster.posted).toEqual([])
  })

  it.each([
    ['v0.12.4,v0.12.4', 'v0.12.4 is named twice: name each release once.'],
    ['v0.12.4,v9.9.9', 'v9.9.9: There is no tag "v9.9.9": check the name, or cut it with /release.'],
    [
      'v0.12.3,v0.12.4',
      'v0.12.3 and v0.12.4 are both releases of line main: announce one release of each line together.',
    ],
    ['a,b,c,d,e,f', 'At most 5 releases can be announced together: announce the others on their own.'],
  ])('refuses tag:%s with one clear message, drafting nothing', async (tag, message) => {
    await cutBoth()
    const view = await f.command(actor('U_REQ'), 'announce-release', { tag })
    expect(notices(view)).toEqual([message])
    expect((await store.listAudit()).filter((e) => e.action === 'drafted')).toEqual([])
  })
})
