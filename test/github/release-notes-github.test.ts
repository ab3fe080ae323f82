/**
 * `/release` of a `mode: tag` line through `ChatRouter` on the fake GitHub:
 * the preview's notes come from PR labels (the repository's
 * `.github/release.yml`, else Herald's default label table), leave out
 * ignored and bot PRs, and are exactly the body of the published Release.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { githubNoteSources } from '../../src/flows/github-notes.ts'
import type { View } from '../../src/flows/view.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { notices } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { githubRouter, startFake } from './support.ts'

// The default label table as GitHub's release.yml, plus a category of this repository's own.
const RELEASE_YML = `changelog:
  exclude:
    labels: [ignore-for-release, dependencies]
  categories:
    - title: ⚠️ Breaking Changes
      labels: [breaking-change]
    - title: 🔒 Security
      labels: [security]
    - title: 🚀 Features
      labels: [feature, enhancement]
    - title: 🐛 Bug Fixes
      labels: [bug, fix]
    - title: 📚 Documentation
      labels: [documentation, docs]
    - title: Other Changes
      labels: ["*"]
`

function platformLine(): ReleaseLine[] {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        {
          name: 'platform',
          tagPrefix: 'v',
          announce: { kind: 'platform', product: 'Connexity', action: 'Rolling out.' },
        },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

const lines = platformLine()
let fake: FakeGitHub
let repo: FakeRepo
let store: StateStore

/** Merged PRs on main since v1.0.0: [number, squash title, labels, author]. */
const PRS: [number, string, string[], string][] = [
  [21, 'feat!: drop the v1 endpoints', ['breaking-change'], 'ada'],
  [22, 'feat: dark mode', ['feature'], 'ada'],
  [23, 'feat: login loop on expired sessions', ['bug'], 'grace'],
  [24, 'docs: self-hosting guide', ['documentation'], 'grace'],
  [25, 'feat: unfinished billing page', ['ignore-for-release'], 'ada'],
  [26, 'chore(deps): bump yaml from 2.3 to 2.4', [], 'dependabot[bot]'],
  [27, 'fix: escape tokens in logs', ['security'], 'ada'],
]

function seed(files: Record<string, string>): void {
  repo = new FakeRepo()
  let head = repo.commit({ message: 'chore: import', files: { 'app.py': '0', ...files } })
  repo.refs.set('refs/tags/v1.0.0', head)
  for (const [n, title, labels, user] of PRS) {
    head = repo.commit({ message: `${title} (#${n})`, parents: [head], files: { 'app.py': String(n) } })
    repo.pulls.push({
      number: n,
      title,
      body: '',
      state: 'closed',
      head: `b${n}`,
      base: 'main',
      user,
      labels,
      merged_at: '2024-02-01T00:00:00Z',
      merge_commit_sha: head,
      created: n,
    })
  }
  repo.refs.set('refs/heads/main', head)
  repo.checkRuns.set(head, [{ name: 'test', status: 'completed', conclusion: 'success' }])
}

const flows = () =>
  githubRouter(fake, { store, lines, forgeOptions: { scopes: lines }, withForge: githubNoteSources })

const notesOf = (view: View) => view.blocks.find((b) => b.kind === 'code')?.text
const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a) throw new Error(`no ${label}: ${notices(view).join(' | ')}`)
  return a.id
}

async function start(): Promise<void> {
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
}

afterEach(async () => {
  await fake.stop()
  await store.close()
})

