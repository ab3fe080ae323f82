/** The changelog rebuilt from the history of a PEP 440 line and a calendar line (`herald changelog`). */
import { afterEach, describe, expect, it } from 'vitest'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { validate } from '../src/config/load-config.ts'
import { findVersionSections } from '../src/core/changelog-document.ts'
import { buildHistoryChangelog } from '../src/flows/history-changelog.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'

let repo: TestRepo
afterEach(() => repo?.remove())

function lineOf(line: Record<string, unknown>) {
  const loaded = validate({ lines: [{ name: 'l', ...line }] }, 'test')
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'))
  return loaded.config.lines[0]!
}

describe('the changelog of a line with another scheme', () => {
  it('PEP 440: each release gets a section, the final takes in its release candidates', async () => {
    repo = createRepo()
    repo.commit('feat: start')
    repo.tag('26.1.0')
    repo.commit('feat: streaming')
    repo.tag('26.2.0rc1')
    repo.commit('fix: a leak')
    repo.tag('26.2.0rc2')
    repo.commit('fix: another leak')
    repo.tag('26.2.0')
    repo.commit('fix: after')
    repo.tag('26.2.1.dev1')
    const line = lineOf({ tagPrefix: '', scheme: 'pep440', calver: 'YY.MINOR.MICRO' })
    const result = await buildHistoryChangelog(new GitForge(repo.dir), line)
    expect(result.problems).toEqual([])
    expect(result.releases).toBe(5)
    // The section reader spells a pre-release SemVer's way; the headings keep the tags' versions.
    expect(findVersionSections(result.text).map((s) => s.version)).toEqual([
      '26.2.1-dev1',
      '26.2.0',
      '26.1.0',
    ])
    expect(findVersionSections(result.text)[0]!.heading).toContain('26.2.1.dev1')
    expect(result.text).toContain('another leak')
  })

  it('calendar versions with a zero-padded month are ordered by their numbers', async () => {
    repo = createRepo()
    repo.commit('feat: start')
    repo.tag('v2026.04.0')
    repo.commit('feat: more')
    repo.tag('v2026.11.0')
    repo.commit('fix: one')
    repo.tag('v2026.11.1')
    const line = lineOf({ tagPrefix: 'v', scheme: 'calver', calver: 'YYYY.0M.MICRO' })
    const result = await buildHistoryChangelog(new GitForge(repo.dir), line)
    expect(result.problems).toEqual([])
    expect(findVersionSections(result.text).map((s) => s.version)).toEqual([
      '2026.11.1',
      '2026.11.0',
      '2026.04.0',
    ])
  })
})
