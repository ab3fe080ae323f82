/**
 * A tag prefix or branch git would refuse (or read ambiguously) is refused when
 * the config loads, by `herald plan` and `herald doctor`, before anything is cut.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

let repo: TestRepo
afterEach(() => repo?.remove())

function repoWith(line: string[]): string {
  repo = createRepo()
  repo.commit('feat: initial')
  writeFileSync(
    join(repo.dir, 'herald.config.yaml'),
    ['lines:', '  - name: app', ...line.map((l) => `    ${l}`)].join('\n'),
  )
  return repo.dir
}

describe('tag prefixes and branches checked with git’s ref-name rules when the config loads', () => {
  it.each([
    ['tagPrefix: "v.."', 'tag prefix "v..": git refuses its tags (v..1.0.0): it contains ..'],
    ['tagPrefix: "../"', 'tag prefix "../": git refuses its tags (../1.0.0): it contains ..'],
    ['tagPrefix: "-"', 'tag prefix "-": its tags would begin with -, which git reads as an option'],
    ['tagPrefix: "refs/heads/"', 'tag prefix "refs/heads/": its tags would begin with refs/'],
    [
      'tagPrefix: ".hidden"',
      'tag prefix ".hidden": git refuses its tags (.hidden1.0.0): a part begins with .',
    ],
    ['branch: "-main"', 'branch "-main": git refuses it as a branch name (it begins with -)'],
    ['branch: "release..1"', 'branch "release..1": git refuses it as a branch name (it contains ..)'],
  ])('%s', async (setting, message) => {
    const dir = repoWith(setting.startsWith('tagPrefix') ? [setting] : ['tagPrefix: v', setting])
    const plan = await runCli(['plan'], { cwd: dir })
    expect(plan.code).toBe(2)
    expect(plan.stderr).toContain(message)
    expect(repo.git('tag', '-l')).toBe('')
  })

  it('accepts the prefixes and branches git accepts', async () => {
    const dir = repoWith(['tagPrefix: "@scope/pkg@"', 'branch: main'])
    const plan = await runCli(['plan', '--json'], { cwd: dir })
    expect(plan.stderr).toBe('')
    expect(plan.json()).toMatchObject({ to: { tag: '@scope/pkg@1.0.0', version: '1.0.0' } })
  })
})
