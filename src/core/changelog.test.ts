import { describe, expect, it } from 'vitest'
import { type ChangelogRelease, formatDate, updateChangelog } from './changelog.ts'
import { detectStyle, findVersionSections } from './changelog-document.ts'
import { resolveNotesOptions } from './note-sections.ts'
import { buildNotes, type NoteInput } from './release-notes.ts'

function change(
  sha: string,
  type: string,
  subject: string,
  pr: number | null = null,
  breaking = false,
): NoteInput {
  return {
    sha: sha.padEnd(40, '0'),
    subject,
    type,
    scope: null,
    breaking,
    pr,
    bump: 'patch',
    header: `${type}: ${subject}`,
    breakingNotes: [],
    author: 'Ann',
  }
}

const options = resolveNotesOptions()
const links = {
  commit: (sha: string) => `https://github.com/o/r/commit/${sha.slice(0, 7)}`,
  pr: (pr: number) => `https://github.com/o/r/pull/${pr}`,
}
function release(
  version: string,
  changes: NoteInput[],
  extra: Partial<ChangelogRelease> = {},
): ChangelogRelease {
  return {
    version,
    tag: `v${version}`,
    date: '2026-04-18',
    compareUrl: `https://github.com/o/r/compare/v0.0.0...v${version}`,
    model: buildNotes(changes, options),
    options,
    links,
    ...extra,
  }
}
function update(text: string, r: ChangelogRelease) {
  const result = updateChangelog(text, r)
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('prepending a section', () => {
  it('starts a new file with a title and the release-please heading', () => {
    const out = update('', release('1.0.0', [change('aaaaaaa', 'feat', 'first', 1)]))
    expect(out.text).toBe(
      [
        '# Changelog',
        '',
        '## [1.0.0](https://github.com/o/r/compare/v0.0.0...v1.0.0) (2026-04-18)',
        '',
        '### 🚀 Features',
        '',
        '* first ([#1](https://github.com/o/r/pull/1), [aaaaaaa](https://github.com/o/r/commit/aaaaaaa))',
        '',
      ].join('\n'),
    )
  })

  it('keeps a release-please file byte for byte, with its titles and bullets', () => {
    const old = [
      '# Changelog',
      '',
      '## [1.1.0](https://github.com/o/r/compare/v1.0.0...v1.1.0) (2026-01-02)',
      '',
      '',
      '### Features',
      '',
      '* **api:** old thing ([#5](https://github.com/o/r/issues/5)) ([1111111](https://github.com/o/r/commit/1111111))',
      '',
      '### Bug Fixes',
      '',
      '* old fix ([2222222](https://github.com/o/r/commit/2222222))',
      '',
    ].join('\n')
    const out = update(
      old,
      release('1.2.0', [change('aaaaaaa', 'feat', 'new', 9), change('bbbbbbb', 'fix', 'mend')]),
    )
    expect(out.style).toBe('release-please')
    expect(out.section).toBe(
      [
        '## [1.2.0](https://github.com/o/r/compare/v0.0.0...v1.2.0) (2026-04-18)',
        '',
        '### Features',
        '',
        '* new ([#9](https://github.com/o/r/pull/9), [aaaaaaa](https://github.com/o/r/commit/aaaaaaa))',
        '',
        '### Bug Fixes',
        '',
        '* mend ([bbbbbbb](https://github.com/o/r/commit/bbbbbbb))',
        '',
      ].join('\n'),
    )
    expect(out.text).toBe(`# Changelog\n\n${out.section}\n${old.slice('# Changelog\n\n'.length)}`)
  })

  it('keeps a keep-a-changelog file: after [Unreleased], its titles, with the link definition added', () => {
    const old = [
      '# Changelog',
      'All notable changes to this project will be documented in this file.',
      'The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).',
      '',
      '## [Unreleased]',
      '',
      '## [1.0.0] - 2026-01-01',
      '### Added',
      '- Everything.',
      '',
      '[unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD',
      '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0',
      '',
    ].join('\n')
    const out = update(old, release('1.1.0', [change('aaaaaaa', 'feat', 'more', 2)]))
    expect(out.style).toBe('keep-a-changelog')
    expect(out.text).toBe(
      [
        '# Changelog',
        'All notable changes to this project will be documented in this file.',
        'The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).',
        '',
        '## [Unreleased]',
        '',
        '## [1.1.0] - 2026-04-18',
        '',
        '### Added',
        '',
        '- more ([#2](https://github.com/o/r/pull/2), [aaaaaaa](https://github.com/o/r/commit/aaaaaaa))',
        '',
        '## [1.0.0] - 2026-01-01',
        '### Added',
        '- Everything.',
        '',
        '[unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD',
        '[1.1.0]: https://github.com/o/r/compare/v0.0.0...v1.1.0',
        '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0',
        '',
      ].join('\n'),
    )
  })

  it('keeps a towncrier file: its heading prefix, after the marker', () => {
    const old = [
      '# Backend.AI Changelog',
      '',
      '<!-- towncrier release notes start -->',
      '',
      '## v26.1.0 (2026-01-20)',
      '',
      '### Fixes',
      '* Old ([#1](https://github.com/o/r/issues/1))',
      '',
    ].join('\n')
    const out = update(old, release('26.2.0', [change('aaaaaaa', 'fix', 'new fix', 2)]))
    expect(out.style).toBe('towncrier')
    expect(out.section).toBe(
      '## v26.2.0 (2026-04-18)\n\n### Fixes\n\n* new fix ([#2](https://github.com/o/r/pull/2), [aaaaaaa](https://github.com/o/r/commit/aaaaaaa))\n',
    )
    expect(out.text).toBe(old.replace('## v26.1.0', `${out.section}\n## v26.1.0`))
  })

  it('keeps foreign headings, code blocks and trailing text intact', () => {
    const old = [
      '# Changelog',
      '',
      '> Read me first.',
      '',
      '## 1.0.0 (2026-01-01)',
      '',
      '```md',
      '## 9.9.9 (not a heading: inside a fence)',
      '```',
      '',
      '## Older releases',
      '',
      'See the wiki. Windows line endings? no.',
      '',
      '[wiki]: https://example.com/wiki',
    ].join('\n')
    const out = update(old, release('1.1.0', [change('aaaaaaa', 'fix', 'x')], { compareUrl: null }))
    expect(out.text).toBe(old.replace('## 1.0.0', `${out.section}\n## 1.0.0`))
    expect(findVersionSections(out.text).map((s) => s.version)).toEqual(['1.1.0', '1.0.0'])
  })

  it('keeps Windows line endings', () => {
    const old = '# Changelog\r\n\r\n## 1.0.0 (2026-01-01)\r\n\r\n* a\r\n'
    const out = update(
      old,
      release('1.1.0', [change('aaaaaaa', 'fix', 'x')], { compareUrl: null, links: undefined }),
    )
    expect(out.text).toBe(
      '# Changelog\r\n\r\n## 1.1.0 (2026-04-18)\r\n\r\n### 🐛 Bug Fixes\r\n\r\n* x (aaaaaaa)\r\n\r\n## 1.0.0 (2026-01-01)\r\n\r\n* a\r\n',
    )
  })

  it('names diverged package versions in the heading', () => {
    const r = release('0.2.0', [change('aaaaaaa', 'fix', 'x')], {
      compareUrl: null,
      packages: [
        { name: 'core', version: '0.1.1' },
        { name: 'agent', version: '0.2.0' },
        { name: 'proxy', version: '0.2.0' },
      ],
    })
    expect(update('', r).section.split('\n')[0]).toBe(
      '## 0.2.0 (2026-04-18) (core 0.1.1, agent 0.2.0, proxy 0.2.0)',
    )
  })

  it('refuses a version the file already has', () => {
    const result = updateChangelog('## [1.0.0](x) (2026-01-01)\n', release('1.0.0', []))
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'version_exists',
        message:
          'the changelog already has a section for 1.0.0 ("[1.0.0](x) (2026-01-01)"): remove it first to regenerate it',
      },
    })
  })

  it('dates releases in UTC', () => {
    expect(formatDate(new Date('2026-04-18T23:30:00-05:00'))).toBe('2026-04-19')
  })
})

