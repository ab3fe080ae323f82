import { describe, expect, it } from 'vitest'
import { resolveNotesOptions } from './note-sections.ts'
import { renderSwarmNotes } from './notes-swarm.ts'
import {
  buildNotes,
  migrationFromPrBody,
  type NoteInput,
  type NoteLinks,
  renderNotesBody,
  renderReleaseNotes,
} from './release-notes.ts'

let n = 0
function change(o: Partial<NoteInput>): NoteInput {
  n++
  const sha = (o.sha ?? `${n}`.padStart(7, '0')).padEnd(40, '0')
  const subject = o.subject ?? `change ${n}`
  return {
    subject,
    type: 'feat',
    scope: null,
    breaking: false,
    pr: null,
    bump: 'minor',
    header: `${o.type ?? 'feat'}: ${subject}`,
    breakingNotes: [],
    author: 'Ann',
    ...o,
    sha,
  }
}
const links: NoteLinks = {
  commit: (sha) => `https://github.com/o/r/commit/${sha}`,
  pr: (pr) => `https://github.com/o/r/pull/${pr}`,
}
const sectionsOf = (changes: NoteInput[], options = {}) =>
  buildNotes(changes, options).sections.map((s) => [s.id, s.entries.map((e) => e.subject)])

describe('sections', () => {
  it.each([
    ['feat', undefined, 'features'],
    ['fix', undefined, 'fixes'],
    ['perf', undefined, 'performance'],
    ['docs', undefined, 'docs'],
    ['chore', undefined, 'maintenance'],
    ['ci', undefined, 'maintenance'],
    ['revert', undefined, 'other'],
    [null, undefined, 'other'],
    // Labels win over the commit type (a person chose them after the commit was written).
    ['feat', ['bug'], 'fixes'],
    ['chore', ['enhancement'], 'features'],
    ['fix', ['Documentation'], 'docs'],
    ['fix', ['breaking-change'], 'breaking'],
    // A label no section knows: the type decides.
    ['perf', ['needs-review'], 'performance'],
  ] as const)('type %s with labels %j goes to %s', (type, labels, id) => {
    const notes = buildNotes([change({ type, labels: labels ? [...labels] : undefined })])
    expect(notes.sections.map((s) => s.id)).toEqual([id])
  })

  it('prints sections in the configured order, breaking first, whatever the commit order', () => {
    const changes = [
      change({ type: 'docs', subject: 'd' }),
      change({ type: 'fix', subject: 'f' }),
      change({ type: 'feat', subject: 'b', breaking: true }),
      change({ type: 'feat', subject: 'a' }),
      change({ type: 'chore', subject: 'c' }),
      change({ type: null, subject: 'o' }),
      change({ type: 'perf', subject: 'p' }),
    ]
    expect(sectionsOf(changes)).toEqual([
      ['breaking', ['b']],
      ['features', ['a']],
      ['fixes', ['f']],
      ['performance', ['p']],
      ['docs', ['d']],
      ['maintenance', ['c']],
      ['other', ['o']],
    ])
  })

  it('follows configured sections and titles, adding the Other catch-all', () => {
    const options = {
      sections: [
        { id: 'fixes', title: 'Fixed', types: ['fix'], labels: [] },
        { id: 'features', title: 'Added', types: ['feat'], labels: [] },
      ],
    }
    const notes = buildNotes(
      [change({ type: 'feat' }), change({ type: 'fix' }), change({ type: 'chore' })],
      options,
    )
    expect(notes.sections.map((s) => s.title)).toEqual(['Fixed', 'Added', 'Other Changes'])
  })

  it.each([
    [{ labels: ['dependencies'] }, 'label "dependencies"'],
    [{ labels: ['Ignore-For-Release'] }, 'label "Ignore-For-Release"'],
    [{ author: 'dependabot[bot]' }, 'author "dependabot[bot]"'],
    [{ author: 'Some Name', authorLogin: 'github-actions[bot]' }, 'author "github-actions[bot]"'],
  ])('leaves out %j by default', (o, reason) => {
    const notes = buildNotes([change(o)])
    expect(notes.sections).toEqual([])
    expect(notes.excluded.map((e) => e.reason)).toEqual([reason])
  })

  it('does not read [bot] in an author pattern as a character class', () => {
    expect(buildNotes([change({ author: 'dependabotb' })]).excluded).toEqual([])
  })

  it('leaves out configured types and wildcard authors', () => {
    const notes = buildNotes(
      [
        change({ type: 'chore' }),
        change({ author: 'release-bot' }),
        change({ type: 'feat', subject: 'kept' }),
      ],
      { exclude: { labels: [], types: ['chore'], authors: ['*-bot'] } },
    )
    expect(notes.sections.flatMap((s) => s.entries.map((e) => e.subject))).toEqual(['kept'])
    expect(notes.excluded.map((e) => e.reason)).toEqual(['type "chore"', 'author "*-bot"'])
  })

  it('judges the same authors afresh under another exclusion list', () => {
    const changes = [change({ author: 'release-bot' }), change({ author: 'Ada', authorLogin: 'ada-bot' })]
    const reasons = (authors: string[]) =>
      buildNotes(changes, { exclude: { labels: [], types: [], authors } }).excluded.map((e) => e.reason)
    expect(reasons(['*-bot'])).toEqual(['author "*-bot"', 'author "*-bot"'])
    expect(reasons(['ada-*'])).toEqual(['author "ada-*"'])
    expect(reasons([])).toEqual([])
    expect(reasons(['RELEASE-BOT'])).toEqual(['author "RELEASE-BOT"'])
  })

  it('lists a pull request merged as several commits once, and skips merge commits', () => {
    const notes = buildNotes([
      change({ pr: 7, subject: 'newest wording' }),
      change({ pr: 7, subject: 'older wording' }),
      change({
        type: null,
        header: 'Merge pull request #7 from a/b',
        subject: 'Merge pull request #7 from a/b',
      }),
    ])
    expect(notes.sections.flatMap((s) => s.entries.map((e) => e.subject))).toEqual(['newest wording'])
  })
})

