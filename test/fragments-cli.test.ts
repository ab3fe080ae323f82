/**
 * towncrier fragments on real temporary git repositories: `herald notes`,
 * `herald changelog` and `herald plan` read `changes/` at the release's
 * commit; a fragment is listed once, by the first release that has it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

const repos: TestRepo[] = []
afterEach(() => {
  for (const r of repos.splice(0)) r.remove()
})

const CONFIG = `lines:
  - name: main
    tagPrefix: v
    branch: main
    changelog: CHANGELOG.md
    fragments: { dir: changes, types: [feature, fix, breaking, deprecation, doc, misc] }
`

function fragmentRepo(): TestRepo {
  const repo = createRepo({ epoch: Date.parse('2026-07-01T10:00:00Z') / 1000 })
  repos.push(repo)
  repo.git('remote', 'add', 'origin', 'git@github.com:acme/widget.git')
  repo.commit('chore: init', {
    'herald.config.yaml': CONFIG,
    'CHANGELOG.md': '# Changelog\n',
    'changes/.gitignore': '!.gitignore\n',
  })
  repo.tag('v1.0.0')
  return repo
}

const cli = (repo: TestRepo, ...args: string[]) => runCli(args, { cwd: repo.dir })

/** `herald changelog --write`, committed and tagged as a tag-mode cut would leave it. */
async function release(repo: TestRepo, tag: string, ...args: string[]) {
  const r = await cli(repo, 'changelog', '--write', '--date', '2026-07-02', ...args)
  expect(r.code, r.stderr).toBe(0)
  repo.commit(`docs: changelog for ${tag}`, [])
  repo.git('add', 'CHANGELOG.md')
  repo.git('commit', '-q', '--amend', '--no-edit')
  repo.tag(tag)
}

