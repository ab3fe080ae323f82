/**
 * towncrier fragments on a PEP 440 line (the Python package the fragments are
 * made for): its release candidates are read in the line's scheme, so the
 * final release's CHANGELOG section lists each fragment once, as on a SemVer line.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

let repo: TestRepo | undefined
afterEach(() => repo?.remove())

const CONFIG = `lines:
  - name: backend
    tagPrefix: py-
    branch: main
    scheme: pep440
    changelog: CHANGELOG.md
    fragments: { dir: changes, types: [feature, fix, breaking, deprecation, doc, misc] }
`

const cli = (r: TestRepo, ...args: string[]) => runCli(args, { cwd: r.dir })

async function release(r: TestRepo, tag: string, ...args: string[]) {
  const out = await cli(r, 'changelog', '--write', '--date', '2026-07-02', ...args)
  expect(out.code, out.stderr).toBe(0)
  r.git('add', 'CHANGELOG.md')
  r.git('commit', '-q', '-m', `docs: changelog for ${tag}`)
  r.tag(tag)
}

describe('fragments on a PEP 440 line', () => {
  it('rc1 lists 12 and 13, rc2 14 only, the final 26.2.0 each of them once', async () => {
    repo = createRepo({ epoch: Date.parse('2026-07-01T10:00:00Z') / 1000 })
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/widget.git')
    repo.commit('chore: init', {
      'herald.config.yaml': CONFIG,
      'CHANGELOG.md': '# Changelog\n',
      'changes/.gitignore': '!.gitignore\n',
    })
    repo.tag('py-26.1.0')
    repo.commit('feat: resizing', {
      'changes/12.feature.md': 'Widgets can be resized.\n',
      'changes/13.fix.md': 'Titles no longer render HTML.\n',
    })
    await release(repo, 'py-26.2.0rc1', '--prerelease', 'rc')
    repo.commit('fix: c', { 'changes/14.fix.md': 'Saving works offline.\n' })
    const rc2 = await cli(repo, 'changelog', '--prerelease', 'rc', '--date', '2026-07-03')
    expect(rc2.code, rc2.stderr).toBe(0)
    expect(rc2.stdout).toContain('26.2.0rc2')
    expect(rc2.stdout).toContain('Saving works offline.')
    expect(rc2.stdout).not.toContain('#12')
    await release(repo, 'py-26.2.0rc2', '--prerelease', 'rc')
    await release(repo, 'py-26.2.0')
    const changelog = readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8')
    expect(changelog).not.toContain('26.2.0rc')
    const section = changelog.slice(changelog.indexOf('## [26.2.0]'))
    for (const n of [12, 13, 14]) expect(section.match(new RegExp(`#${n}\\]`, 'g'))).toHaveLength(1)
  })
})