describe('default template', () => {
  it('renders scopes, PR and commit links, and the migration under a breaking change', () => {
    const text = renderReleaseNotes(
      [
        change({
          sha: 'abcdef1',
          type: 'feat',
          scope: 'cli',
          subject: 'drop python 3.10',
          breaking: true,
          pr: 12,
          breakingNotes: ['Install Python 3.11 or later.'],
        }),
        change({ sha: '1234567', type: 'fix', subject: 'handle SSE timeout', pr: 13 }),
      ],
      links,
    )
    expect(text).toBe(
      [
        '### ⚠️ Breaking Changes',
        '',
        '- **cli:** drop python 3.10 ([#12](https://github.com/o/r/pull/12), [abcdef1](https://github.com/o/r/commit/abcdef1000000000000000000000000000000000))',
        '  Install Python 3.11 or later.',
        '',
        '### 🐛 Bug Fixes',
        '',
        '- handle SSE timeout ([#13](https://github.com/o/r/pull/13), [1234567](https://github.com/o/r/commit/1234567000000000000000000000000000000000))',
        '',
      ].join('\n'),
    )
  })

  it('prints references without links when the forge has no web address, and hides scopes when asked', () => {
    const text = renderReleaseNotes(
      [change({ sha: 'abcdef1', scope: 'api', subject: 'x', pr: 3 })],
      undefined,
      {
        scopes: false,
      },
    )
    expect(text).toBe('### 🚀 Features\n\n- x (#3, abcdef1)\n')
  })

  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['see [docs](https://evil.example)', 'see \\[docs\\](https://evil.example)'],
    ['keep `code` and *emphasis*', 'keep `code` and *emphasis*'],
    ['back\\slash', 'back\\\\slash'],
  ])('escapes subject %j so it cannot become HTML or a link', (subject, shown) => {
    expect(renderReleaseNotes([change({ sha: 'abcdef1', subject })])).toBe(
      `### 🚀 Features\n\n- ${shown} (abcdef1)\n`,
    )
  })

  it('takes the migration from the PR body over the footer, and does not repeat the subject', () => {
    const body = [
      '## Summary',
      'Drops it.',
      '## Migration',
      '<!-- say what users do -->',
      'Run `herald migrate <dir>` once.',
      '```sh',
      'herald migrate <dir>',
      '```',
      '### Details',
      'still migration',
      '## Testing',
      'none',
    ].join('\n')
    const notes = buildNotes([
      change({ breaking: true, subject: 'a', breakingNotes: ['footer text'], prBody: body }),
      change({ breaking: true, subject: 'b', breakingNotes: ['b'] }),
    ])
    expect(notes.sections[0]!.entries.map((e) => e.migration)).toEqual([
      'Run `herald migrate <dir>` once.\n```sh\nherald migrate <dir>\n```\n### Details\nstill migration',
      null,
    ])
  })

  it.each([
    ['## Migration guide\nDo X.\n', 'Do X.'],
    ['# Migrating\n\nDo &lt;Y&gt; <b>now</b>\n', 'Do &lt;Y&gt; &lt;b&gt;now&lt;/b&gt;'],
    ['## Summary\nNo migration heading here.', null],
    ['```\n## Migration\n```\n', null],
    ['## Migration\n\n## Next', null],
  ])('reads the migration section of %j', (body, expected) => {
    expect(migrationFromPrBody(body)).toBe(expected)
  })

  it('heads diverged package versions and lists asset checksums', () => {
    const model = buildNotes([change({ sha: 'abcdef1', subject: 'x' })])
    const text = renderNotesBody(model, resolveNotesOptions(), {
      version: '0.2.0',
      packages: [
        { name: 'core', version: '0.1.1' },
        { name: 'agent', version: '0.2.0' },
        { name: 'proxy', version: '0.2.0' },
      ],
      assets: [
        { name: 'lumen-argus-x86_64-unknown-linux-gnu', sha256: 'b'.repeat(64) },
        { name: 'lumen-argus-aarch64-apple-darwin', sha256: 'a'.repeat(64) },
      ],
      compareUrl: 'https://github.com/o/r/compare/v0.1.0...v0.2.0',
    })
    expect(text).toBe(
      [
        '**Packages:** core 0.1.1, agent 0.2.0, proxy 0.2.0',
        '',
        '### 🚀 Features',
        '',
        '- x (abcdef1)',
        '',
        '### Checksums',
        '',
        `- \`lumen-argus-aarch64-apple-darwin\` — \`sha256:${'a'.repeat(64)}\``,
        `- \`lumen-argus-x86_64-unknown-linux-gnu\` — \`sha256:${'b'.repeat(64)}\``,
        '',
        '**Full diff:** https://github.com/o/r/compare/v0.1.0...v0.2.0',
        '',
      ].join('\n'),
    )
  })

  it('does not head the versions when every package is at the release version', () => {
    const model = buildNotes([change({ sha: 'abcdef1', subject: 'x' })])
    const text = renderNotesBody(model, resolveNotesOptions(), {
      version: '0.2.0',
      packages: [{ name: 'core', version: '0.2.0' }],
    })
    expect(text).toBe('### 🚀 Features\n\n- x (abcdef1)\n')
  })
})

