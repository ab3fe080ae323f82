/**
 * A line whose tag follows one package's version (`version.file`), naming
 * its other `packages` when they differ and listing its build's `checksums`:
 * `herald plan`, `herald changelog` and `herald notes` on real repositories.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

const CONFIG = `lines:
  - name: proxy
    tagPrefix: v
    version: { file: packages/proxy/pyproject.toml }
    packages: [packages/core/pyproject.toml, packages/agent/pyproject.toml]
    checksums: { from: dist/*.sha256 }
`
const HASH_A = 'a'.repeat(64)
const HASH_B = '0123456789abcdef'.repeat(4)

const repos: TestRepo[] = []
afterEach(() => {
  for (const r of repos.splice(0)) r.remove()
})

const pyproject = (name: string, version: string) =>
  `[project]\nname = "acme-${name}"\nversion = "${version}"\n`

function versions(core: string, agent: string, proxy: string): Record<string, string> {
  return {
    'packages/core/pyproject.toml': pyproject('core', core),
    'packages/agent/pyproject.toml': pyproject('agent', agent),
    'packages/proxy/pyproject.toml': pyproject('proxy', proxy),
  }
}

/** Three packages at 0.1.0, released as v0.1.0, then a feature that moves them on. */
function monorepo(config = CONFIG): TestRepo {
  const r = createRepo()
  repos.push(r)
  r.commit('chore: import', { ...versions('0.1.0', '0.1.0', '0.1.0'), 'herald.config.yaml': config })
  r.tag('v0.1.0')
  r.commit('feat(proxy): stream responses', { 'packages/proxy/src/stream.py': 'stream\n' })
  r.commit('fix(core): close idle sockets', { 'packages/core/src/net.py': 'net\n' })
  return r
}

const plan = (r: TestRepo, ...args: string[]) => runCli(['plan', '--json', ...args], { cwd: r.dir })

describe('a line whose version is a package file’s', () => {
  it('plans the version the file says at HEAD, listing the commits since the last tag', async () => {
    const r = monorepo()
    r.commit('chore: release the proxy', versions('0.1.1', '0.2.0', '0.2.0'))
    const run = await plan(r)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.json()).toMatchObject({
      from: { tag: 'v0.1.0' },
      to: { tag: 'v0.2.0', version: '0.2.0' },
      reason: 'version-file',
      refusal: null,
    })
    expect(run.json().commits.map((c: { subject: string }) => c.subject)).toEqual([
      'close idle sockets',
      'stream responses',
    ])
    const text = await runCli(['plan'], { cwd: r.dir })
    expect(text.stdout).toContain('  why      the version in packages/proxy/pyproject.toml')
  })

  it('refuses a release whose version is already tagged, saying which file to bump', async () => {
    const r = monorepo()
    r.commit('chore: release the proxy', versions('0.1.0', '0.1.0', '0.2.0'))
    r.tag('v0.2.0')
    // Only core moves on: the proxy's file still says 0.2.0.
    r.commit('fix(core): retry DNS', versions('0.1.1', '0.1.0', '0.2.0'))
    const run = await plan(r)
    expect(run.code).toBe(1)
    expect(run.json().refusal).toEqual({
      code: 'tag-exists',
      message:
        'packages/proxy/pyproject.toml says 0.2.0, and tag v0.2.0 already exists: bump packages/proxy/pyproject.toml first',
    })
  })

  it('refuses a version below the last release, a bump or another version asked for', async () => {
    const r = monorepo()
    r.commit('chore: oops', versions('0.1.0', '0.1.0', '0.0.9'))
    const lower = await plan(r)
    expect(lower.code).toBe(1)
    expect(lower.json().refusal.message).toBe(
      'packages/proxy/pyproject.toml says 0.0.9, and that is not above the last release v0.1.0: bump packages/proxy/pyproject.toml first',
    )
    const bump = await plan(r, '--bump', 'major')
    expect(bump.code).toBe(2)
    expect(bump.stderr).toContain(
      'line "proxy" releases the version in packages/proxy/pyproject.toml: write the version (or pre-release) you want there instead of asking for a bump',
    )
    const version = await plan(r, '--version', '1.0.0')
    expect(version.code).toBe(2)
    expect(version.stderr).toContain(
      'line "proxy" releases the version in packages/proxy/pyproject.toml (0.0.9), not 1.0.0: bump packages/proxy/pyproject.toml instead',
    )
  })

  it('refuses a missing or unreadable version file, naming it', async () => {
    const r = monorepo(CONFIG.replace('packages/proxy/pyproject.toml', 'packages/gone/pyproject.toml'))
    const missing = await plan(r)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(
      /packages\/gone\/pyproject\.toml is not in commit [0-9a-f]{12}: fix the path in the line's config, or commit the file/,
    )
    const s = monorepo()
    s.commit('chore: break it', {
      'packages/proxy/pyproject.toml': '[project]\nname = "p"\nversion = "soon"\n',
    })
    const bad = await plan(s)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(
      'packages/proxy/pyproject.toml: version "soon" is not a semantic version like 1.2.3: fix the file',
    )
  })

  it('reads package.json and Cargo.toml version files', async () => {
    for (const [file, text] of [
      ['web/package.json', '{\n  "name": "@acme/web",\n  "version": "3.1.0"\n}\n'],
      ['crates/proxy/Cargo.toml', '[package]\nname = "proxy"\nversion = "3.1.0"\n'],
    ] as const) {
      const r = createRepo()
      repos.push(r)
      const config = `lines:\n  - name: one\n    tagPrefix: v\n    version: { file: ${file} }\n`
      r.commit('feat: start', { [file]: text, 'herald.config.yaml': config })
      const run = await plan(r)
      expect(run.code, run.stderr).toBe(0)
      expect(run.json().to).toMatchObject({ tag: 'v3.1.0' })
    }
  })

  it('rejects a version file Herald cannot read, at config load', async () => {
    const r = createRepo()
    repos.push(r)
    r.commit('feat: start', {
      'herald.config.yaml': 'lines:\n  - name: one\n    tagPrefix: v\n    version: { file: ../setup.cfg }\n',
    })
    const run = await plan(r)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('expected a path inside the repository')
    expect(run.stderr).toContain('expected a package file: pyproject.toml, package.json, Cargo.toml')
  })
})

