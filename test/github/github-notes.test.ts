import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseReleaseYml } from '../../src/core/release-yml.ts'
import {
  pullRequestEnricher,
  readRepositoryNotes,
  withRepositoryNotes,
} from '../../src/flows/github-notes.ts'
import { releaseTextForLine } from '../../src/flows/line-notes.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { connexityLines, forgeOn, startFake } from './support.ts'

// Herald's default label table, as GitHub's release.yml.
const RELEASE_YML = `changelog:
  exclude:
    labels: [ignore-for-release, dependencies]
  categories:
    - title: ⚠️ Breaking Changes
      labels: [breaking-change]
    - title: 🚀 Features
      labels: [feature, enhancement]
    - title: 🐛 Bug Fixes
      labels: [bug, fix]
    - title: 📚 Documentation
      labels: [documentation, docs]
    - title: 🧰 Maintenance
      labels: [chore, refactor, test, ci]
    - title: Other Changes
      labels: ["*"]
`

let fake: FakeGitHub
const repo = new FakeRepo()

beforeAll(async () => {
  let head = repo.commit({
    message: 'chore: start',
    files: { '.github/release.yml': RELEASE_YML, 'app.py': '0' },
  })
  repo.refs.set('refs/tags/v1.0.0', head)
  const prs: [number, string, string[], string][] = [
    [21, 'fix: make search faster', ['enhancement'], 'ada'],
    [22, 'chore(deps): bump yaml', ['dependencies'], 'dependabot[bot]'],
    [23, 'ci: pin actions', [], 'github-actions[bot]'],
    [24, 'fix: crash on empty input', [], 'grace'],
    [25, 'feat: secret thing', ['ignore-for-release'], 'ada'],
    [26, 'refactor: split module', ['oddball'], 'ada'],
  ]
  for (const [n, title, labels, user] of prs) {
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
  // Closed PRs of other work, newer than the release's: listed, then skipped.
  for (let n = 27; n < 160; n++)
    repo.pulls.push({
      number: n,
      title: `other ${n}`,
      body: '',
      state: 'closed',
      head: `o${n}`,
      base: 'main',
      user: 'x',
      labels: [],
      merged_at: null,
      merge_commit_sha: null,
      created: n,
    })
  repo.refs.set('refs/heads/main', head)
  fake = await startFake(repo)
})
afterAll(() => fake.stop())

describe('notes from pull request labels and .github/release.yml', () => {
  it('sorts by label, falls back to the commit type, and leaves out bots and excluded labels', async () => {
    const forge = forgeOn(fake)
    const head = repo.resolve('main')!
    const yml = await readRepositoryNotes(forge, head)
    if (!yml.ok) throw new Error(yml.error)
    const lines = withRepositoryNotes(connexityLines().slice(2), yml.value)
    const before = fake.requests.length
    const text = await releaseTextForLine(
      forge,
      lines,
      { bump: 'auto', enrich: pullRequestEnricher(forge) },
      { now: () => new Date('2024-03-01T00:00:00Z') },
      null,
    )
    if (!text.ok) throw new Error(text.message)
    expect(text.markdown).toMatchInlineSnapshot(`
      "### 🚀 Features

      - make search faster (#21, 3303e1a)

      ### 🐛 Bug Fixes

      - crash on empty input (#24, 64b5a27)

      ### Other Changes

      - split module (#26, 951f4fc)
      "
    `)
    // 133 newer closed PRs change nothing: the six of the release are looked up by number, in one request.
    expect(fake.requests.slice(before).filter((r) => r.path.includes('/pulls')).length).toBe(0)
    expect(fake.requests.slice(before).filter((r) => r.operation === 'HeraldPulls').length).toBe(1)
  })

  it.each([
    ['changelog: [', /not valid YAML/],
    [
      'changelog:\n  categories:\n    - title: Features\n',
      /changelog\.categories\.0\.labels: .* \(see GitHub's release\.yml format\)/,
    ],
  ])('explains a broken release.yml: %j', (text, message) => {
    const parsed = parseReleaseYml(text)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(message)
  })

  it('keeps the bots excluded when release.yml names other authors', () => {
    const parsed = parseReleaseYml('changelog:\n  exclude:\n    authors: [octocat]\n')
    expect(parsed.ok && parsed.value.exclude.authors).toEqual(
      expect.arrayContaining(['octocat', 'dependabot[bot]', 'github-actions[bot]']),
    )
  })
})
