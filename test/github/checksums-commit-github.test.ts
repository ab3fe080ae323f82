/**
 * A line's `checksums` come from the build in the checkout Herald runs in,
 * so they are published only for the commit that checkout is at: a line
 * planned at another branch's tip (a maintenance line on GitHub, alone or
 * beside others) is refused, naming both commits; and a retried cut whose
 * build changed since the preview publishes nothing.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { localBuildOutput } from '../../src/adapters/fs/build-output.ts'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import type { View } from '../../src/flows/view.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { header, labels } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { gitFixture } from './git-fixture.ts'
import { githubRouter, startFake } from './support.ts'

const HASH_A = 'a'.repeat(64)
const HASH_B = '0123456789abcdef'.repeat(4)
const checks = { ci: false, changelog: false }

function twoLines() {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        { name: 'main', tagPrefix: 'v', branch: 'main', checksums: { from: 'dist/*.sha256' }, checks },
        { name: 'lts', tagPrefix: 'lts-v', branch: 'lts-1.x', checksums: { from: 'dist/*.sha256' }, checks },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

const lines = twoLines()
const fx = gitFixture()
const tips: Record<string, string> = {}
let build: string
let fake: FakeGitHub
let store: StateStore

beforeAll(() => {
  fx.commit('feat: first', { 'a.txt': '1\n' })
  fx.tag('v1.0.0')
  fx.tag('lts-v1.0.0')
  fx.branch('lts-1.x')
  tips.lts = fx.commit('fix: reject forged tokens', { 'auth.txt': 'lts\n' })
  fx.checkout('main')
  tips.main = fx.commit('feat: compare command', { 'c.txt': '1\n' })
  // The checkout `herald serve` runs in, at main's tip, with main's build in it.
  build = mkdtempSync(join(tmpdir(), 'herald-build-'))
  execFileSync('git', ['clone', '-q', fx.dir, build])
  mkdirSync(join(build, 'dist'))
  writeFileSync(join(build, 'dist', 'app.sha256'), `${HASH_A}  app-linux-amd64\n`)
})
afterAll(() => {
  fx.remove()
  rmSync(build, { recursive: true, force: true })
})
beforeEach(async () => {
  fake = await startFake(fx.toFakeRepo())
  store = await openStore({ kind: 'memory' })
})
afterEach(async () => {
  await fake.stop()
  await store.close()
})

// As before: no release-PR host.
const flows = () =>
  githubRouter(fake, { store, lines, prHost: undefined, buildOutput: localBuildOutput(build) })

const all = (view: View) => JSON.stringify(view.blocks)
const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a) throw new Error(`no ${label} in [${labels(view).join(', ')}]: ${all(view)}`)
  return a.id
}
const notBuilt = (root: string, head: string, at: string) =>
  `the line's checksums are read from the build in ${root}, which is at commit ${head.slice(0, 12)}, not at ${at.slice(0, 12)}, the commit this release tags: check ${at.slice(0, 12)} out there and build it, then release (or publish the release with the GitHub Action on the line's branch)`

describe('checksums of a line planned at another commit than the checkout’s', () => {
  it('refuses a maintenance line planned at its own branch’s tip, naming both commits', async () => {
    const preview = await flows().command(actor('U_REQ'), 'release', { line: 'lts' })
    expect(all(preview)).toContain(JSON.stringify(notBuilt(build, tips.main!, tips.lts!)).slice(1, -1))
    expect(labels(preview)).not.toContain('Cut release')
    expect(fake.repo.releases).toEqual([])
  })

  it('refuses several lines with checksums unless each is the checkout’s commit, naming the one that is not', async () => {
    const preview = await flows().command(actor('U_REQ'), 'release', { line: 'main,lts' })
    const text = all(preview)
    expect(text).toContain('Nothing was planned: the lines are released together or not at all.')
    expect(text).toContain(
      `• line lts: ${JSON.stringify(notBuilt(build, tips.main!, tips.lts!)).slice(1, -1)}`,
    )
    expect(text).not.toContain('• line main')
    expect(text).toContain('Release the others without that line (/release line:main)')
    expect(labels(preview)).not.toContain('Cut 2 releases')
  })

  it('publishes the line at the checkout’s commit with the build’s checksums', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main' })
    const done = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(header(done)).toBe('v1.1.0 (line main): released')
    const release = fake.repo.releases.find((r) => r.tag_name === 'v1.1.0')!
    expect(release.body).toContain(`- \`app-linux-amd64\` — \`sha256:${HASH_A}\``)
    expect(fake.repo.refs.get('refs/tags/v1.1.0')).toBe(tips.main)
  })
})

describe('Retry cut after the build changed', () => {
  it('publishes nothing when the build’s checksums are not the ones the confirmed notes list', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main' })
    // A tag rule refuses the first attempt: the record waits for Retry cut.
    fake.fail({
      method: 'POST',
      path: /\/git\/refs$/,
      status: 403,
      body: { message: 'Cannot create ref due to creations being restricted' },
    })
    const failed = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(labels(failed)).toContain('Retry cut')
    // The build is redone before the retry: other binaries, other sums.
    const file = join(build, 'dist', 'app.sha256')
    writeFileSync(file, `${HASH_B}  app-linux-amd64\n`)
    try {
      const retried = await f.action(actor('U_APP'), button(failed, 'Retry cut'))
      expect(all(retried)).toContain(
        `the build's checksums are not the ones the confirmed notes list (the build in ${build} changed since the preview); nothing was cut: run /release again to preview the notes with the build as it is now`,
      )
      expect(fake.repo.refs.has('refs/tags/v1.1.0')).toBe(false)
      expect(fake.repo.releases).toEqual([])
    } finally {
      writeFileSync(file, `${HASH_A}  app-linux-amd64\n`)
    }
  })
})