describe('fragments: notes and CHANGELOG from changes/', () => {
  it('consumes each fragment once: rc1 lists a and b, rc2 c only, the final a, b and c', async () => {
    const repo = fragmentRepo()
    repo.commit('feat: resizing', {
      'changes/12.feature.md': 'Widgets can be *resized*.\n\nDrag a corner, or pass `--size`.\n',
      'changes/13.fix.md': 'Titles no longer render <b>HTML</b>.\n',
    })
    const notes = await cli(repo, 'notes', '--prerelease', 'rc')
    expect(notes.code, notes.stderr).toBe(0)
    expect(notes.stdout).toBe(
      [
        '### Features',
        '',
        '- Widgets can be *resized*. ([#12](https://github.com/acme/widget/pull/12))',
        '',
        '  Drag a corner, or pass `--size`.',
        '',
        '### Bugfixes',
        '',
        '- Titles no longer render &lt;b&gt;HTML&lt;/b&gt;. ([#13](https://github.com/acme/widget/pull/13))',
        '',
        '**Full diff:** https://github.com/acme/widget/compare/v1.0.0...v1.1.0-rc.1',
        '',
      ].join('\n'),
    )
    await release(repo, 'v1.1.0-rc.1', '--prerelease', 'rc')

    repo.commit('fix: c', { 'changes/14.fix.md': 'Saving works offline.\n' })
    const rc2 = await cli(repo, 'changelog', '--prerelease', 'rc', '--date', '2026-07-03')
    expect(rc2.code, rc2.stderr).toBe(0)
    expect(rc2.stdout).toContain('Saving works offline. ([#14]')
    expect(rc2.stdout).not.toContain('#12')
    expect(rc2.stdout).not.toContain('#13')
    await release(repo, 'v1.1.0-rc.2', '--prerelease', 'rc')

    const finalNotes = await cli(repo, 'notes', '--json')
    const entries = finalNotes.json().sections.flatMap((s: { entries: { fragment: string }[] }) => s.entries)
    expect(entries.map((e: { fragment: string }) => e.fragment)).toEqual([
      '12.feature.md',
      '13.fix.md',
      '14.fix.md',
    ])
    await release(repo, 'v1.1.0')
    const changelog = readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8')
    expect(changelog).not.toContain('1.1.0-rc')
    const section = changelog.slice(changelog.indexOf('## [1.1.0]'))
    expect(section.match(/#12\]/g)).toHaveLength(1)
    expect(section.match(/#13\]/g)).toHaveLength(1)
    expect(section.match(/#14\]/g)).toHaveLength(1)
    expect(section.indexOf('### Features')).toBeLessThan(section.indexOf('### Bugfixes'))

    // The files stay in a tag-mode line's tree, but were released: the next release lists only what is new.
    repo.commit('docs: guide', { 'changes/+guide.doc.md': 'A new getting-started guide.\n' })
    const next = await cli(repo, 'notes')
    expect(next.stdout).toBe(
      '### Improved Documentation\n\n- A new getting-started guide.\n\n**Full diff:** https://github.com/acme/widget/compare/v1.1.0...v1.1.1\n',
    )
  })

  it('lists a new fragment that reuses the file name of one a tag line released and then removed', async () => {
    const repo = fragmentRepo()
    repo.commit('Fix a', { 'changes/13.fix.md': 'Old entry.\n', 'changes/14.fix.md': 'Kept.\n' })
    repo.tag('v1.0.1')
    // The follow-up commit after the tag removes the released fragments; the tagged commit keeps them.
    repo.git('rm', '-q', 'changes/13.fix.md', 'changes/14.fix.md')
    repo.git('commit', '-q', '-m', 'chore(main): release 1.0.1: consume fragments')
    repo.commit('Fix b', { 'changes/13.fix.md': 'A new entry for the same issue.\n' })
    repo.commit('Fix c', { 'changes/14.fix.md': 'Kept.\n' })

    const notes = await cli(repo, 'notes')
    expect(notes.code, notes.stderr).toBe(0)
    expect(notes.stdout).toBe(
      '### Bugfixes\n\n- A new entry for the same issue. ([#13](https://github.com/acme/widget/pull/13))\n\n**Full diff:** https://github.com/acme/widget/compare/v1.0.1...v1.0.2\n',
    )
    expect((await cli(repo, 'plan', '--json')).json()).toMatchObject({
      to: { version: '1.0.2' },
      bump: 'patch',
    })
  })

  it('lets fragment types decide the bump when no commit is conventional', async () => {
    const repo = fragmentRepo()
    repo.commit('Fix the docs', { 'changes/20.fix.md': 'Typo.\n' })
    expect((await cli(repo, 'plan', '--json')).json()).toMatchObject({
      to: { version: '1.0.1' },
      bump: 'patch',
    })
    repo.commit('Resize things', { 'changes/21.feature.md': 'Resizing.\n' })
    expect((await cli(repo, 'plan', '--json')).json()).toMatchObject({
      to: { version: '1.1.0' },
      bump: 'minor',
    })
    repo.commit('Drop v1', { 'changes/22.breaking.md': 'The v1 API is gone.\n' })
    expect((await cli(repo, 'plan', '--json')).json()).toMatchObject({
      to: { version: '2.0.0' },
      bump: 'major',
    })
  })

  it('still lets the commits decide when they are conventional', async () => {
    const repo = fragmentRepo()
    repo.commit('fix: a typo', { 'changes/30.feature.md': 'Resizing.\n' })
    expect((await cli(repo, 'plan', '--json')).json()).toMatchObject({
      to: { version: '1.0.1' },
      bump: 'patch',
    })
  })

  it('names a file that is not a fragment instead of failing', async () => {
    const repo = fragmentRepo()
    repo.commit('feat: x', {
      'changes/40.feat.md': 'Unknown type.\n',
      'changes/41.feature.2.md': 'Second fragment of #41.\n',
      'changes/41.feature.md': 'First fragment of #41.\n',
    })
    const r = await cli(repo, 'notes')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(
      'herald notes: changes/40.feat.md: not a fragment name: expected <issue>.<type>.md with a type among feature, fix, breaking, deprecation, doc, misc',
    )
    expect(r.stdout).toContain('- First fragment of #41. ([#41]')
    expect(r.stdout).toContain('- Second fragment of #41. ([#41]')
    expect(r.stdout).not.toContain('Unknown type')
  })
})
