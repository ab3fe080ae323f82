import { describe, expect, it } from 'vitest'
import { renderSection } from './changelog.ts'
import type { ChangelogCategory } from './changelog-consolidate.ts'
import { applyGrouping, type GroupingProposal } from './changelog-grouping.ts'

const features: ChangelogCategory = {
  key: 'features',
  title: 'Features',
  items: [
    { key: 'pr:8008', text: '* Add Fair Share row models (#8008)' },
    { key: 'pr:8030', text: '* Implement Fair Share repository (#8030)' },
    { key: 'pr:7938', text: '* Introduce StorageTarget abstraction (#7938)' },
    { key: 'pr:7000', text: '* Standalone item (#7000)' },
  ],
}

describe('grouping proposals', () => {
  it('applies a valid proposal; entries no group takes go under Other {Category}', () => {
    const proposal: GroupingProposal = {
      categories: [
        {
          title: 'Features',
          groups: [
            {
              title: 'Fair Share Scheduler',
              description: 'Implemented a Fair Share scheduling system.',
              keys: ['pr:8008', 'pr:8030'],
            },
            {
              title: 'Storage',
              description: 'Introduced StorageTarget.',
              keys: ['pr:7938'],
              standalone: true,
            },
          ],
        },
      ],
    }
    const applied = applyGrouping([features], proposal)
    if (!applied.ok) throw new Error(applied.error.join('\n'))
    expect(renderSection('## 26.2.0 (2026-04-18)', applied.value, 2)).toBe(
      [
        '## 26.2.0 (2026-04-18)',
        '',
        '### Features',
        '',
        '#### Fair Share Scheduler',
        '',
        'Implemented a Fair Share scheduling system.',
        '',
        '* Add Fair Share row models (#8008)',
        '* Implement Fair Share repository (#8030)',
        '',
        '#### Storage',
        '',
        'Introduced StorageTarget.',
        '',
        '* Introduce StorageTarget abstraction (#7938)',
        '',
        '#### Other Features',
        '',
        '* Standalone item (#7000)',
        '',
      ].join('\n'),
    )
  })

  it('lists every problem of a proposal that does not hold', () => {
    const proposal: GroupingProposal = {
      categories: [
        {
          title: 'Features',
          groups: [
            { title: 'A', description: '', keys: ['pr:8008', 'pr:9999'] },
            { title: '', description: '', keys: ['pr:8008'] },
          ],
        },
        { title: 'Chores', groups: [] },
      ],
    }
    expect(applyGrouping([features], proposal)).toEqual({
      ok: false,
      error: [
        'unknown category "Chores"',
        'Features group 1 "A": needs a description of one or two sentences',
        'Features group 1 "A": unknown entry pr:9999',
        'Features group 2: empty title',
        'Features group 2: needs a description of one or two sentences',
        'Features group 2: a group needs 2 or more entries, or standalone: true',
        'Features group 2: entry pr:8008 is already in another group',
      ],
    })
  })

  const pair = ['pr:8008', 'pr:8030']
  it.each([
    ['a link', 'See https://evil.example.com', 'the title has a link'],
    ['a bare domain', 'Visit evil.example', 'the title has a link'],
    ['a mention', 'Hello @everyone', 'the title has a mention'],
    ['a heading', '# Pwned', 'the title has markup ("#"): use plain words'],
    ['a markdown link', '[click](x)', 'the title has markup ("["): use plain words'],
    ['HTML', '<img src=x>', 'the title has markup ("<"): use plain words'],
    ['a line break', 'Fair\n## Share', 'the title has control, invisible or line-break characters'],
    ['a zero-width space', 'Fair\u200BShare', 'the title has control, invisible or line-break characters'],
    ['too many characters', 'Fair Share '.repeat(9), 'the title is longer than 80 characters'],
    ['the Other name', 'Other Features', '"Other …" is reserved for the entries no group takes'],
  ])('rejects a title with %s', (_what, title, problem) => {
    const applied = applyGrouping([features], {
      categories: [{ title: 'Features', groups: [{ title, description: 'Did it.', keys: pair }] }],
    })
    expect(applied.ok ? [] : applied.error.map((e) => e.replace(/^.*?: /, ''))).toEqual([problem])
  })

  it.each([
    ['three sentences', 'Added models. Added a repository. Added an API.', 'has more than two sentences'],
    ['inline code', 'Introduced `StorageTarget`.', 'has markup ("`"): use plain words'],
    ['a mass mention', 'Shipped it for <!channel>.', 'has markup ("<"): use plain words'],
    ['too many characters', 'Added it. '.repeat(40).trim(), 'is longer than 300 characters'],
  ])('rejects a description with %s', (_what, description, problem) => {
    const applied = applyGrouping([features], {
      categories: [{ title: 'Features', groups: [{ title: 'Fair Share', description, keys: pair }] }],
    })
    expect(applied.ok ? [] : applied.error).toEqual([
      `Features group 1 "Fair Share": the description ${problem}`,
    ])
  })

  it('with everyEntry, an entry or category the proposal leaves out is a problem, not an Other', () => {
    const improvements: ChangelogCategory = {
      key: 'improvements',
      title: 'Improvements',
      items: [{ key: 'pr:1', text: '* One (#1)' }],
    }
    const proposal: GroupingProposal = {
      categories: [
        {
          title: 'Features',
          groups: [{ title: 'Fair Share Scheduler', description: 'Shipped it.', keys: pair }],
          other: ['pr:7938', 'pr:8030', 'pr:4242'],
        },
      ],
    }
    expect(applyGrouping([features, improvements], proposal, { everyEntry: true })).toEqual({
      ok: false,
      error: [
        'Features other: entry pr:8030 is already in a group',
        'Features other: unknown entry pr:4242',
        'Features: entry pr:7000 is missing: put it in a group or in other',
        'Improvements: missing (1 entries): name every category',
      ],
    })
    const complete = applyGrouping(
      [features, improvements],
      {
        categories: [
          { ...proposal.categories[0]!, other: ['pr:7938', 'pr:7000'] },
          { title: 'Improvements', groups: [], other: ['pr:1'] },
        ],
      },
      { everyEntry: true },
    )
    if (!complete.ok) throw new Error(complete.error.join('\n'))
    expect(
      complete.value.map((c) => [c.groups?.map((g) => g.items.length), c.items.map((i) => i.key)]),
    ).toEqual([
      [[2], ['pr:7938', 'pr:7000']],
      [undefined, ['pr:1']],
    ])
  })
})
