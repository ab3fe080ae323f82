/**
 * Presets and release-please configs behave like the tools they name: `herald
 * plan` on real temporary repositories, against the versions each tool
 * documents (release-please's strategy tests, semantic-release's commit analyzer).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

let repo: TestRepo
afterEach(() => repo?.remove())

async function plan(...args: string[]) {
  const run = await runCli(['plan', '--repo', repo.dir, '--json', ...args])
  return { ...run, plan: run.stdout ? run.json() : null }
}

/** A one-package release-please config at the root (tags `v1.2.3`), committed. */
function releasePlease(pkg: Record<string, unknown>, manifest?: Record<string, string>): void {
  const files: Record<string, string> = {
    'release-please-config.json': JSON.stringify({
      packages: { '.': { 'include-component-in-tag': false, ...pkg } },
    }),
  }
  if (manifest) files['.release-please-manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`
  repo.commit('chore: configure release-please', files)
}

describe('release-please versioning strategies, read from release-please-config.json', () => {
  it.each([
    // versioning, prerelease-type, last tag, commit, version release-please cuts
    ['prerelease', undefined, 'v1.0.0-beta01', 'fix: a', '1.0.0-beta02'],
    ['prerelease', undefined, 'v1.0.0-beta01', 'feat!: b', '1.0.0-beta02'],
    ['prerelease', undefined, 'v1.1.1-beta01', 'feat: c', '1.2.0-beta01'],
    ['prerelease', undefined, 'v1.1.1-beta01', 'feat!: d', '2.0.0-beta01'],
    ['prerelease', undefined, 'v1.0.0-beta1', 'fix: e', '1.0.0-beta2'],
    ['prerelease', undefined, 'v1.0.0-beta09', 'fix: f', '1.0.0-beta10'],
    ['prerelease', undefined, 'v1.0.0-beta2023.1', 'fix: g', '1.0.0-beta2023.2'],
    ['prerelease', 'beta', 'v1.2.3', 'feat: h', '1.3.0-beta'],
    ['prerelease', undefined, 'v1.2.3', 'feat: i', '1.3.0'],
    ['always-bump-patch', undefined, 'v1.2.3', 'feat!: j', '1.2.4'],
    ['always-bump-minor', undefined, 'v1.2.3', 'fix: k', '1.3.0'],
    ['always-bump-major', undefined, 'v1.2.3', 'fix: l', '2.0.0'],
    ['always-bump-patch', undefined, 'v1.2.3', 'fix: m\n\nRelease-As: 5.0.0', '1.2.4'],
    ['default', undefined, 'v1.2.3', 'feat: n', '1.3.0'],
  ])('%s (prerelease-type %s) after %s with %j cuts %s', async (versioning, type, tag, message, version) => {
    repo = createRepo()
    releasePlease({ versioning, ...(type ? { 'prerelease-type': type } : {}) })
    repo.tag(tag)
    repo.commit('docs: readme')
    repo.commit(message)
    const r = await plan()
    expect(r.code).toBe(0)
    expect(r.plan.to.version).toBe(version)
    expect(r.plan.from.tag).toBe(tag)
    expect(r.plan.rules).toBe(
      `release-please-config.json package . (versioning ${versioning}${type ? `, prerelease-type ${type}` : ''})`,
    )
  })

  it('continues a pre-release series tag after tag, beta9 then beta10', async () => {
    repo = createRepo()
    releasePlease({ versioning: 'prerelease', prerelease: true, 'prerelease-type': 'beta' })
    repo.tag('v2.0.0-beta8')
    repo.commit('fix: one')
    repo.tag('v2.0.0-beta9')
    repo.commit('fix: two')
    repo.tag('v2.0.0-beta10')
    const two = repo.commit('feat: three')
    const r = await plan()
    expect(r.plan.from.tag).toBe('v2.0.0-beta10')
    expect(r.plan.to.version).toBe('2.0.0-beta11')
    expect(r.plan.commits.map((c: { sha: string }) => c.sha)).toEqual([two])
  })

  it('takes the manifest version as the base when the package has no tag', async () => {
    repo = createRepo()
    releasePlease({}, { '.': '2.4.1' })
    repo.commit('feat: new')
    const r = await plan()
    expect(r.plan.from).toBeNull()
    expect(r.plan.to.version).toBe('2.5.0')
  })

  it('refuses an unknown strategy or a bad manifest with what to do', async () => {
    repo = createRepo()
    releasePlease({ versioning: 'calendar' })
    const r = await plan()
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('packages["."].versioning: Herald plans with default, always-bump-patch')
    expect(r.stderr).toContain('(got "calendar")')
    repo.commit('chore: manifest', { '.release-please-manifest.json': '{".": "one"}' })
    writeFileSync(join(repo.dir, 'release-please-config.json'), JSON.stringify({ packages: { '.': {} } }))
    const bad = await plan()
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      '.release-please-manifest.json: ".": expected a version like 1.2.3 (got "one")',
    )
  })
})

