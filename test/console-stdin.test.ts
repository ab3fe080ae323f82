/**
 * The console is scriptable: standard input that is not a terminal works like
 * one, and its end ends the session with exit 0. In a fresh clone of a
 * repository with a GitHub-style origin and no Herald config, `/release`,
 * `1`, `/announce-release`, `1` cuts the tag and prints the announcement.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo } from '../src/testing/git-repo.ts'

const bin = join(import.meta.dirname, '..', 'bin', 'herald.js')
let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A clone of `…/acme/widget.git` with v1.0.0 and one feature since, and no Herald config. */
function cloneWithOrigin(files: Record<string, string>): string {
  const source = createRepo({ parent: dir })
  source.commit('feat: first', files)
  source.tag('v1.0.0')
  source.commit('feat: add compare command (#41)')
  const origin = join(dir, 'acme', 'widget.git')
  execFileSync('git', ['clone', '-q', '--bare', source.dir, origin])
  const clone = join(dir, 'widget')
  execFileSync('git', ['clone', '-q', origin, clone])
  return clone
}

function serve(cwd: string, script: string) {
  // Nothing of this machine's chat settings, git identity or state leaks in.
  const env = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: join(dir, 'data') }
  return spawnSync(process.execPath, [bin, 'serve'], {
    cwd,
    input: script,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('the console through standard input', () => {
  it('cuts and announces in a clone with no config, then ends cleanly at the end of input', () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-stdin-'))
    const clone = cloneWithOrigin({ 'package.json': '{"name": "widget"}' })
    const run = serve(clone, '/release\n1\n/announce-release\n1\n')
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const tags = execFileSync('git', ['-C', clone, 'tag', '--points-at', 'HEAD'], { encoding: 'utf8' })
    expect(tags.trim()).toBe('v1.1.0')
    const printed = /--- announcement[^\n]*\n([\s\S]*?)\n--- end ---/.exec(run.stdout)?.[1]
    expect(printed).toBe(
      '🚀 widget v1.1.0 is out!\n\nThis release brings 1 new feature.\n\n✨ Add compare command\n\nUpgrade: `npm install widget@1.1.0`',
    )
    expect(run.stdout).toContain('== Announcement of v1.1.0: posted ==')
    // State lives with the user, not in the folder Herald was started in.
    expect(existsSync(join(clone, '.herald'))).toBe(false)
    expect(existsSync(join(dir, 'data', 'herald'))).toBe(true)
  }, 90_000)

  it('ends with exit 0 at the end of input, mid-conversation', () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-stdin-'))
    const clone = cloneWithOrigin({ 'README.md': 'widget\n' })
    const run = serve(clone, '/release')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('[1] Cut release')
    expect(execFileSync('git', ['-C', clone, 'tag'], { encoding: 'utf8' }).trim()).toBe('v1.0.0')
  }, 90_000)
})
