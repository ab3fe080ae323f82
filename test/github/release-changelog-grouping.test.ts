/**
 * Issue 7 in chat: a final release of a `mode: pr` line takes in its
 * pre-release CHANGELOG sections; the preview shows the section as it will be
 * written and, when the LLM grouper's proposal holds, offers **Use grouped
 * changelog** / **Keep flat changelog** (flat by default). The release PR
 * writes exactly the section chosen. Through `ChatRouter`, on the fake
 * GitHub and a fake OpenAI server, both on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OpenAiChangelogGrouper } from '../../src/adapters/openai/openai-changelog-grouper.ts'
import { openStore } from '../../src/adapters/store/open-store.ts'
import type { ChatRouter } from '../../src/flows/chat-router.ts'
import type { View } from '../../src/flows/view.ts'
import type { StateStore } from '../../src/ports/store.ts'
import {
  type ChatRequest,
  type FakeOpenAi,
  type Step,
  startFakeOpenAi,
} from '../../src/testing/fake-openai-server.ts'
import { AUTH, actor } from '../../src/testing/signoff-fixtures.ts'
import { button, header, labels, notices } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { connexityLines, githubRouter, startFake } from './support.ts'

const lines = connexityLines()
const PATH = 'backend/cli/CHANGELOG.md'
const pull = (n: number) => `[#${n}](https://github.com/acme/widget/pull/${n})`
const CHANGELOG = [
  '# Changelog',
  '',
  '## 0.3.0-rc.1 (2024-02-01)',
  '',
  '### Features',
  '',
  `- add compare command (${pull(11)})`,
  '',
  '### Bug Fixes',
  '',
  `- handle SSE timeout in the stream reader (${pull(13)})`,
  '',
  '## 0.2.0 (2024-01-01)',
  '',
  '### Features',
  '',
  '- older',
  '',
].join('\n')

let fake: FakeGitHub
let repo: FakeRepo
let store: StateStore
let openai: FakeOpenAi

function advance(message: string, files: Record<string, string>): string {
  const head = repo.commit({ message, parents: [repo.resolve('main')!], files })
  repo.refs.set('refs/heads/main', head)
  return head
}

function fileAt(ref: string, path: string): string {
  return repo.blobs.get(repo.commits.get(repo.resolve(ref)!)!.files.get(path)!)!
}

function flows(grouped = true, auth = AUTH): ChatRouter {
  return githubRouter(fake, {
    store,
    lines,
    auth,
    forgeOptions: { scopes: lines },
    grouper: grouped
      ? new OpenAiChangelogGrouper({
          apiKey: 'sk-test',
          baseURL: openai.baseURL,
          model: 'test-model',
          timeoutMs: 5_000,
          maxRetries: 0,
        })
      : null,
  })
}

/** The categories and entry keys the grouping request carried (one JSON line each, between the markers). */
function entriesOf(request: ChatRequest): { category: string; entries: { key: string }[] }[] {
  const user = request.messages.find((m) => m.role === 'user')!.content
  const body = /<entries>\n([\s\S]*?)\n<\/entries>/.exec(user)![1]!
  return body.split('\n').map((l) => JSON.parse(l) as { category: string; entries: { key: string }[] })
}

const TITLES = ['Run Comparison and Export', 'Streaming Reliability']

/** A proposal that holds: each category's entries in one subsection; `drop` leaves the last entry out. */
function proposal(drop = false): (request: ChatRequest) => Step {
  return (request) => ({
    content: JSON.stringify({
      categories: entriesOf(request).map((c, n) => {
        const keys = c.entries.map((e) => e.key)
        return {
          title: c.category,
          groups: [
            {
              title: TITLES[n] ?? `Area ${n + 1}`,
              description: 'Made the command line tools more useful.',
              keys: drop && n === 0 ? keys.slice(0, -1) : keys,
              standalone: keys.length === 1,
            },
          ],
          other: [],
        }
      }),
    }),
  })
}

const texts = (view: View) => view.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []))
const codes = (view: View) => view.blocks.flatMap((b) => (b.kind === 'code' ? [b.text] : []))

