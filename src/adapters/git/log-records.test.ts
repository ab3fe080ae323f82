import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCommitMessage } from '../../core/commit-message.ts'
import type { RawCommit } from '../../core/plan-release.ts'
import { parseRecords } from './log-records.ts'

/** What `git log` prints for one commit in the forge's format (without files). */
function record(sha: string, message: string): string {
  return `\u0000\u001e${sha}\u001fp1 p2\u001fAda Lovelace\u001f1704164645\u001f1704169999\u001f${message}\u001f\n`
}

function parse(messages: string[]): RawCommit[] {
  const data = Buffer.from(messages.map((m, i) => record(String(i).padStart(40, '0'), m)).join(''))
  const into: RawCommit[] = []
  parseRecords(data, data.length, false, into)
  return into
}

const withoutBody = ({ body: _, ...rest }: ReturnType<typeof parseCommitMessage>) => rest

describe('parseRecords', () => {
  it.each([
    ['feat: add x\n\nA long body nobody reads.\n', 'feat: add x'],
    ['feat: add x', 'feat: add x'],
    ['\n\nfix: leading blank lines\nbody', '\n\nfix: leading blank lines'],
    ['fix: windows\r\n\r\nbody\r\n', 'fix: windows\r'],
    ['fix: a\n\nBREAKING CHANGE: gone\n', 'fix: a\nBREAKING CHANGE: gone\n'],
    ['fix: a\n\n* breaking changes: gone', 'fix: a\n* breaking changes: gone'],
    ['chore: release\n\nRelease-As: 2.0.0', 'chore: release\nRelease-As: 2.0.0'],
    ['Revert "feat: x"\n\nThis reverts commit abcdef1.', 'Revert "feat: x"\nThis reverts commit abcdef1.'],
    ['feat: breaking in the header only\n\nbody', 'feat: breaking in the header only'],
    ['chore(deps): bump x\n\n### Breaking changes\n- see release-notes\n', 'chore(deps): bump x'],
    [
      'chore(deps): bump x\n\n### Breaking changes\r\nsee release-notes\r\nBREAKING CHANGE: gone\n',
      'chore(deps): bump x\nBREAKING CHANGE: gone\n',
    ],
    ['feat: ünïcödé 🚀\n\nbödy', 'feat: ünïcödé 🚀'],
    ['feat: a \u001f unit separator\n\nbody \u001f too', 'feat: a \u001f unit separator'],
  ])('keeps of %j: %j', (message, kept) => {
    const [commit] = parse([message])
    expect(commit).toEqual({
      sha: '0'.padStart(40, '0'),
      parents: ['p1', 'p2'],
      author: 'Ada Lovelace',
      time: 1704164645,
      message: kept,
    })
  })

  it('a marker in one record keeps no other record’s body', () => {
    const commits = parse(['feat: a\n\nplain', 'fix: b\n\nBREAKING CHANGE: x', 'fix: c\n\nplain'])
    expect(commits.map((c) => c.message)).toEqual(['feat: a', 'fix: b\nBREAKING CHANGE: x', 'fix: c'])
  })

  it('reads each sha and author as written, along a chain and across changes of author', () => {
    const sha = (c: string) => c.repeat(40)
    const rec = (s: string, parent: string, author: string) =>
      `\u0000\u001e${s}\u001f${parent}\u001f${author}\u001f1704164645\u001f1704164645\u001fm\u001f\n`
    const records = [
      rec(sha('a'), sha('b'), 'Ann'),
      rec(sha('b'), sha('c'), 'Ann'),
      rec(sha('c'), sha('e'), 'Añ'),
      rec(sha('d'), '', 'Bob'),
      rec(sha('e'), `${sha('f')} ${sha('d')}`, 'Bob'),
      rec(sha('f'), sha('0'), 'Bib'),
    ]
    const data = Buffer.from(records.join(''))
    const into: RawCommit[] = []
    parseRecords(data, data.length, false, into)
    expect(into.map((c) => [c.sha[0], c.parents.map((p) => p[0]).join(''), c.author])).toEqual([
      ['a', 'b', 'Ann'],
      ['b', 'c', 'Ann'],
      ['c', 'e', 'Añ'],
      ['d', '', 'Bob'],
      ['e', 'fd', 'Bob'],
      ['f', '0', 'Bib'],
    ])
  })

  it('what is kept parses exactly as the whole message (but for the unread body)', () => {
    const piece = fc.constantFrom(
      'feat: x',
      'fix(api)!: y',
      'Revert "feat: x"',
      'BREAKING CHANGE: z',
      'breaking-change: w',
      '* Breaking Changes: v',
      'Release-As: 1.2.3',
      'This reverts commit 0123456789abcdef.',
      'Refs: #1',
      'plain words',
      '### Breaking Changes',
      'see https://example.com/release-notes',
      'BReAKING CHANGE: evades the hint',
      'RELEASE-AS: 3.0.0',
      '  - breaking change: indented',
      'x\u2028BREAKING CHANGE: after a line separator',
      'this reverts commit 0123456.',
      'ü',
      '',
      '\r',
    )
    const message = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('\n'))
    fc.assert(
      fc.property(message, fc.constantFrom('strict' as const, 'loose' as const), (text, mode) => {
        const [commit] = parse([text])
        expect(withoutBody(parseCommitMessage(commit!.message, mode))).toEqual(
          withoutBody(parseCommitMessage(text, mode)),
        )
      }),
      { numRuns: 2000 },
    )
  })
})
