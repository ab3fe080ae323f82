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
        'Features group 1 "A": unknown entry pr:9999',
        'Features group 2: empty title',
        'Features group 2: a group needs 2 or more entries, or standalone: true',
        'Features group 2: entry pr:8008 is already in another group',
      ],
    })
  })
})