describe('consolidating pre-releases into the final release', () => {
  const old = [
    '# Changelog',
    '',
    '## 26.2.0rc2 (2026-02-10)',
    '',
    '### Features',
    '',
    '* Fair share row models, with tests ([#8008](https://github.com/o/r/pull/8008))',
    '* Email notifications ([#8100](https://github.com/o/r/pull/8100))',
    '',
    '### Fixes',
    '',
    '* Fix scheduler crash ([#8050](https://github.com/o/r/pull/8050))',
    '',
    '## 26.2.0rc1 (2026-02-01)',
    '',
    'This candidate is for testers only.',
    '',
    '### Features',
    '',
    '* Fair share row models ([#8008](https://github.com/o/r/pull/8008))',
    '* Storage target abstraction ([#7938](https://github.com/o/r/pull/7938))',
    '  with a second line',
    '',
    '### Improvements',
    '',
    '#### Repository pattern',
    '* Consolidate admin repositories ([#7900](https://github.com/o/r/pull/7900))',
    '',
    '## 26.1.0 (2026-01-05)',
    '',
    '### Features',
    '',
    '* Untouched ([#7000](https://github.com/o/r/pull/7000))',
    '',
    '## Older',
    '',
    'Trailing text kept.',
    '',
  ].join('\n')
  const fresh = [
    change('aaaaaaa', 'feat', 'fair share row models (commit wording)', 8008),
    change('bbbbbbb', 'fix', 'fix quota rounding', 8200),
    change('ccccccc', 'feat', 'storage target abstraction', 7938),
  ]

  it('holds new entries plus every pre-release entry, once each, the latest wording winning', () => {
    const out = update(old, release('26.2.0', fresh, { compareUrl: null, links: undefined }))
    expect(out.consolidated).toEqual(['26.2.0-rc2', '26.2.0-rc1'])
    expect(out.text).toBe(
      [
        '# Changelog',
        '',
        '## 26.2.0 (2026-04-18)',
        '',
        '### Features',
        '',
        '* Fair share row models, with tests ([#8008](https://github.com/o/r/pull/8008))',
        '* Email notifications ([#8100](https://github.com/o/r/pull/8100))',
        '* Storage target abstraction ([#7938](https://github.com/o/r/pull/7938))',
        '  with a second line',
        '',
        '### Fixes',
        '',
        '* fix quota rounding (#8200, bbbbbbb)',
        '* Fix scheduler crash ([#8050](https://github.com/o/r/pull/8050))',
        '',
        '### Improvements',
        '',
        '* Consolidate admin repositories ([#7900](https://github.com/o/r/pull/7900))',
        '',
        '## 26.1.0 (2026-01-05)',
        '',
        '### Features',
        '',
        '* Untouched ([#7000](https://github.com/o/r/pull/7000))',
        '',
        '## Older',
        '',
        'Trailing text kept.',
        '',
      ].join('\n'),
    )
    expect(out.duplicates.map((d) => [d.key, d.kept.split(' ([')[0], d.dropped.length])).toEqual([
      ['pr:8008', '* Fair share row models, with tests', 2],
      ['pr:7938', '* Storage target abstraction', 1],
    ])
    expect(out.dropped).toEqual(['This candidate is for testers only.'])
  })

  it('leaves a pre-release flat and its siblings in place', () => {
    const out = update(
      old,
      release('26.2.0-rc.3', [change('ddddddd', 'fix', 'late fix', 8300)], { compareUrl: null }),
    )
    expect(out.consolidated).toEqual([])
    expect(out.text).toBe(old.replace('## 26.2.0rc2', `${out.section}\n## 26.2.0rc2`))
  })

  it('refuses a pre-release written the other way (PEP 440 vs semver) when it exists', () => {
    const result = updateChangelog(old, release('26.2.0-rc.2', []))
    expect(result.ok).toBe(false)
  })

  it('takes in semver pre-releases of several channels, in version order, and none of another version', () => {
    const text = [
      '## [2.0.0-beta.1](u) (2026-01-02)',
      '',
      '### Bug Fixes',
      '',
      '* beta fix ([#3](u))',
      '',
      '## [2.0.0-rc.1](u) (2026-01-03)',
      '',
      '### Bug Fixes',
      '',
      '* rc wording ([#3](u))',
      '',
      '## [1.9.0-rc.1](u) (2025-12-01)',
      '',
      '* other version ([#1](u))',
      '',
    ].join('\n')
    const out = update(text, release('2.0.0', [], { compareUrl: null }))
    expect(out.consolidated).toEqual(['2.0.0-rc.1', '2.0.0-beta.1'])
    expect(out.text).toBe(
      [
        '## 2.0.0 (2026-04-18)',
        '',
        '### Bug Fixes',
        '',
        '* rc wording ([#3](u))',
        '',
        '## [1.9.0-rc.1](u) (2025-12-01)',
        '',
        '* other version ([#1](u))',
        '',
      ].join('\n'),
    )
  })
})

describe('style detection', () => {
  it.each([
    ['', 'release-please', false],
    ['# Changelog\n\n## [1.0.0](https://x) (2026-01-01)\n', 'release-please', true],
    ['# Changelog\n\n### [1.0.1](https://x) (2026-01-01)\n', 'release-please', true],
    ['## [Unreleased]\n', 'keep-a-changelog', false],
    ['## [1.0.0] - 2026-01-01\n', 'keep-a-changelog', true],
    ['## 26.1.0 (2026-01-01)\n', 'towncrier', true],
    ['# X\n<!-- towncrier release notes start -->\n', 'towncrier', false],
  ])('%j is %s', (text, style, detected) => {
    const info = detectStyle(text)
    expect([info.style, info.detected]).toEqual([style, detected])
  })
})
