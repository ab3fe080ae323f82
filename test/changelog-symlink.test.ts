/**
 * `herald changelog --write` never writes, or reads, through a symlink a
 * contributor committed: not a symlinked folder on the way to the changelog,
 * not a symlinked CHANGELOG.md.
 */
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

let repo: TestRepo
let outside: string

afterEach(() => {
  repo?.remove()
  rmSync(outside, { recursive: true, force: true })
})

/** A repository with a release to write, and a folder outside it holding a private file. */
function setUp(config: string): void {
  outside = mkdtempSync(join(tmpdir(), 'herald-outside-'))
  writeFileSync(join(outside, 'private.txt'), 'PRIVATE KEY MATERIAL\n')
  repo = createRepo()
  repo.commit('chore: init')
  repo.tag('v1.0.0')
  writeFileSync(join(repo.dir, 'herald.config.yaml'), config)
}

describe('herald changelog --write and committed symlinks', () => {
  it('refuses a changelog in a symlinked folder and writes nothing outside the repository', async () => {
    setUp(['lines:', '  - name: app', '    tagPrefix: v', '    changelog: docs/CHANGELOG.md', ''].join('\n'))
    symlinkSync(outside, join(repo.dir, 'docs'))
    repo.git('add', 'docs', 'herald.config.yaml')
    repo.commit('feat: add widgets', [])

    const run = await runCli(['changelog', '--write'], { cwd: repo.dir })

    expect(run.code).toBe(2)
    expect(run.stderr).toContain('changelog path docs/CHANGELOG.md goes through the symlink docs')
    expect(readdirSync(outside)).toEqual(['private.txt'])
  })

  it('refuses a symlinked CHANGELOG.md: the outside file is neither read nor replaced', async () => {
    setUp(['lines:', '  - name: app', '    tagPrefix: v', ''].join('\n'))
    symlinkSync(join(outside, 'private.txt'), join(repo.dir, 'CHANGELOG.md'))
    repo.git('add', 'CHANGELOG.md', 'herald.config.yaml')
    repo.commit('feat: add widgets', [])

    for (const args of [['changelog', '--write'], ['changelog']]) {
      const run = await runCli(args, { cwd: repo.dir })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('changelog path CHANGELOG.md is a symlink')
      expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY MATERIAL')
    }
    expect(lstatSync(join(repo.dir, 'CHANGELOG.md')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(outside, 'private.txt'), 'utf8')).toBe('PRIVATE KEY MATERIAL\n')
  })

  it('still writes a plain changelog inside the repository', async () => {
    setUp(['lines:', '  - name: app', '    tagPrefix: v', '    changelog: docs/CHANGELOG.md', ''].join('\n'))
    repo.commit('feat: add widgets', { 'docs/README.md': 'docs\n' })

    const run = await runCli(['changelog', '--write', '--date', '2026-04-18'], { cwd: repo.dir })

    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(readFileSync(join(repo.dir, 'docs/CHANGELOG.md'), 'utf8')).toContain('add widgets')
  })
})