describe('/release of a tag-mode line on GitHub: notes from PR labels', () => {
  beforeEach(async () => {
    seed({ '.github/release.yml': RELEASE_YML })
    await start()
  })

  it('previews the release.yml sections without ignored or bot PRs, and publishes exactly the previewed notes', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'platform' })
    const notes = notesOf(preview)
    expect(notes).toMatchInlineSnapshot(`
      "### ⚠️ Breaking Changes

      - drop the v1 endpoints ([#21](https://github.com/acme/widget/pull/21), [751f64e](https://github.com/acme/widget/commit/751f64eb321593d5f913e3a04af35e857674c7c4))
        drop the v1 endpoints (#21)

      ### 🔒 Security

      - escape tokens in logs ([#27](https://github.com/acme/widget/pull/27), [468c45d](https://github.com/acme/widget/commit/468c45dad21bb1428b48e5426788bf5d4ccc01dd))

      ### 🚀 Features

      - dark mode ([#22](https://github.com/acme/widget/pull/22), [fde8535](https://github.com/acme/widget/commit/fde853504dd981616f6f408ee3956dc5b02d4644))

      ### 🐛 Bug Fixes

      - login loop on expired sessions ([#23](https://github.com/acme/widget/pull/23), [c66f358](https://github.com/acme/widget/commit/c66f3586d3ae8f4ba72e113cb20b59809a770f44))

      ### 📚 Documentation

      - self-hosting guide ([#24](https://github.com/acme/widget/pull/24), [813a4b8](https://github.com/acme/widget/commit/813a4b8bb1a530e32ff04d248f9774e82a64b329))

      **Full diff:** https://github.com/acme/widget/compare/v1.0.0...v2.0.0
      "
    `)
    expect(notes).not.toMatch(/billing|bump yaml/)

    // A major release: the two-person rule asks for someone other than the requester.
    const done = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(notices(done)).toEqual([])
    expect(repo.refs.get('refs/tags/v2.0.0')).toBe(repo.resolve('main'))
    expect(repo.releases).toHaveLength(1)
    expect(repo.releases[0]!.body).toBe(notes)
  })

  it('refuses the cut when a label changed since the preview, and shows the fresh notes', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'platform' })
    // Labelled late, as a maintainer may ("label it before cutting the release").
    repo.pulls.find((p) => p.number === 24)!.labels = ['ignore-for-release']
    const view = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(notices(view)[0]).toBe(
      'Nothing was cut: the release notes changed since the preview. Here is a fresh preview; check it and confirm again.',
    )
    expect(notesOf(preview)).toContain('self-hosting guide')
    expect(notesOf(view)).not.toContain('self-hosting guide')
    expect(repo.releases).toEqual([])
    expect(repo.refs.has('refs/tags/v2.0.0')).toBe(false)
  })

  it('refuses to preview with a broken release.yml, naming the file', async () => {
    await fake.stop()
    await store.close()
    seed({ '.github/release.yml': 'changelog: [' })
    await start()
    const preview = await flows().command(actor('U_REQ'), 'release', { line: 'platform' })
    expect(preview.actions).toEqual([])
    expect(notices(preview)[0]).toMatch(/^\.github\/release\.yml: not valid YAML .*: fix it or delete it$/)
  })
})

describe('/release of a tag-mode line on GitHub without release.yml', () => {
  beforeEach(async () => {
    seed({})
    await start()
  })

  it('sorts by the default label table, falls back to commit types, and publishes the previewed notes', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'platform' })
    const notes = notesOf(preview)
    expect(notes).toMatchInlineSnapshot(`
      "### ⚠️ Breaking Changes

      - drop the v1 endpoints ([#21](https://github.com/acme/widget/pull/21), [751f64e](https://github.com/acme/widget/commit/751f64eb321593d5f913e3a04af35e857674c7c4))
        drop the v1 endpoints (#21)

      ### 🚀 Features

      - dark mode ([#22](https://github.com/acme/widget/pull/22), [fde8535](https://github.com/acme/widget/commit/fde853504dd981616f6f408ee3956dc5b02d4644))

      ### 🐛 Bug Fixes

      - escape tokens in logs ([#27](https://github.com/acme/widget/pull/27), [468c45d](https://github.com/acme/widget/commit/468c45dad21bb1428b48e5426788bf5d4ccc01dd))
      - login loop on expired sessions ([#23](https://github.com/acme/widget/pull/23), [c66f358](https://github.com/acme/widget/commit/c66f3586d3ae8f4ba72e113cb20b59809a770f44))

      ### 📚 Documentation

      - self-hosting guide ([#24](https://github.com/acme/widget/pull/24), [813a4b8](https://github.com/acme/widget/commit/813a4b8bb1a530e32ff04d248f9774e82a64b329))

      **Full diff:** https://github.com/acme/widget/compare/v1.0.0...v2.0.0
      "
    `)
    await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(repo.releases[0]!.body).toBe(notes)
  })
})
