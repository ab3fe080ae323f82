import { describe, expect, it } from 'vitest'
import {
  backportBranch,
  backportTitle,
  cherryPickMessage,
  findMergedCommits,
  parsePrNumber,
} from './backport.ts'

const SHA = 'a'.repeat(40)

describe('backport naming and messages', () => {
  it.each([
    ['123', 123],
    ['#7', 7],
    ['0', null],
    ['-3', null],
    ['12a', null],
    ['1234567890', null],
  ])('pr %j is %s', (value, expected) => {
    expect(parsePrNumber(value)).toBe(expected)
  })

  it('names the branch after the pull request and the line, and refuses names git would', () => {
    expect(backportBranch(123, 'lts-2026.1')).toBe('herald/backport-123-to-lts-2026.1')
    expect(backportBranch(1, 'x.lock')).toBeNull()
  })

  it('adds the note as git cherry-pick -x does: after a blank line, or inside a closing trailer block', () => {
    expect(cherryPickMessage('fix: a (#1)\n', SHA)).toBe(
      `fix: a (#1)\n\n(cherry picked from commit ${SHA})\n`,
    )
    expect(cherryPickMessage('fix: a\n\nbody\n\nSigned-off-by: A <a@x>\n', SHA)).toBe(
      `fix: a\n\nbody\n\nSigned-off-by: A <a@x>\n(cherry picked from commit ${SHA})\n`,
    )
  })

  it('keeps the conventional type in the title, from the PR title or else its first commit', () => {
    expect(backportTitle({ pr: 12, line: 'lts', title: 'fix(api)!: drop x (#12)', messages: [] })).toBe(
      'fix(api)!: drop x (backport #12 to lts)',
    )
    expect(
      backportTitle({ pr: 12, line: 'lts', title: 'Parse dates', messages: ['fix: parse dates\n\nbody'] }),
    ).toBe('fix: parse dates (backport #12 to lts)')
    expect(backportTitle({ pr: 12, line: 'lts', title: 'Parse dates', messages: ['wip'] })).toBe(
      'Parse dates (backport #12 to lts)',
    )
  })

  it('finds a merged pull request by its merge commit or its (#N) commits', () => {
    const c = (sha: string, message: string, parents = ['p']) => ({ sha, parents, message })
    const mainline = [
      c('3', 'fix: b (#5)'),
      c('2', 'Merge pull request #4 from o/b', ['1', 'x']),
      c('1', 'fix: a (#5)'),
      c('0', 'fix: see (#50)'),
    ]
    expect(findMergedCommits(mainline, 5)).toMatchObject({
      how: 'rebase',
      commits: [{ sha: '1' }, { sha: '3' }],
    })
    expect(findMergedCommits(mainline, 4)).toMatchObject({ how: 'merge', merge: { sha: '2' } })
    expect(findMergedCommits(mainline, 6)).toBeNull()
  })
})