describe('swarm template', () => {
  it('renders the swarm template from the changes, thanking first-time and external contributors', () => {
    const changes = [
      change({ sha: 'aaaaaaa', type: 'feat', scope: 'api', subject: 'streaming responses', pr: 1 }),
      change({
        sha: 'bbbbbbb',
        type: 'feat',
        subject: 'dark mode',
        pr: 2,
        authorLogin: 'zoe',
        firstContribution: true,
      }),
      change({
        sha: 'ccccccc',
        type: 'feat',
        subject: 'remove v1 endpoints',
        pr: 3,
        breaking: true,
        breakingNotes: ['Call /v2 instead.'],
      }),
      change({
        sha: 'ddddddd',
        type: 'fix',
        subject: 'crash on empty input',
        pr: 4,
        authorLogin: 'max',
        external: true,
      }),
      change({ sha: 'eeeeeee', type: 'docs', subject: 'typo', pr: 5, authorLogin: 'max', external: true }),
    ]
    const options = resolveNotesOptions({ template: 'swarm' })
    const text = renderSwarmNotes(buildNotes(changes, options), options, {
      tag: 'v0.12.0',
      theme: 'Streams',
      compareUrl: 'https://github.com/o/r/compare/v0.11.0...v0.12.0',
      knownIssues: ['Windows builds are slow'],
    })
    expect(text).toBe(
      [
        '# v0.12.0 — Streams',
        '',
        '## Highlights',
        '',
        '- **api:** streaming responses',
        '- dark mode',
        '',
        '## Breaking changes',
        '',
        '- remove v1 endpoints (#3, ccccccc) — **migration:** Call /v2 instead.',
        '',
        '## Features',
        '',
        '- **api:** streaming responses (#1, aaaaaaa)',
        '- dark mode (#2, bbbbbbb)',
        '',
        '## Bug fixes',
        '',
        '- crash on empty input (#4, ddddddd)',
        '',
        '## Other changes',
        '',
        '- typo (#5, eeeeeee)',
        '',
        '## Upgrade guide',
        '',
        '1. remove v1 endpoints — Call /v2 instead.',
        '',
        'Full diff: https://github.com/o/r/compare/v0.11.0...v0.12.0.',
        '',
        '## Thanks',
        '',
        '- @zoe (first contribution) — #2',
        '- @max — #4, #5',
        '',
        '## Known issues',
        '',
        '- Windows builds are slow',
        '',
      ].join('\n'),
    )
  })

  it('leaves out the parts it has nothing for', () => {
    const options = resolveNotesOptions({ template: 'swarm' })
    const text = renderSwarmNotes(
      buildNotes([change({ sha: 'fffffff', type: 'fix', subject: 'x' })], options),
      options,
    )
    expect(text).toBe('## Bug fixes\n\n- x (fffffff)\n')
  })
})
