import { describe, expect, it } from 'vitest'
import { fragmentBump, fragmentItem, fragmentNotes, fragmentTitle, parseFragmentName } from './fragments.ts'

const TYPES = ['feature', 'fix', 'breaking', 'deprecation', 'doc', 'misc']

describe('fragment names', () => {
  it('reads towncrier names: issue, type, counter, orphan', () => {
    expect(parseFragmentName('123.feature.md', TYPES)).toEqual({
      ok: true,
      issue: '123',
      type: 'feature',
      counter: 0,
    })
    expect(parseFragmentName('123.fix.2.md', TYPES)).toEqual({
      ok: true,
      issue: '123',
      type: 'fix',
      counter: 2,
    })
    expect(parseFragmentName('+tidy.misc.md', TYPES)).toEqual({
      ok: true,
      issue: null,
      type: 'misc',
      counter: 0,
    })
    expect(parseFragmentName('gh.7.doc', TYPES)).toEqual({ ok: true, issue: 'gh.7', type: 'doc', counter: 0 })
  })

  it('refuses unknown types and names without an issue', () => {
    for (const name of ['12.feat.md', 'feature.md', '+.fix.md', '12.fix.md.bak.txt'])
      expect(parseFragmentName(name, TYPES).ok, name).toBe(false)
  })
})

describe('fragment notes', () => {
  it('titles types as towncrier does, in the configured order, issues in order', () => {
    expect(fragmentTitle('fix')).toBe('Bugfixes')
    expect(fragmentTitle('deprecation')).toBe('Deprecations and Removals')
    expect(fragmentTitle('security-fix')).toBe('Security fix')
    const model = fragmentNotes(
      [
        { name: '9.fix.md', issue: '9', type: 'fix', text: 'Nine.' },
        { name: '10.fix.md', issue: '10', type: 'fix', text: 'Ten.' },
        { name: '+x.misc.md', issue: null, type: 'misc', text: 'Orphan.' },
        { name: '3.feature.md', issue: '3', type: 'feature', text: 'Three.' },
      ],
      TYPES,
    )
    expect(model.sections.map((s) => [s.title, s.entries.map((e) => e.subject)])).toEqual([
      ['Features', ['Three.']],
      ['Bugfixes', ['Nine.', 'Ten.']],
      ['Misc', ['Orphan.']],
    ])
  })

  it('prints the first line with its issue link and the rest below, raw HTML escaped', () => {
    const item = fragmentItem(
      { name: '5.fix.md', issue: '5', text: 'No <b>HTML</b>.\n\n```sh\nrun <it>\n```' },
      (n) => `https://x/pull/${n}`,
    )
    expect(item).toBe('- No &lt;b&gt;HTML&lt;/b&gt;. ([#5](https://x/pull/5))\n\n  ```sh\n  run <it>\n  ```')
    expect(fragmentItem({ name: '+a.misc.md', issue: null, text: 'Tidy.' }, undefined, '*')).toBe('* Tidy.')
    expect(fragmentItem({ name: 'JIRA-1.fix.md', issue: 'JIRA-1', text: 'Fixed.' }, undefined)).toBe(
      '- Fixed. (JIRA-1)',
    )
  })

  it('decides a bump from types: breaking → major, feature → minor, else patch', () => {
    expect(fragmentBump([])).toBeNull()
    expect(fragmentBump([{ type: 'doc' }, { type: 'misc' }])).toBe('patch')
    expect(fragmentBump([{ type: 'fix' }, { type: 'feature' }])).toBe('minor')
    expect(fragmentBump([{ type: 'feature' }, { type: 'breaking' }])).toBe('major')
  })
})
