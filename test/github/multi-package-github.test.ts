/**
 * A multi-package line on GitHub: the same plan and notes through the fake
 * GitHub as through the local git forge, and `/release` publishing a Release
 * whose body lists each binary's sha256 with `checksums.txt` attached.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localBuildOutput } from '../../src/adapters/fs/build-output.ts'
import { GitForge } from '../../src/adapters/git/git-forge.ts'
import { uploadUrl } from '../../src/adapters/github/github-assets.ts'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import { releaseTextForLine } from '../../src/flows/line-notes.ts'
import { planLine } from '../../src/flows/plan-line.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { TestClock } from '../../src/testing/test-clock.ts'
import { runCli } from '../helpers/run-cli.ts'
import { header } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { gitFixture } from './git-fixture.ts'
import { forgeOn, githubRouter, startFake } from './support.ts'

const WEB = 'https://github.com/acme/widget'
const HASH_AGENT = 'a'.repeat(64)
const HASH_PROXY = '0123456789abcdef'.repeat(4)

function proxyLines() {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        {
          name: 'proxy',
          tagPrefix: 'v',
          version: { file: 'packages/proxy/pyproject.toml' },
          packages: ['packages/core/pyproject.toml', 'packages/agent/pyproject.toml'],
          checksums: { from: 'dist/*.sha256' },
          checks: { ci: false, changelog: false },
        },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

const pyproject = (name: string, version: string) =>
  `[project]\nname = "acme-${name}"\nversion = "${version}"\n`
const versions = (core: string, agent: string, proxy: string) => ({
  'packages/core/pyproject.toml': pyproject('core', core),
  'packages/agent/pyproject.toml': pyproject('agent', agent),
  'packages/proxy/pyproject.toml': pyproject('proxy', proxy),
})

const lines = proxyLines()
const fx = gitFixture()
const build = mkdtempSync(join(tmpdir(), 'herald-build-'))
let fake: FakeGitHub

beforeAll(async () => {
  fx.commit('chore: import', versions('0.1.0', '0.1.0', '0.1.0'))
  fx.tag('v0.1.0')
  fx.commit('feat(proxy): stream responses (#3)', { 'packages/proxy/src/stream.py': 'stream\n' })
  fx.commit('fix(core): close idle sockets (#4)', { 'packages/core/src/net.py': 'net\n' })
  fx.commit('chore: release the proxy', versions('0.1.1', '0.2.0', '0.2.0'))
  fake = await startFake(fx.toFakeRepo())
  // The build's output, as CI leaves it in the checkout (at the commit released): one checksum file per binary.
  execFileSync('git', ['clone', '-q', fx.dir, build])
  mkdirSync(join(build, 'dist'))
  writeFileSync(join(build, 'dist', 'proxy.sha256'), `${HASH_PROXY}  proxy-linux-amd64\n`)
  writeFileSync(join(build, 'dist', 'agent.sha256'), `${HASH_AGENT}  agent-darwin-arm64\n`)
})
afterAll(async () => {
  await fake.stop()
  fx.remove()
  rmSync(build, { recursive: true, force: true })
})

/** A fresh store and a router on it releasing with the build output in `out`, no release-PR host. */
async function releaseRouter(out: string) {
  const store = await openStore({ kind: 'memory' })
  const router = githubRouter(fake, {
    store,
    lines,
    prHost: undefined,
    repoWebUrl: WEB,
    buildOutput: localBuildOutput(out),
  })
  return { store, router }
}

describe('/release with a bad checksum file', () => {
  // Before the release below: HEAD is not released yet.
  it('refuses the preview, naming the file and the line, and cuts nothing', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'herald-build-'))
    execFileSync('git', ['clone', '-q', fx.dir, bad])
    mkdirSync(join(bad, 'dist'))
    writeFileSync(join(bad, 'dist', 'proxy.sha256'), 'deadbeef  proxy-linux-amd64\n')
    const { store, router } = await releaseRouter(bad)
    const tags = fake.repo.refs.size
    const preview = await router.command(actor('U_REQ'), 'release', { line: 'proxy' })
    expect(JSON.stringify(preview.blocks)).toContain(
      'dist/proxy.sha256: checksums line 1 is not \\"<sha256 hex>  <file name>\\"',
    )
    expect(preview.actions.map((a) => a.label)).not.toContain('Cut release')
    expect(fake.repo.refs.size).toBe(tags)
    await store.close()
    rmSync(bad, { recursive: true, force: true })
  })
})