describe('semantic-release: a commit and its revert leave the analysis together', () => {
  it.each([
    // preset, commits after v1.0.0 (REVERT reverts the commit before it), version
    ['semantic-release', ['feat: risky', 'REVERT', 'fix: small'], '1.0.1'],
    ['semantic-release', ['feat: risky', 'REVERT'], null],
    ['semantic-release', ['fix: small', 'feat: risky', 'REVERT'], '1.0.1'],
    ['semantic-release', ['feat!: breaking', 'REVERT', 'feat: kept'], '1.1.0'],
    // Herald's own rule: both count, adding a commit never lowers a release.
    [null, ['feat: risky', 'REVERT', 'fix: small'], '1.1.0'],
  ])('%s: %j releases %s', async (preset, messages, version) => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    let last = ''
    for (const m of messages) {
      const header = m === 'REVERT' ? null : m
      last =
        header === null
          ? repo.commit(`Revert "${repo.git('log', '-1', '--format=%s')}"\n\nThis reverts commit ${last}.`)
          : repo.commit(header)
    }
    const config = join(repo.dir, 'herald.config.json')
    writeFileSync(
      config,
      JSON.stringify({ lines: [{ name: 'v', tagPrefix: 'v', ...(preset ? { preset } : {}) }] }),
    )
    const r = await plan('--config', config)
    expect(r.plan.to?.version ?? null).toBe(version)
    expect(r.plan.rules).toBe(preset ? `preset ${preset}` : "Herald's default rules")
  })

  it('keeps a revert whose commit was released before, as a patch', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const feat = repo.commit('feat: shipped')
    repo.tag('v1.1.0')
    repo.commit(`Revert "feat: shipped"\n\nThis reverts commit ${feat}.`)
    const config = join(repo.dir, 'herald.config.json')
    writeFileSync(
      config,
      JSON.stringify({ preset: 'semantic-release', lines: [{ name: 'v', tagPrefix: 'v' }] }),
    )
    expect((await plan('--config', config)).plan.to.version).toBe('1.1.1')
  })
})

describe('a commit marked breaking is never dropped as a release commit', () => {
  it.each([
    ['chore!: release 2.0.0', '2.0.0'],
    ['chore(main)!: release 2.0.0', '2.0.0'],
    ['chore(release): 2.0.0\n\nBREAKING CHANGE: the old API is gone', '2.0.0'],
    ['chore(main): release 1.0.1', null],
    ['chore(release): 1.0.1 [skip ci]', null],
  ])('%j after v1.0.0 releases %s', async (message, version) => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit(message)
    const r = await plan()
    expect(r.plan.to?.version ?? null).toBe(version)
    expect(r.plan.commits).toHaveLength(version ? 1 : 0)
  })
})

