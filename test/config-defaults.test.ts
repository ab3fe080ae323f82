/**
 * What the config leaves out comes from the repository: each line's branch
 * (origin's HEAD, else main, else master, else the current branch) and its
 * announce product and install command (the package manifest, else the
 * repository's name). And every fix-it message that names a config names one
 * that loads.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { webhookPosters } from '../src/adapters/webhook/webhook-posters.ts'
import { checkAuth } from '../src/cli/doctor/local-checks.ts'
import { announcingLines } from '../src/compose/build-adapters.ts'
import { loadConfig, validate } from '../src/config/load-config.ts'
import { authorize } from '../src/core/authorize.ts'
import { factsFromPlan } from '../src/core/voice/facts.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { testLine } from '../src/testing/test-line.ts'

let repo: TestRepo
let origin: TestRepo | undefined
afterEach(() => {
  repo?.remove()
  origin?.remove()
  origin = undefined
})

function load(config?: unknown) {
  if (config !== undefined) writeFileSync(join(repo.dir, 'herald.config.yaml'), JSON.stringify(config))
  const loaded = loadConfig({ repoDir: repo.dir, env: {} })
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
  return loaded.config
}

describe('a line’s default branch', () => {
  it.each([
    ['the only branch, main', 'main', [], 'main'],
    ['master when there is no main', 'master', ['develop'], 'master'],
    ['main over master', 'master', ['main'], 'main'],
    ['the current branch when neither exists', 'trunk', [], 'trunk'],
  ])('%s', (_name, first, others, expected) => {
    repo = createRepo({ branch: first })
    repo.commit('feat: initial')
    for (const b of others) repo.git('branch', b)
    expect(load().lines[0]!.branch).toBe(expected)
  })

  it("origin's HEAD wins, and a configured branch wins over it", () => {
    origin = createRepo({ branch: 'develop' })
    origin.commit('feat: initial')
    repo = createRepo()
    repo.git('clone', '-q', origin.dir, 'clone')
    const clone = join(repo.dir, 'clone')
    execFileSync('git', ['-C', clone, 'branch', 'main'])
    repo = { ...repo, dir: clone }
    expect(load().lines[0]!.branch).toBe('develop')
    expect(load({ lines: [{ name: 'v', tagPrefix: 'v', branch: 'release' }] }).lines[0]!.branch).toBe(
      'release',
    )
  })
})

describe('announce defaults', () => {
  it.each([
    [
      'package.json',
      { 'package.json': '{"name": "@acme/widget"}' },
      '@acme/widget',
      'npm install @acme/widget@{version}',
    ],
    ['a private package.json', { 'package.json': '{"name": "site", "private": true}' }, 'site', undefined],
    [
      'pyproject.toml',
      { 'pyproject.toml': '[build-system]\nname = "no"\n[project]\nname = "widget-py"\n' },
      'widget-py',
      'pip install --upgrade widget-py=={version}',
    ],
    [
      'a pyproject.toml with dotted keys',
      { 'pyproject.toml': 'project.name = "dotted" # the distribution\nproject.version = "1.0"\n' },
      'dotted',
      'pip install --upgrade dotted=={version}',
    ],
    [
      'a Poetry pyproject.toml',
      { 'pyproject.toml': "[tool.poetry]\nname = 'poetic'\n" },
      'poetic',
      'pip install --upgrade poetic=={version}',
    ],
    [
      'a library Cargo.toml',
      { 'Cargo.toml': '[package]\nname = "crab"\n' },
      'crab',
      'cargo add crab@{version}',
    ],
    [
      'a binary Cargo.toml',
      { 'Cargo.toml': '[package]\nname = "crab"\n', 'src/main.rs': 'fn main() {}' },
      'crab',
      'cargo install crab --version {version}',
    ],
    [
      'go.mod',
      { 'go.mod': 'module github.com/acme/gadget\n\ngo 1.22\n' },
      'gadget',
      'go get github.com/acme/gadget@{tag}',
    ],
    ['no manifest: the repository’s name from origin', {}, 'widget', undefined],
  ])('%s', (_name, files, product, action) => {
    repo = createRepo()
    repo.commit('feat: initial', files)
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/widget.git')
    const config = load()
    // A line without `announce` keeps none (release titles stay the tag); announcing uses the defaults.
    expect(config.lines[0]!.announce).toBeUndefined()
    expect(config.defaultAnnounce).toEqual({ v: { kind: 'cli', product, ...(action ? { action } : {}) } })
  })

  it('a line of several is the package at its first path, else named after the line; set keys stay', () => {
    repo = createRepo()
    repo.commit('feat: initial', { 'packages/web/package.json': '{"name": "@acme/web"}' })
    const config = load({
      lines: [
        { name: 'web', tagPrefix: 'web-v', paths: ['packages/web'] },
        { name: 'api', tagPrefix: 'api-v' },
        { name: 'ops', tagPrefix: 'ops-v', announce: { kind: 'platform', product: 'Ops' } },
        { name: 'cli', tagPrefix: 'cli-v', announce: { webhook: { env: 'CLI_HOOK', kind: 'slack' } } },
      ],
    })
    expect(announcingLines(config).map((l) => l.announce)).toEqual([
      { kind: 'cli', product: '@acme/web', action: 'npm install @acme/web@{version}' },
      { kind: 'cli', product: 'api' },
      { kind: 'platform', product: 'Ops' },
      { kind: 'cli', product: 'cli', webhook: { env: 'CLI_HOOK', kind: 'slack' } },
    ])
  })

  it('the action names the release: {version} and {tag} filled in the facts', () => {
    const line = testLine({
      announce: { kind: 'cli', product: 'gadget', action: 'go get x/gadget@{tag} # {version}' },
    })
    const facts = factsFromPlan({
      line,
      tag: 'v1.2.0',
      version: '1.2.0',
      previousVersion: '1.1.0',
      bump: 'minor',
      commits: [],
      repoWebUrl: null,
    })
    expect(facts.ok && facts.facts).toMatchObject({
      action: 'go get x/gadget@v1.2.0 # 1.2.0',
      releaseUrl: null,
    })
  })
})

/** The backticked YAML in a message: `key: {…}`. */
function snippet(message: string): unknown {
  const found = /`([\w.]+: [^`]+)`/.exec(message)
  if (!found) throw new Error(`no config snippet in: ${message}`)
  return parse(found[1]!)
}

describe('fix-it messages name a config that loads', () => {
  const noAnnounce = { ...testLine(), name: 'cli', announce: undefined }
  it.each([
    [
      'chat, no auth rule',
      'top',
      authorize(undefined, { platform: 'slack', userId: 'U0ABC', roles: [], groups: [] }, 'release'),
    ],
    ['doctor, no auth rule', 'top', { message: checkAuth({ lines: [], source: 'x' } as never)[1]!.fix! }],
    [
      'posting without a webhook',
      'line',
      webhookPosters({ lines: [testLine({ name: 'cli' })], env: {} })('cli') as { message: string },
    ],
    [
      'announcing a line without announce settings',
      'line',
      factsFromPlan({
        line: noAnnounce,
        tag: 'v1.0.0',
        version: '1.0.0',
        previousVersion: null,
        bump: 'major',
        commits: [],
        repoWebUrl: null,
      }) as { message: string },
    ],
  ])('%s', (_name, level, result) => {
    const { message } = result as { message: string }
    repo = createRepo()
    repo.commit('feat: initial')
    const line = { name: 'cli', tagPrefix: 'cli-v' }
    const config =
      level === 'top'
        ? { lines: [line], ...(snippet(message) as object) }
        : { lines: [{ ...line, ...(snippet(message) as object) }] }
    expect(() => load(config)).not.toThrow()
  })
})

describe('a key in the wrong case or misspelled', () => {
  it.each([
    [
      { lines: [{ name: 'v', tagprefix: 'v' }] },
      'lines[0]: unknown key "tagprefix" (did you mean tagPrefix?',
    ],
    [
      { lines: [{ name: 'v', tagPrefix: 'v', brnch: 'x' }] },
      'lines[0]: unknown key "brnch" (did you mean branch?',
    ],
    [{ Lines: [{ name: 'v', tagPrefix: 'v' }] }, ': unknown key "Lines" (did you mean lines?'],
    [
      { lines: [{ name: 'v', tagPrefix: 'v', zebra: 1 }] },
      'lines[0]: unknown key "zebra" (check the spelling',
    ],
  ])('%j: one message, with the key meant', (config, expected) => {
    const loaded = validate(config, 'herald.config.yaml')
    expect(loaded.ok).toBe(false)
    if (loaded.ok) return
    expect(loaded.errors.filter((e) => e.includes(expected))).toHaveLength(1)
    // The key meant is not reported missing as well.
    expect(loaded.errors.filter((e) => /tagPrefix: Invalid input/.test(e))).toEqual([])
  })
})