describe('a multi-package line through the GitHub forge', () => {
  it('plans and notes exactly as the local git forge does', async () => {
    const request = { bump: 'auto' as const, line: 'proxy', force: true }
    const local = await planLine(new GitForge(fx.dir), lines, request, WEB)
    const remote = await planLine(forgeOn(fake), lines, request, WEB)
    expect(remote).toEqual(local)
    expect(local).toMatchObject({ ok: true, plan: { to: { tag: 'v0.2.0' }, reason: 'version-file' } })

    const clock = new TestClock()
    const options = { ...request, buildOutput: localBuildOutput(build) }
    const localText = await releaseTextForLine(new GitForge(fx.dir), lines, options, clock, WEB)
    const remoteText = await releaseTextForLine(forgeOn(fake), lines, options, clock, WEB)
    if (!localText.ok || !remoteText.ok) throw new Error('no notes')
    expect(remoteText.markdown).toBe(localText.markdown)
    expect(localText.context.packages).toEqual([
      { name: 'core', version: '0.1.1' },
      { name: 'agent', version: '0.2.0' },
      { name: 'proxy', version: '0.2.0' },
    ])
  })

  it('herald plan --json says the same through GitHub as through the checkout', async () => {
    const config = join(build, 'herald.config.yaml')
    writeFileSync(
      config,
      'repo: acme/widget\nlines:\n  - name: proxy\n    tagPrefix: v\n    version: { file: packages/proxy/pyproject.toml }\n',
    )
    const args = ['plan', '--json', '--repo', fx.dir, '--config', config]
    const local = await runCli(args, { cwd: fx.dir })
    const remote = await runCli(args, {
      cwd: fx.dir,
      env: { GITHUB_TOKEN: fake.token, GITHUB_API_URL: fake.url },
    })
    expect([local.code, remote.code]).toEqual([0, 0])
    expect(local.json()).toMatchObject({ to: { tag: 'v0.2.0' }, reason: 'version-file' })
    // The notes link to each forge's own web address; everything else is the same.
    const { notes: localNotes, ...l } = local.json()
    const { notes: remoteNotes, ...r } = remote.json()
    expect(r).toEqual(l)
    expect(remoteNotes.replaceAll(fake.url, 'https://github.com')).toContain(localNotes.trimEnd())
  })

  it('/release publishes the checksums in the body and attaches checksums.txt, sorted by name', async () => {
    const { store, router } = await releaseRouter(build)
    const preview = await router.command(actor('U_REQ'), 'release', { line: 'proxy' })
    expect(header(preview)).toBe('v0.2.0 (line proxy): preview, waiting for confirmation')
    const cut = preview.actions.find((a) => a.label === 'Cut release')
    if (!cut) throw new Error(`no Cut release: ${JSON.stringify(preview.blocks)}`)
    const done = await router.action(actor('U_APP'), cut.id)
    expect(header(done)).toBe('v0.2.0 (line proxy): released')

    const release = fake.repo.releases.find((r) => r.tag_name === 'v0.2.0')!
    expect(release.body).toContain('**Packages:** core 0.1.1, agent 0.2.0, proxy 0.2.0')
    expect(release.body).toContain(
      `### Checksums\n\n- \`agent-darwin-arm64\` — \`sha256:${HASH_AGENT}\`\n- \`proxy-linux-amd64\` — \`sha256:${HASH_PROXY}\``,
    )
    expect(release.assets.map((a) => [a.name, a.content])).toEqual([
      ['checksums.txt', `${HASH_AGENT}  agent-darwin-arm64\n${HASH_PROXY}  proxy-linux-amd64\n`],
    ])
    expect(
      fake.count('POST', /^\/api\/uploads\/repos\/acme\/widget\/releases\/\d+\/assets\?name=checksums\.txt$/),
    ).toBe(1)
    await store.close()
  })
})

describe('attaching checksums.txt', () => {
  it('a cut whose upload failed is resumed by the next one, which attaches what is missing', async () => {
    const forge = forgeOn(fake, { retries: 0 })
    const sha = fx.sha('HEAD')
    const request = {
      tag: 'v9.0.0',
      sha,
      title: 'v9.0.0',
      notes: 'notes\n',
      prerelease: false,
      makeLatest: false,
      assets: [{ name: 'checksums.txt', content: `${HASH_PROXY}  proxy\n` }],
    }
    fake.fail({ method: 'POST', path: /\/assets$/, status: 500 })
    await expect(forge.cutRelease(request)).rejects.toThrow(
      /^tag v9\.0\.0 and its GitHub Release are published, but attaching checksums\.txt failed: .*\. Run the release again to attach it$/,
    )
    expect(fake.repo.releases.find((r) => r.tag_name === 'v9.0.0')!.assets).toEqual([])
    const again = await forge.cutRelease(request)
    expect(again).toMatchObject({ tag: 'v9.0.0', tagCreated: false })
    expect(fake.repo.releases.find((r) => r.tag_name === 'v9.0.0')!.assets.map((a) => a.name)).toEqual([
      'checksums.txt',
    ])
    // Everything attached: a third run is the usual refusal.
    await expect(forge.cutRelease(request)).rejects.toThrow(/tag v9\.0\.0 and its release already exist/)
  })

  it('sends the token only to the API host, or uploads.github.com for api.github.com', () => {
    const t = '{?name,label}'
    expect(
      uploadUrl(
        `https://uploads.github.com/repos/a/b/releases/1/assets${t}`,
        'https://api.github.com',
        'c s.txt',
      ),
    ).toBe('https://uploads.github.com/repos/a/b/releases/1/assets?name=c+s.txt')
    expect(
      uploadUrl(
        `https://ghe.example.com/api/uploads/repos/a/b/releases/1/assets${t}`,
        'https://ghe.example.com/api/v3',
        'x',
      ),
    ).toBe('https://ghe.example.com/api/uploads/repos/a/b/releases/1/assets?name=x')
    expect(uploadUrl(`https://evil.example.com/assets${t}`, 'https://api.github.com', 'x')).toBeNull()
    expect(
      uploadUrl(`https://uploads.github.com/assets${t}`, 'https://ghe.example.com/api/v3', 'x'),
    ).toBeNull()
  })
})
