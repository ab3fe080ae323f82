/**
 * A line read from release-please-config.json, released through a release PR
 * on the fake GitHub: the PR also moves the package's version in
 * `.release-please-manifest.json`, so release-please and Herald can take turns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { drafterOf } from '../../src/testing/fake-drafter.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { githubRouter, startFake } from './support.ts'

const CONFIG = JSON.stringify({ packages: { 'packages/web': {}, 'packages/api': {} } })
const MANIFEST = '{\n  "packages/web": "1.4.0",\n  "packages/api": "0.2.0"\n}\n'

let fake: FakeGitHub | undefined
let store: StateStore | undefined
let dir: string | undefined
afterEach(async () => {
  await fake?.stop()
  await store?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('a release PR of a release-please package bumps its version in the manifest', async () => {
  // The config as Herald reads it from a checkout with no Herald config.
  dir = mkdtempSync(join(tmpdir(), 'herald-rp-'))
  writeFileSync(join(dir, 'release-please-config.json'), CONFIG)
  writeFileSync(join(dir, '.release-please-manifest.json'), MANIFEST)
  const loaded = loadConfig({ repoDir: dir, env: {} })
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
  // Lines read from release-please have no package.json here: named by their folder.
  const lines = loaded.config.lines.map((l) => ({ ...l, mode: 'pr' as const }))
  expect(lines.map((l) => [l.name, l.tagPrefix])).toEqual([
    ['web', 'v'],
    ['api', 'v'],
  ])

  const repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'release-please-config.json': CONFIG,
      '.release-please-manifest.json': MANIFEST,
      'packages/web/index.ts': 'web\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/v1.4.0', root)
  const head = repo.commit({
    message: 'feat: dark mode (#3)',
    parents: [root],
    files: { 'packages/web/index.ts': 'web 2\n' },
  })
  repo.refs.set('refs/heads/main', head)
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
  const router = githubRouter(fake, { store, lines, forgeOptions: { scopes: lines }, drafter: drafterOf([]) })
  // Named by its path, as release-please names packages.
  const preview = await router.command(actor('U_REQ'), 'release', { line: 'packages/web' })
  const open = preview.actions.find((a) => a.label === 'Open release PR')
  expect(open, JSON.stringify(preview.blocks)).toBeDefined()
  await router.action(actor('U_REQ'), open!.id)
  expect(repo.pulls).toHaveLength(1)
  const files = repo.commits.get(repo.resolve(repo.pulls[0]!.head)!)!.files
  expect(repo.blobs.get(files.get('.release-please-manifest.json')!)).toBe(
    '{\n  "packages/web": "1.5.0",\n  "packages/api": "0.2.0"\n}\n',
  )
})
