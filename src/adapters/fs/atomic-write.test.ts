import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readTextIfExists, writeFileAtomic } from './atomic-write.ts'
import { resolveInsideRepo } from './repo-path.ts'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function setUp() {
  dir = mkdtempSync(join(tmpdir(), 'herald-fs-'))
  const repo = join(dir, 'repo')
  mkdirSync(repo)
  writeFileSync(join(dir, 'secret.txt'), 'secret\n')
  return { repo }
}

describe('reading and writing without following symlinks', () => {
  it('refuses to read or write through a symlink swapped in after the check', async () => {
    setUp()
    const link = join(dir, 'CHANGELOG.md')
    symlinkSync(join(dir, 'secret.txt'), link)
    await expect(readTextIfExists(link)).rejects.toMatchObject({ code: 'ELOOP' })
    await writeFileAtomic(link, 'new\n')
    // The rename replaced the link itself; the file it pointed at is untouched.
    expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe('secret\n')
    expect(readFileSync(link, 'utf8')).toBe('new\n')
  })
})

describe('resolveInsideRepo', () => {
  it.each([
    ['../x.md', 'is outside the repository'],
    ['/etc/passwd', 'is outside the repository'],
    ['.', 'is outside the repository'],
    ['missing/CHANGELOG.md', 'is in a folder that does not exist (missing)'],
    ['link-dir/CHANGELOG.md', 'goes through the symlink link-dir'],
    ['link-file.md', 'is a symlink'],
    ['file.txt/CHANGELOG.md', 'goes through file.txt, which is not a folder'],
    ['sub', 'is not a regular file'],
  ])('%s %s', async (file, why) => {
    const { repo } = setUp()
    mkdirSync(join(repo, 'sub'), { recursive: true })
    writeFileSync(join(repo, 'file.txt'), 'x')
    symlinkSync(dir, join(repo, 'link-dir'))
    symlinkSync(join(dir, 'secret.txt'), join(repo, 'link-file.md'))
    await expect(resolveInsideRepo(repo, file)).rejects.toThrow(`${file} ${why} (repository ${repo})`)
  })

  it.each([['CHANGELOG.md'], ['sub/CHANGELOG.md'], ['sub/../CHANGELOG.md']])('accepts %s', async (file) => {
    const { repo } = setUp()
    mkdirSync(join(repo, 'sub'), { recursive: true })
    expect(await resolveInsideRepo(repo, file)).toBe(join(realpathSync(repo), file))
  })
})
