import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../ports/store.ts'
import { filterAudit, PAGE_SIZE, pageOf, parseAuditQuery, tagOfEntry } from './audit-query.ts'

const LINES = [
  { name: 'core', tagPrefix: 'v' },
  { name: 'cli', tagPrefix: 'cli-v' },
]

const entry = (at: string, userId: string, action: string, detail: string, name?: string): AuditEntry => ({
  at,
  actor: { platform: 'slack', userId, name },
  subject: 'release:abcdef',
  action,
  outcome: 'done',
  from: null,
  to: action,
  detail,
})

const LOG: AuditEntry[] = [
  entry('2026-03-01T10:00:00.000Z', 'U1', 'planned', 'v1.1.0 at abc123', 'ada'),
  entry('2026-03-01T11:00:00.000Z', 'U2', 'confirmed', 'v1.1.0: confirmed', 'bob'),
  entry('2026-03-02T09:00:00.000Z', 'U1', 'drafted', 'cli-v2.0.0: rev 1', 'ada'),
  entry('2026-03-03T23:30:00.000Z', 'U3', 'approved', 'cli-v2.0.0: rev 1', 'carol'),
]

describe('parseAuditQuery', () => {
  it.each([
    ['', { page: 1 }],
    [
      'line=cli&action=approved&actor=ada&from=2026-03-01&to=2026-03-02&page=2',
      {
        line: 'cli',
        action: 'approved',
        actor: 'ada',
        from: '2026-03-01',
        to: '2026-03-02',
        page: 2,
      },
    ],
    ['line=&actor=%20%20', { page: 1 }],
  ])('%s', (query, expected) => {
    const parsed = parseAuditQuery(new URLSearchParams(query), LINES)
    expect(parsed).toEqual({
      ok: true,
      value: {
        line: undefined,
        action: undefined,
        actor: undefined,
        from: undefined,
        to: undefined,
        ...expected,
      },
    })
  })

  it.each([
    ['line=web', 'Unknown line "web": choose one of core, cli.'],
    [
      'action=%3Cscript%3E',
      'The action filter takes letters, digits, spaces and . _ @ - (up to 64): "<script>".',
    ],
    ['from=yesterday', 'The from date must look like 2025-01-31: "yesterday".'],
    ['to=2026-13-45', 'The to date must look like 2025-01-31: "2026-13-45".'],
    ['page=0', 'The page must be a number from 1: "0".'],
    ['page=two', 'The page must be a number from 1: "two".'],
  ])('refuses %s', (query, message) => {
    expect(parseAuditQuery(new URLSearchParams(query), LINES)).toEqual({ ok: false, error: message })
  })
})

describe('filterAudit', () => {
  it.each([
    [{ page: 1 }, ['approved', 'drafted', 'confirmed', 'planned']],
    [{ page: 1, line: 'core' }, ['confirmed', 'planned']],
    [{ page: 1, line: 'cli' }, ['approved', 'drafted']],
    [{ page: 1, action: 'drafted' }, ['drafted']],
    [{ page: 1, actor: 'U1' }, ['drafted', 'planned']],
    [{ page: 1, actor: 'CAR' }, ['approved']],
    [{ page: 1, from: '2026-03-02' }, ['approved', 'drafted']],
    [{ page: 1, to: '2026-03-01' }, ['confirmed', 'planned']],
    [{ page: 1, from: '2026-03-03', to: '2026-03-03' }, ['approved']],
    [{ page: 1, line: 'core', actor: 'U2' }, ['confirmed']],
  ])('%j keeps %j, newest first', (query, actions) => {
    expect(filterAudit(LOG, query, LINES).map((e) => e.action)).toEqual(actions)
  })
})

describe('pageOf', () => {
  const many = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) =>
    entry(`2026-03-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`, 'U1', `a${i}`, 'v1.0.0'),
  )
  it.each([
    [1, PAGE_SIZE, 'a0', 3],
    [3, 3, `a${PAGE_SIZE * 2}`, 3],
    [9, 3, `a${PAGE_SIZE * 2}`, 3],
  ])('page %d has %d entries starting at %s of %d pages', (page, size, first, pages) => {
    const shown = pageOf(many, page)
    expect([shown.entries.length, shown.entries[0]?.action, shown.pages, shown.total]).toEqual([
      size,
      first,
      pages,
      many.length,
    ])
  })
  it('an empty log is one empty page', () => {
    expect(pageOf([], 1)).toEqual({ entries: [], page: 1, pages: 1, total: 0 })
  })
})

describe('tagOfEntry', () => {
  it.each([
    ['cli-v2.0.0: rev 1', 'cli-v2.0.0'],
    // A combined announcement: the first of its tags.
    ['v1.1.0,cli-v2.0.0: rev 1', 'v1.1.0'],
    ['v1.1.0 at abc123', null],
    ['nightly: rev 1', null],
  ])('reads %j as about %j', (detail, tag) => {
    expect(tagOfEntry(entry('2026-03-01T10:00:00.000Z', 'U1', 'drafted', detail), LINES)).toBe(tag)
  })
})