beforeAll(async () => {
  openai = await startFakeOpenAi()
})
afterAll(() => openai.close())

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'pyproject.toml': '[project]\nname = "connexity-cli"\nversion = "0.2.0"\n',
      'backend/cli/_version.py': '__version__ = "0.2.0"\n',
      [PATH]: '# Changelog\n\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/cli-v0.2.0', root)
  advance('feat(cli): add compare command (#11)', { 'backend/cli/compare.py': 'compare\n' })
  const rc = advance('fix(cli): handle SSE timeout (#13)', {
    'backend/cli/sse.py': 'sse\n',
    [PATH]: CHANGELOG,
  })
  repo.refs.set('refs/tags/cli-v0.3.0-rc.1', rc)
  advance('feat(cli): add export command (#14)', { 'backend/cli/export.py': 'export\n' })
  advance('fix(cli): retry uploads on connection reset (#15)', { 'backend/cli/upload.py': 'upload\n' })
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
  openai.requests.length = 0
})
afterEach(async () => {
  await fake.stop()
  await store.close()
})

const FINAL = { line: 'cli', version: '0.3.0' }

describe('/release of a final release with pre-release CHANGELOG sections (mode: pr)', () => {
  it('shows the flat section and the grouping offer; the release PR writes the grouped section chosen, byte for byte', async () => {
    openai.script(proposal())
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', FINAL)
    expect(header(preview)).toBe('Release PR for cli-v0.3.0 (line cli): preview, waiting for confirmation')
    expect(openai.requests).toHaveLength(1)
    expect(labels(preview)).toEqual([
      'Open release PR',
      'Use grouped changelog',
      'Keep flat changelog',
      'Cancel',
    ])
    const [, flat, grouped] = codes(preview)
    expect(texts(preview)).toContain(
      `${PATH}, as it will be written (the section takes in 0.3.0-rc.1; those sections are removed): flat.`,
    )
    // The flat consolidation: the new entries and the rc's, no subsections.
    expect(flat).toMatch(/^## 0\.3\.0 \(2026-03-01\)\n\n### Features\n\n/)
    for (const words of ['add compare command', 'add export command', 'handle SSE timeout', 'retry uploads'])
      expect(flat).toContain(words)
    expect(flat).not.toContain('####')
    expect(grouped).toContain(
      '#### Run Comparison and Export\n\nMade the command line tools more useful.\n\n',
    )
    expect(grouped).toContain('#### Streaming Reliability\n')
    expect(notices(preview)).toEqual([])

    const chosen = await f.action(actor('U_APP'), button(preview, 'Use grouped changelog'))
    expect(texts(chosen).join('\n')).toContain('**grouped** into subsections as proposed by test-model')
    expect(codes(chosen)).toContain(grouped)
    expect(codes(chosen)).not.toContain(flat)

    const done = await f.action(actor('U_REQ'), button(chosen, 'Open release PR'))
    expect(header(done)).toBe('Release PR for cli-v0.3.0 (line cli): release PR ready for review')
    // Byte for byte: the grouped section in place of the rc section, the rest of the file kept.
    const written = fileAt('herald/release-cli', PATH)
    expect(written).toBe(`# Changelog\n\n${grouped}\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n`)
    expect(openai.requests).toHaveLength(1)

    const log = await store.listAudit()
    const choice = log.find((e) => e.action === 'changelog_grouped')!
    expect(choice).toMatchObject({ outcome: 'done', from: 'planned', to: 'planned' })
    expect(choice.actor.userId).toBe('U_APP')
    expect(choice.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(choice.detail).toContain('grouped section (proposed by test-model) chosen')
    const confirmed = log.find((e) => e.action === 'confirmed' && e.outcome === 'done')!
    expect(confirmed.detail).toBe(`cli-v0.3.0: confirmed; ${PATH}: grouped section, ${choice.hash}`)
    expect(log.find((e) => e.action === 'planned')!.detail).toContain(
      `${PATH}: grouping proposed by test-model`,
    )
  })

  it('writes the flat section by default, and after Keep flat changelog', async () => {
    openai.script(proposal())
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', FINAL)
    const flat = codes(preview)[1]!
    const grouped = await f.action(actor('U_APP'), button(preview, 'Use grouped changelog'))
    const back = await f.action(actor('U_APP'), button(grouped, 'Keep flat changelog'))
    expect(texts(back)).toContain(
      `${PATH}, as it will be written (the section takes in 0.3.0-rc.1; those sections are removed): flat, chosen by u_app (U_APP).`,
    )
    // A second click on the same choice changes nothing.
    const again = await f.action(actor('U_APP'), button(back, 'Keep flat changelog'))
    expect(notices(again)).toEqual(['The flat changelog is already chosen (by u_app (U_APP)).'])
    await f.action(actor('U_REQ'), button(back, 'Open release PR'))
    expect(fileAt('herald/release-cli', PATH)).toBe(
      `# Changelog\n\n${flat}\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n`,
    )
  })

  it('offers no grouping when the proposal does not hold, says why, and goes on with the flat section', async () => {
    openai.script(proposal(true))
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', FINAL)
    expect(labels(preview)).toEqual(['Open release PR', 'Cancel'])
    const [notice] = notices(preview)
    expect(notice).toMatch(
      /^grouping unavailable: test-model's grouping was rejected \(2 problems\)\. The flat section is used\.\n• /,
    )
    expect(notice).toContain('• Features: entry pr:11 is missing: put it in a group or in other')
    const flat = codes(preview)[1]!
    expect(codes(preview)).toHaveLength(2)
    await f.action(actor('U_REQ'), button(preview, 'Open release PR'))
    expect(fileAt('herald/release-cli', PATH)).toBe(
      `# Changelog\n\n${flat}\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n`,
    )
    const planned = (await store.listAudit()).find((e) => e.action === 'planned')!
    expect(planned.detail).toContain(`${PATH}: grouping unavailable: test-model's grouping was rejected`)
  })

  it('says why when the model fails', async () => {
    openai.script([
      { status: 400, body: { error: { message: 'bad request', type: 'invalid_request_error' } } },
    ])
    const preview = await flows().command(actor('U_REQ'), 'release', FINAL)
    expect(labels(preview)).toEqual(['Open release PR', 'Cancel'])
    expect(notices(preview)[0]).toMatch(/^grouping unavailable: test-model gave no grouping: /)
  })

  it('shows no grouping at all without a grouper (no OPENAI_API_KEY)', async () => {
    const preview = await flows(false).command(actor('U_REQ'), 'release', FINAL)
    expect(openai.requests).toHaveLength(0)
    expect(labels(preview)).toEqual(['Open release PR', 'Cancel'])
    expect(notices(preview)).toEqual([])
    expect(codes(preview)).toHaveLength(2)
    expect(JSON.stringify(preview)).not.toMatch(/group/i)
  })

  it('under the two-person rule, whoever chose the changelog may not be the one who confirms it', async () => {
    openai.script(proposal())
    const f = flows(true, { ...AUTH, twoPersonRule: ['minor'] })
    const preview = await f.command(actor('U_REQ'), 'release', FINAL)
    const chosen = await f.action(actor('U_APP'), button(preview, 'Use grouped changelog'))
    const open = button(chosen, 'Open release PR')

    const refused = await f.action(actor('U_APP'), open)
    expect(notices(refused)[0]).toBe(
      'A minor release needs a second person (`auth.twoPersonRule`): you changed what this step signs off, so someone else allowed to cut releases must do it.',
    )
    expect(repo.resolve('herald/release-cli')).toBeFalsy()

    const done = await f.action(actor('U_REQ'), open)
    expect(header(done)).toBe('Release PR for cli-v0.3.0 (line cli): release PR ready for review')
    const audit = (await store.listAudit()).filter((e) => e.action === 'confirmed')
    expect(audit.map((e) => `${e.actor.userId} ${e.outcome}`)).toEqual(['U_APP refused', 'U_REQ done'])
  })

  it('refuses a choice by someone without the release role, and a click on another section', async () => {
    openai.script(proposal())
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', FINAL)
    const use = button(preview, 'Use grouped changelog')
    expect(notices(await f.action(actor('U_NOPE'), use))[0]).toMatch(/^You may not cut releases/)
    const forged = use.replace(/[0-9a-f]{16}$/, '0000000000000000')
    expect(notices(await f.action(actor('U_APP'), forged))[0]).toBe(
      'This changelog choice is not the one this preview offers (an older view?): nothing was changed.',
    )
    const refused = (await store.listAudit()).filter((e) => e.outcome === 'refused')
    expect(refused.map((e) => `${e.actor.userId} ${e.action}`)).toEqual([
      'U_NOPE changelog_grouped',
      'U_APP changelog_grouped',
    ])
    // Nothing changed: confirming writes the flat section.
    await f.action(actor('U_REQ'), use.replace(/^r:cl:([^:]+):.*$/, 'r:cut:$1'))
    expect(fileAt('herald/release-cli', PATH)).toBe(
      `# Changelog\n\n${codes(preview)[1]}\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n`,
    )
  })
})
