/** `herald notes` and `herald changelog` on real temporary git repositories. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { historyRepo } from './helpers/history-repo.ts'

const repos: TestRepo[] = []
afterEach(() => {
  for (const r of repos.splice(0)) r.remove()
})

function repo(commits: (string | { tag: string })[]): string {
  const r = historyRepo(commits)
  repos.push(r)
  return r.dir
}

async function herald(args: string[], cwd: string) {
  let out = ''
  let err = ''
  const code = await main(args, {
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    env: {},
    cwd,
    interactive: false,
  })
  return { code, out, err }
}

const history = [
  'chore: init',
  { tag: 'v1.0.0' },
  'feat(api): add widgets (#12)',
  'fix: stop <script> injection in titles (#13)',
  'feat!: drop the v1 API (#14)\n\nBREAKING CHANGE: call /v2 instead.',
  'chore(deps): bump lodash (#15)',
]

describe('herald notes', () => {
  it('prints the next release notes with links from the origin remote', async () => {
    const dir = repo(history)
    const r = await herald(['notes'], dir)
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      '### ⚠️ Breaking Changes\n\n- drop the v1 API ([#14](https://github.com/acme/widget/pull/14), [',
    )
    expect(r.out).toContain('  call /v2 instead.')
    expect(r.out).toContain('- **api:** add widgets ([#12](https://github.com/acme/widget/pull/12)')
    expect(r.out).toContain('- stop &lt;script&gt; injection in titles (')
    expect(r.out).toContain('**Full diff:** https://github.com/acme/widget/compare/v1.0.0...v2.0.0')
  })

  it('prints JSON with the sections, and the swarm template on request', async () => {
    const dir = repo(history)
    const r = await herald(['notes', '--json', '--template', 'swarm'], dir)
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.out)
    expect(doc.to.tag).toBe('v2.0.0')
    expect(doc.template).toBe('swarm')
    expect(doc.sections.map((s: { id: string }) => s.id)).toEqual([
      'breaking',
      'features',
      'fixes',
      'maintenance',
    ])
    expect(doc.markdown.split('\n')[0]).toBe('# v2.0.0')
    expect(doc.markdown).toContain('## Upgrade guide\n\n1. drop the v1 API — call /v2 instead.')
  })

  it('follows the line config: sections, exclusions', async () => {
    const dir = repo(history)
    writeFileSync(
      join(dir, 'herald.config.yaml'),
      [
        'lines:',
        '  - name: v',
        '    tagPrefix: v',
        '    notes:',
        '      sections:',
        '        - { id: fixes, title: Fixed, types: [fix] }',
        '        - { id: features, title: Added, types: [feat] }',
        '      exclude: { types: [chore] }',
        '      scopes: false',
      ].join('\n'),
    )
    const r = await herald(['notes', '--json'], dir)
    const doc = JSON.parse(r.out)
    expect(doc.sections.map((s: { title: string }) => s.title)).toEqual(['Fixed', 'Added'])
    expect(doc.excluded.map((e: { reason: string }) => e.reason)).toEqual(['type "chore"'])
    expect(doc.markdown).toContain('- add widgets (')
  })

  it('reports a bad notes config with its path', async () => {
    const dir = repo(history)
    writeFileSync(
      join(dir, 'herald.config.yaml'),
      'lines:\n  - name: v\n    tagPrefix: v\n    notes:\n      template: fancy\n',
    )
    const r = await herald(['notes'], dir)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/lines\[0\]\.notes\.template: .*"default".*"swarm"/)
  })

  it('lists checksums and diverged versions, and refuses a malformed checksums file', async () => {
    const dir = repo(history)
    writeFileSync(
      join(dir, 'checksums.txt'),
      `${'a'.repeat(64)}  tool-linux\n${'b'.repeat(64)} *tool-darwin\n`,
    )
    const r = await herald(
      ['notes', '--checksums', 'checksums.txt', '--package', 'core=1.4.0', '--package', 'cli=2.0.0'],
      dir,
    )
    expect(r.code).toBe(0)
    expect(r.out.split('\n')[0]).toBe('**Packages:** core 1.4.0, cli 2.0.0')
    expect(r.out).toContain(
      `### Checksums\n\n- \`tool-darwin\` — \`sha256:${'b'.repeat(64)}\`\n- \`tool-linux\``,
    )
    writeFileSync(join(dir, 'bad.txt'), 'not a checksum\n')
    const bad = await herald(['notes', '--checksums', 'bad.txt'], dir)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('checksums line 1 is not "<sha256 hex>  <file name>"')
    expect(bad.err).not.toContain('not a checksum"')
  })

  it('says no (exit 1) when there is nothing to release', async () => {
    const dir = repo(['chore: init', { tag: 'v1.0.0' }, 'docs: typo'])
    const r = await herald(['notes'], dir)
    expect(r.code).toBe(1)
    expect(r.err).toContain('nothing to release')
  })
})

describe('herald changelog', () => {
  it('prints the section, then writes it atomically, then refuses the same version', async () => {
    const dir = repo(history)
    const old =
      '# Changelog\n\n## [1.0.0](https://github.com/acme/widget/releases/tag/v1.0.0) (2026-01-01)\n\n* first\n\nTrailing words.\n'
    writeFileSync(join(dir, 'CHANGELOG.md'), old)
    const printed = await herald(['changelog', '--date', '2026-04-19'], dir)
    expect(printed.code).toBe(0)
    expect(printed.out.split('\n')[0]).toBe(
      '## [2.0.0](https://github.com/acme/widget/compare/v1.0.0...v2.0.0) (2026-04-19)',
    )
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toBe(old)

    const written = await herald(['changelog', '--write', '--date', '2026-04-19'], dir)
    expect(written.code).toBe(0)
    expect(written.out).toBe('wrote CHANGELOG.md: section for 2.0.0 (release-please style)\n')
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toBe(
      `# Changelog\n\n${printed.out}\n${old.slice('# Changelog\n\n'.length)}`,
    )
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])

    const again = await herald(['changelog', '--write'], dir)
    expect(again.code).toBe(1)
    expect(again.err).toContain('the changelog already has a section for 2.0.0')
  })

  it('consolidates the release candidates into the final release', async () => {
    const dir = repo([
      'chore: init',
      { tag: 'v1.0.0' },
      'feat: one (#1)',
      { tag: 'v1.1.0-rc.1' },
      'fix: two (#2)',
      { tag: 'v1.1.0-rc.2' },
      'fix: three (#3)',
    ])
    const at = (tag: string, date: string) => [
      'changelog',
      '--write',
      '--at',
      tag,
      '--prerelease',
      'rc',
      '--date',
      date,
    ]
    expect((await herald(at('v1.1.0-rc.1', '2026-04-01'), dir)).code).toBe(0)
    expect((await herald(at('v1.1.0-rc.2', '2026-04-02'), dir)).code).toBe(0)
    const rcs = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
    expect(rcs.match(/^## .*$/gm)).toEqual([
      '## [1.1.0-rc.2](https://github.com/acme/widget/compare/v1.1.0-rc.1...v1.1.0-rc.2) (2026-04-02)',
      '## [1.1.0-rc.1](https://github.com/acme/widget/compare/v1.0.0...v1.1.0-rc.1) (2026-04-01)',
    ])
    const final = await herald(['changelog', '--write', '--json', '--date', '2026-04-03'], dir)
    expect(final.code).toBe(0)
    expect(JSON.parse(final.out).consolidated).toEqual(['1.1.0-rc.2', '1.1.0-rc.1'])
    const text = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
    expect(text.match(/^## .*$/gm)).toEqual([
      '## [1.1.0](https://github.com/acme/widget/compare/v1.0.0...v1.1.0) (2026-04-03)',
    ])
    expect(text.match(/^\* .*?\(/gm)).toEqual(['* one (', '* three (', '* two ('])
  })

  it('refuses a changelog path outside the repository and a bad date', async () => {
    const dir = repo(history)
    const outside = await herald(['changelog', '--file', '../elsewhere.md'], dir)
    expect(outside.code).toBe(2)
    expect(outside.err).toContain('changelog path ../elsewhere.md is outside the repository')
    const date = await herald(['changelog', '--date', '2026-02-30'], dir)
    expect(date.code).toBe(2)
    expect(date.err).toContain('expected a date like 2026-04-18')
  })
})
