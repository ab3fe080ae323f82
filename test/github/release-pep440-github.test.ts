/**
 * Cutting PEP 440 versions through `/release` on the fake GitHub: a tag-mode
 * line cuts `26.2.0rc1` as a GitHub pre-release, and a release PR writes
 * `26.2.0rc2` into pyproject.toml, then publishes it as a pre-release.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import type { View } from '../../src/flows/view.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { header } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { githubRouter, startFake } from './support.ts'

const loaded = validate(
  {
    repo: 'acme/widget',
    lines: [
      { name: 'backend', tagPrefix: 'py-', scheme: 'pep440', calver: 'YY.MINOR.MICRO', paths: ['backend/'] },
      {
        name: 'agent',
        tagPrefix: 'agent-',
        scheme: 'pep440',
        paths: ['agent/'],
        mode: 'pr',
        versionFiles: ['agent/pyproject.toml'],
      },
      { name: 'maint', tagPrefix: 'm-', range: '1.2.x', paths: ['backend/'] },
    ],
  },
  'test',
)
if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
const lines = loaded.config.lines

let fake: FakeGitHub
let repo: FakeRepo
let store: StateStore
let streaming: string

const green = (sha: string) =>
  repo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'success' }])

function advance(message: string, files: Record<string, string>): string {
  const head = repo.commit({ message, parents: [repo.resolve('main')!], files })
  repo.refs.set('refs/heads/main', head)
  green(head)
  return head
}

function fileAt(ref: string, path: string): string | undefined {
  const oid = repo.commits.get(repo.resolve(ref)!)!.files.get(path)
  return oid === undefined ? undefined : repo.blobs.get(oid)
}

const flows = () => githubRouter(fake, { store, lines, forgeOptions: { scopes: lines } })

const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a)
    throw new Error(
      `no ${label} in [${view.actions.map((x) => x.label).join(', ')}]: ${JSON.stringify(view.blocks)}`,
    )
  return a.id
}

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'backend/app.py': 'app\n',
      'agent/pyproject.toml': '[project]\nname = "agent"\nversion = "1.4.0"\n',
      'agent/main.py': 'main\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/py-26.1.0', root)
  repo.refs.set('refs/tags/agent-1.4.0', root)
  repo.refs.set('refs/tags/m-1.2.3', root)
  streaming = advance('feat(backend): streaming (#1)', { 'backend/stream.py': 'stream\n' })
  advance('feat(agent): retries (#2)', { 'agent/retry.py': 'retry\n' })
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
})
afterEach(async () => {
  await fake.stop()
  await store.close()
})

describe('/release on a line with a range', () => {
  it('offers nothing to cut when the commits ask for a version outside the range, and says why', async () => {
    const view = await flows().command(actor('U_REQ'), 'release', { line: 'maint' })
    expect(view.actions).toEqual([])
    expect(JSON.stringify(view.blocks)).toContain(
      `1.3.0 is outside line \\"maint\\"'s range 1.2.x: ${streaming.slice(0, 7)} \\"feat(backend): streaming (#1)\\" asks for a minor release`,
    )
    expect(repo.refs.has('refs/tags/m-1.3.0')).toBe(false)
  })
})

describe('/release of PEP 440 versions on GitHub', () => {
  it('cuts a release candidate as a GitHub pre-release, never the latest release', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'backend', prerelease: 'rc' })
    expect(header(preview)).toBe('py-26.2.0rc1 (line backend): preview, waiting for confirmation')
    const done = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(header(done)).toBe('py-26.2.0rc1 (line backend): released')
    expect(repo.releases).toMatchObject([
      { tag_name: 'py-26.2.0rc1', prerelease: true, make_latest: 'false' },
    ])

    advance('fix(backend): a leak (#3)', { 'backend/app.py': 'app 2\n' })
    const rc2 = await f.command(actor('U_REQ'), 'release', { line: 'backend', prerelease: 'rc' })
    expect(header(rc2)).toBe('py-26.2.0rc2 (line backend): preview, waiting for confirmation')
    const final = await f.command(actor('U_REQ'), 'release', { line: 'backend' })
    expect(header(final)).toBe('py-26.2.0 (line backend): preview, waiting for confirmation')
  })

  it('writes a PEP 440 version into pyproject.toml through a release PR, and publishes it as a pre-release', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'agent', version: '1.5.0-rc2' })
    expect(header(preview)).toBe(
      'Release PR for agent-1.5.0rc2 (line agent): preview, waiting for confirmation',
    )
    await f.action(actor('U_REQ'), button(preview, 'Open release PR'))
    const pull = repo.pulls[0]!
    expect(fileAt(pull.head, 'agent/pyproject.toml')).toBe(
      '[project]\nname = "agent"\nversion = "1.5.0rc2"\n',
    )

    const files: Record<string, string> = {}
    for (const [path, oid] of repo.commits.get(repo.resolve(pull.head)!)!.files)
      files[path] = repo.blobs.get(oid)!
    const merge = advance(`${pull.title} (#${pull.number})`, files)
    Object.assign(pull, { state: 'closed', merged_at: '2026-03-02T00:00:00Z', merge_commit_sha: merge })
    const publish = await f.command(actor('U_REQ'), 'release', { line: 'agent' })
    await f.action(actor('U_APP'), button(publish, 'Publish release'))
    expect(repo.refs.get('refs/tags/agent-1.5.0rc2')).toBe(merge)
    expect(repo.releases).toMatchObject([
      { tag_name: 'agent-1.5.0rc2', prerelease: true, make_latest: 'false' },
    ])
  })
})
