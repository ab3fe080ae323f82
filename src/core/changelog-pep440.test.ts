import { describe, expect, it } from 'vitest'
import { type ChangelogRelease, updateChangelog } from './changelog.ts'
import { resolveNotesOptions } from './note-sections.ts'
import { buildNotes } from './release-notes.ts'

const options = resolveNotesOptions()
const release = (version: string, subject: string): ChangelogRelease => ({
  version,
  tag: version,
  date: '2026-04-18',
  compareUrl: null,
  model: buildNotes(
    [
      {
        sha: 'a'.repeat(40),
        subject,
        type: 'fix',
        scope: null,
        breaking: false,
        pr: null,
        bump: 'patch',
        header: `fix: ${subject}`,
        breakingNotes: [],
        author: 'Ann',
      },
    ],
    options,
  ),
  options,
  links: { commit: (sha) => sha, pr: (n) => String(n) },
})

const old =
  '# Changelog\n\n## 26.2.0rc2 (2026-02-10)\n\n### Bug Fixes\n\n- second\n\n## 26.2.0rc1 (2026-02-01)\n\n### Bug Fixes\n\n- first\n'

describe('the changelog of a PEP 440 line', () => {
  it('finds the section of a PEP 440 pre-release already written', () => {
    const again = updateChangelog(old, release('26.2.0rc2', 'x'))
    expect(again.ok ? null : again.error.code).toBe('version_exists')
  })

  it('prepends the next release candidate without taking in the earlier ones', () => {
    const next = updateChangelog(old, release('26.2.0rc3', 'third'))
    if (!next.ok) throw new Error(next.error.message)
    expect(next.value.consolidated).toEqual([])
    expect(next.value.text).toMatch(
      /^# Changelog\n\n## 26\.2\.0rc3 \(2026-04-18\)\n[\s\S]*- third[\s\S]*## 26\.2\.0rc2/,
    )
  })

  it('the final release takes in its release candidates', () => {
    const final = updateChangelog(old, release('26.2.0', 'last'))
    if (!final.ok) throw new Error(final.error.message)
    expect(final.value.consolidated).toEqual(['26.2.0-rc2', '26.2.0-rc1'])
  })
})