describe('the changelog header names the packages when their versions differ', () => {
  it('appends (core 0.1.1, agent 0.2.0, proxy 0.2.0)', async () => {
    const r = monorepo()
    r.commit('chore: release the proxy', versions('0.1.1', '0.2.0', '0.2.0'))
    const run = await runCli(['changelog', '--date', '2026-04-18'], { cwd: r.dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('## 0.2.0 (2026-04-18) (core 0.1.1, agent 0.2.0, proxy 0.2.0)\n')
  })

  it('leaves the parenthesis out when every package is at the tag’s version', async () => {
    const r = monorepo()
    r.commit('chore: release everything', versions('0.2.0', '0.2.0', '0.2.0'))
    const run = await runCli(['changelog', '--date', '2026-04-18'], { cwd: r.dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('## 0.2.0 (2026-04-18)\n')
    expect(run.stdout).not.toContain('(core')
  })
})

describe('herald notes lists the build’s checksums', () => {
  function built(files: Record<string, string>): TestRepo {
    const r = monorepo()
    r.commit('chore: release the proxy', versions('0.1.1', '0.2.0', '0.2.0'))
    mkdirSync(join(r.dir, 'dist'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(r.dir, 'dist', name), text)
    return r
  }

  it('a bullet per binary, sorted by name, from every *.sha256 file', async () => {
    const r = built({
      'proxy-linux-amd64.sha256': `${HASH_B}  proxy-linux-amd64\n`,
      'agent.sha256': `${HASH_A} *agent-darwin-arm64\n`,
      'notes.txt': 'not a checksum file\n',
    })
    const run = await runCli(['notes'], { cwd: r.dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('**Packages:** core 0.1.1, agent 0.2.0, proxy 0.2.0')
    expect(run.stdout).toContain(
      `### Checksums\n\n- \`agent-darwin-arm64\` — \`sha256:${HASH_A}\`\n- \`proxy-linux-amd64\` — \`sha256:${HASH_B}\``,
    )
  })

  it('refuses a malformed checksum file, naming it and the line', async () => {
    const r = built({ 'proxy.sha256': `${HASH_B}  proxy\nd41d8cd98f00b204  short-md5\n` })
    const run = await runCli(['notes'], { cwd: r.dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'herald notes: dist/proxy.sha256: checksums line 2 is not "<sha256 hex>  <file name>"\n',
    )
  })

  it('refuses two different sums for one binary, and a binary the glob matched', async () => {
    const twice = built({
      'a.sha256': `${HASH_A}  proxy\n`,
      'b.sha256': `${HASH_B}  proxy\n`,
    })
    const run = await runCli(['notes'], { cwd: twice.dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'herald notes: dist/a.sha256 and dist/b.sha256 list proxy with different sha256 sums: delete the checksum files of older builds, rebuild, then release\n',
    )
    const binary = built({ 'huge.sha256': 'x'.repeat(1024 * 1024 + 1) })
    const big = await runCli(['notes'], { cwd: binary.dir })
    expect(big.stderr).toBe(
      'herald notes: dist/huge.sha256 is over 1 MiB, not a checksum file: make checksums.from match only the *.sha256 files\n',
    )
  })

  it('says two binaries collide once their folders are stripped, suggesting unique names', async () => {
    const r = built({
      'linux.sha256': `${HASH_A}  linux/proxy\n`,
      'darwin.sha256': `${HASH_B}  darwin/proxy\n`,
    })
    const run = await runCli(['notes'], { cwd: r.dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'herald notes: dist/darwin.sha256 lists darwin/proxy and dist/linux.sha256 lists linux/proxy: both are listed as proxy in the Release (folders are stripped) and their sha256 sums differ: give different binaries unique file names (e.g. proxy-linux-amd64), or, if they are one binary, delete the checksum files of older builds, rebuild, then release\n',
    )
  })

  it('never reads a checksum file that links out of the checkout', async () => {
    const secret = createRepo()
    repos.push(secret)
    writeFileSync(join(secret.dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n')
    const r = built({ 'proxy.sha256': `${HASH_B}  proxy\n` })
    symlinkSync(join(secret.dir, 'passwd'), join(r.dir, 'dist', 'x.sha256'))
    const run = await runCli(['notes'], { cwd: r.dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^herald notes: dist\/x\.sha256 leads outside \S+ \(a symbolic link\): Herald reads checksum files only inside the checkout; write the file there instead of linking to it\n$/,
    )
    expect(run.stderr).not.toContain('root:')
    // A link inside the checkout is read as the file it points at.
    rmSync(join(r.dir, 'dist', 'x.sha256'))
    symlinkSync(join(r.dir, 'dist', 'proxy.sha256'), join(r.dir, 'dist', 'y.sha256'))
    const inside = await runCli(['notes'], { cwd: r.dir })
    expect(inside.code, inside.stderr).toBe(0)
    expect(inside.stdout).toContain(`- \`proxy\` — \`sha256:${HASH_B}\``)
  })

  it('lists checksums only for the commit the checkout is at, naming both commits', async () => {
    const r = built({ 'proxy.sha256': `${HASH_B}  proxy\n` })
    const released = r.sha('HEAD')
    r.commit('docs: after the release', { 'README.md': 'later\n' })
    const run = await runCli(['notes', '--at', released], { cwd: r.dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `which is at commit ${r.sha('HEAD').slice(0, 12)}, not at ${released.slice(0, 12)}, the commit this release tags: check ${released.slice(0, 12)} out there and build it, then release`,
    )
    r.checkout(released)
    const there = await runCli(['notes', '--at', released], { cwd: r.dir })
    expect(there.code, there.stderr).toBe(0)
    expect(there.stdout).toContain(`- \`proxy\` — \`sha256:${HASH_B}\``)
  })

  it('refuses when the build wrote no checksum file', async () => {
    const r = monorepo()
    r.commit('chore: release the proxy', versions('0.1.1', '0.2.0', '0.2.0'))
    const run = await runCli(['notes'], { cwd: r.dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^herald notes: checksums\.from dist\/\*\.sha256 matches no file in \S+: run the build first \(Herald reads the checksum files from the directory it runs in\)\n$/,
    )
  })
})

describe('a PEP 440 line whose version is a package file’s', () => {
  const PEP440 = CONFIG.replace('    tagPrefix: v\n', '    tagPrefix: v\n    scheme: pep440\n')

  it('releases the file’s pre-release, and the plan and the changelog header agree on it', async () => {
    const r = monorepo(PEP440)
    // The proxy's file writes it as PEP 440 allows; Herald reads it in normal form, `0.2.0rc1`.
    r.commit('chore: release candidate', versions('0.1.1', '0.2.0rc1', '0.2.0-rc1'))
    const run = await plan(r)
    expect(run.code, run.stderr).toBe(0)
    expect(run.json()).toMatchObject({
      from: { tag: 'v0.1.0' },
      to: { tag: 'v0.2.0rc1', version: '0.2.0rc1' },
      reason: 'version-file',
      scheme: 'pep440',
    })
    const changelog = await runCli(['changelog', '--date', '2026-04-18'], { cwd: r.dir })
    expect(changelog.code, changelog.stderr).toBe(0)
    expect(changelog.stdout).toContain(
      '## 0.2.0rc1 (2026-04-18) (core 0.1.1, agent 0.2.0rc1, proxy 0.2.0rc1)\n',
    )
    // Tagged, the final is the next file version: it counts from the last final release.
    r.tag('v0.2.0rc1')
    r.commit('chore: release', versions('0.1.1', '0.2.0', '0.2.0'))
    expect((await plan(r)).json()).toMatchObject({ from: { tag: 'v0.1.0' }, to: { tag: 'v0.2.0' } })
  })

  it('refuses a local version (`+ubuntu1`), which is no release, naming the scheme', async () => {
    const r = monorepo(PEP440)
    r.commit('chore: oops', versions('0.1.1', '0.2.0', '0.2.0+ubuntu1'))
    const run = await plan(r)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'packages/proxy/pyproject.toml: version "0.2.0+ubuntu1" is not a pep440 version like 1.2.0rc1: fix the file',
    )
  })
})
