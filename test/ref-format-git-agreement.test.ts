/** Herald's pure ref-name rules agree with the real `git check-ref-format` (an I/O test, so it lives here, not beside the pure core). */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { branchNameProblem, refNameProblem, tagPrefixProblem } from '../src/core/ref-format.ts'

/** Whether the real `git check-ref-format` accepts `args`. */
function gitAccepts(...args: string[]): boolean {
  try {
    execFileSync('git', ['check-ref-format', ...args], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const NAMES = [
  'refs/tags/v1.0.0',
  'refs/tags/cli-v1.2.3',
  'refs/tags/pkg@1.0.0',
  'refs/tags/@scope/pkg@1.0.0',
  'refs/heads/main',
  'refs/heads/release/1.x',
  'refs/heads/feature/a.b',
  'v1.0.0',
  'main',
  '@',
  'a@b',
  'refs/tags/@',
  'refs/tags/v..1',
  'refs/tags/v.',
  'refs/tags/.v',
  'refs/tags/a/.b',
  'refs/tags/a.lock',
  'refs/tags/a.lock/b',
  'refs/tags/a.locked',
  'refs/tags//a',
  '/refs/tags/a',
  'refs/tags/a/',
  'refs/tags/a b',
  'refs/tags/a\tb',
  'refs/tags/a~1',
  'refs/tags/a^',
  'refs/tags/a:b',
  'refs/tags/a?',
  'refs/tags/a*',
  'refs/tags/a[1]',
  'refs/tags/a\\b',
  'refs/tags/a@{1}',
  'refs/tags/a@b{1}',
  'refs/tags/a{b}',
  'refs/tags/a\u007fb',
  'refs/tags/-v1',
  'refs/tags/../x',
  'refs/tags/v1.0.0-rc.1+build.5',
  'refs/tags/ünïcode',
  'refs/tags/a/b/c',
  '',
  '.',
  '..',
  'a/./b',
]

describe('refNameProblem agrees with git check-ref-format', () => {
  it.each(NAMES.map((n) => [n]))('%j', (name) => {
    expect(refNameProblem(name) === null).toBe(gitAccepts(name))
    expect(refNameProblem(name, { allowOnelevel: true }) === null).toBe(gitAccepts('--allow-onelevel', name))
  })
})

const BRANCHES = ['main', 'release/1.x', 'HEAD', '-main', 'a..b', 'a b', 'a.lock', 'x/', 'feat/.x', 'trunk~']

describe('branchNameProblem agrees with git check-ref-format --branch', () => {
  it.each(BRANCHES.map((n) => [n]))('%j', (branch) => {
    expect(branchNameProblem(branch) === null).toBe(gitAccepts('--branch', branch))
  })
})

describe('tagPrefixProblem', () => {
  it.each([
    ['v', null],
    ['', null],
    ['cli-v', null],
    ['pkg@', null],
    ['@scope/pkg@', null],
    ['release/v', null],
    ['v..', 'git refuses its tags (v..1.0.0): it contains ..'],
    ['../', 'git refuses its tags (../1.0.0): it contains ..'],
    ['.v', 'git refuses its tags (.v1.0.0): a part begins with .'],
    ['v/', null],
    ['v//', 'git refuses its tags (v//1.0.0): it contains //'],
    ['/v', 'git refuses its tags (/v1.0.0): it contains //'],
    ['x.lock/', 'git refuses its tags (x.lock/1.0.0): a part ends with .lock'],
    ['-', 'its tags would begin with -, which git reads as an option'],
    ['-v', 'its tags would begin with -, which git reads as an option'],
    ['refs/heads/', 'its tags would begin with refs/, which git resolves as another ref first'],
    ['heads/', 'its tags would begin with heads/, which git resolves as another ref first'],
  ])('%j -> %j', (prefix, problem) => {
    expect(tagPrefixProblem(prefix)).toBe(problem)
  })
})