describe('herald plan names the rules that decided', () => {
  it('in its text', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('fix: a')
    const r = await runCli(['plan', '--repo', repo.dir])
    expect(r.stdout).toContain("  rules    Herald's default rules\n")
    repo.commit('docs: only', {
      'herald.config.json': JSON.stringify({
        preset: 'semantic-release',
        lines: [{ name: 'v', tagPrefix: 'v' }],
      }),
    })
    repo.tag('v1.0.1')
    repo.commit('docs: more')
    const none = await runCli(['plan', '--repo', repo.dir])
    expect(none.stdout).toBe('')
    expect(none.stderr).toMatch(/^herald plan: nothing to release: .* \(rules: preset semantic-release\)\n$/)
  })
})

describe('a release-please monorepo, drop-in', () => {
  function monorepo(): void {
    repo = createRepo()
    repo.commit('chore: init', {
      'release-please-config.json': JSON.stringify({
        'bump-minor-pre-major': true,
        packages: {
          'packages/server': {},
          'packages/web': { 'tag-separator': '@', 'include-v-in-tag': false },
          'packages/cli': { component: 'tool' },
        },
      }),
      '.release-please-manifest.json': `${JSON.stringify({ 'packages/server': '0.3.0', 'packages/web': '1.4.0', 'packages/cli': '2.0.0' }, null, 2)}\n`,
      'packages/server/package.json': JSON.stringify({ name: '@acme/server-sdk', version: '0.3.0' }),
      'packages/web/package.json': JSON.stringify({ name: 'web-sdk', version: '1.4.0' }),
      'packages/cli/package.json': JSON.stringify({ name: '@acme/cli', version: '2.0.0' }),
    })
    repo.tag('server-sdk-v0.3.0')
    repo.tag('web-sdk@1.4.0')
    repo.tag('tool-v2.0.0')
    repo.commit('feat!: server break', ['packages/server/index.ts'])
    repo.commit('fix: web only', ['packages/web/index.ts'])
    repo.commit('feat: cli thing', ['packages/cli/main.ts'])
  }

  it.each([
    ['server-sdk', 'server-sdk-v0.3.0', 'server-sdk-v0.4.0'],
    ['web-sdk', 'web-sdk@1.4.0', 'web-sdk@1.4.1'],
    ['tool', 'tool-v2.0.0', 'tool-v2.1.0'],
    ['packages/web', 'web-sdk@1.4.0', 'web-sdk@1.4.1'],
    ['./packages/cli/', 'tool-v2.0.0', 'tool-v2.1.0'],
  ])('plans line %s from %s to %s', async (line, from, to) => {
    monorepo()
    const r = await plan('--line', line)
    expect(r.code).toBe(0)
    expect(r.plan.from.tag).toBe(from)
    expect(r.plan.to.tag).toBe(to)
    expect(r.plan.commits).toHaveLength(1)
    expect(r.stderr).toBe('')
  })

  it('says once, naming a few, when many tags match no line (plan and doctor)', async () => {
    monorepo()
    for (const t of ['server-v0.1.0', 'server-v0.2.0', 'web-v1.0.0', 'v0.0.9']) repo.tag(t)
    const r = await plan('--line', 'tool')
    expect(r.code).toBe(0)
    const notes = r.stderr.split('\n').filter((l) => l.includes('match no line'))
    expect(notes).toHaveLength(1)
    expect(notes[0]).toContain('herald plan: note: 4 tags look like releases but match no line (e.g. ')
    expect(notes[0]).toContain('server-v0.2.0')
    const doctor = await runCli(['doctor', '--repo', repo.dir, '--json'], {
      env: { HERALD_STORE: 'memory:' },
    })
    const tags = doctor.json().checks.find((c: { id: string }) => c.id === 'tags')
    expect(tags).toMatchObject({ status: 'note' })
    expect(tags.message).toContain('4 tags look like releases but match no line')
  })
})
