import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCommitMessage } from './commit-message.ts'

describe('parseCommitMessage', () => {
  it.each([
    ['feat: add x', { type: 'feat', scope: null, subject: 'add x', breaking: false, pr: null }],
    ['feat(cli): add compare command', { type: 'feat', scope: 'cli', subject: 'add compare command' }],
    ['Fix(API)!: drop v1', { type: 'fix', scope: 'API', breaking: true, breakingNotes: ['drop v1'] }],
    ['fix: handle SSE timeout (#123)', { subject: 'handle SSE timeout', pr: 123 }],
    ['chore(deps): bump a from 1 to 2 (#9)\n\nSigned-off-by: bot', { type: 'chore', scope: 'deps', pr: 9 }],
    ['Merge pull request #77 from x/feat\n\nfeat: thing', { type: null, merge: true, pr: 77 }],
    ['Update README.md', { type: null, subject: 'Update README.md', breaking: false }],
    ['feat:missing space', { type: null }],
    ['\n\n  feat: leading blank lines', { type: 'feat', subject: 'leading blank lines' }],
    [
      'feat: x\r\n\r\nBREAKING CHANGE: windows endings',
      { breaking: true, breakingNotes: ['windows endings'] },
    ],
  ])('%j', (message, expected) => {
    expect(parseCommitMessage(message)).toMatchObject(expected)
  })

  it('reads breaking notes until the next footer, blank lines included', () => {
    const msg = parseCommitMessage(
      'feat: new config\n\nBody.\n\nBREAKING CHANGE: `herald.yml` is now `herald.config.yaml`.\n\nRename the file.\nReviewed-by: Z\nRefs: #1',
    )
    expect(msg.breakingNotes).toEqual(['`herald.yml` is now `herald.config.yaml`.\n\nRename the file.'])
  })

  it.each([
    ['strict', 'fix: a\n\nBREAKING CHANGE: gone', true],
    ['strict', 'fix: a\n\nbreaking change: gone', false],
    ['strict', 'fix: a\n\n* BREAKING CHANGE: gone', false],
    ['loose', 'fix: a\n\nbreaking change: gone', true],
    ['loose', 'fix: a\n\n* Breaking Changes: gone', true],
    ['loose', 'fix: a\n\nThis is not a breaking change: really', false],
    ['loose', 'fix: a\n\nnon-breaking change only', false],
  ] as const)('%s notes: %j breaking=%s', (mode, message, breaking) => {
    expect(parseCommitMessage(message, mode).breaking).toBe(breaking)
  })

  it('reads Release-As in any case', () => {
    expect(parseCommitMessage('chore: x\n\nrelease-as: 2.0.0').releaseAs).toBe('2.0.0')
    expect(parseCommitMessage('chore: x\n\nRelease-As: v3.1.0\n').releaseAs).toBe('v3.1.0')
    expect(parseCommitMessage('chore: mention release-as: in prose').releaseAs).toBeNull()
  })

  it('recognises reverts in both forms', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567'
    expect(parseCommitMessage(`Revert "feat: x" (#12)\n\nThis reverts commit ${sha}.`)).toMatchObject({
      type: 'revert',
      revert: { header: 'feat: x', sha },
      pr: 12,
    })
    expect(parseCommitMessage('revert: feat: x\n\nThis reverts commit abc1234.')).toMatchObject({
      type: 'revert',
      revert: { sha: 'abc1234' },
    })
  })

  it('strips control characters from what it returns', () => {
    const msg = parseCommitMessage('feat: a\u0007b\u001b[31m\n\nBREAKING CHANGE: x\u0000y')
    expect(msg.subject).toBe('ab[31m')
    expect(msg.breakingNotes).toEqual(['xy'])
  })

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const msg = parseCommitMessage(text, 'loose')
        expect(typeof msg.header).toBe('string')
        parseCommitMessage(text, 'strict')
      }),
      { numRuns: 2000 },
    )
  })

  it('never throws on conventional-looking text', () => {
    const header = fc.tuple(
      fc.constantFrom('feat', 'fix', 'chore', 'Revert "', 'Merge pull request #1', ''),
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', '!', '(x)', '(x)!', '('),
      fc.constantFrom(': ', ':', ''),
      fc.string({ maxLength: 40 }),
    )
    const footer = fc.constantFrom(
      '',
      'BREAKING CHANGE:',
      'breaking-change: ',
      'Release-As: ',
      'This reverts commit ',
      '* ',
    )
    fc.assert(
      fc.property(
        header,
        fc.array(fc.tuple(footer, fc.string({ maxLength: 30 })), { maxLength: 6 }),
        (h, lines) => {
          parseCommitMessage(`${h.join('')}\n\n${lines.map((l) => l.join('')).join('\n')}`, 'loose')
        },
      ),
      { numRuns: 2000 },
    )
  })
})
