/** The recorded histories are rebuilt faithfully: the graph's roots, every commit and every tag. */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { readRecordedHistory } from '../bench/history-data.ts'
import { historyFile, loadHistory } from '../bench/history-repos.ts'

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)

describe('rebuilding a recorded history', () => {
  it.each([
    ['release-please', 1],
    ['semantic-release', 2],
  ])(
    '%s: same commits, roots, tags and head message',
    async (name, roots) => {
      const recorded = readRecordedHistory(historyFile(name))
      const { repo } = await loadHistory(name)
      expect(git(repo, 'rev-list', '--all').length).toBe(recorded.commits.length)
      expect(git(repo, 'rev-list', '--max-parents=0', '--all').length).toBe(roots)
      expect(git(repo, 'tag').sort()).toEqual(recorded.tags.map((t) => t.name).sort())
      const head = recorded.commits.find((c) => c.sha === recorded.repo.head)!
      expect(
        execFileSync('git', ['-C', repo, 'log', '-1', '--format=%B', 'HEAD'], { encoding: 'utf8' }),
      ).toBe(`${head.message}\n`)
    },
    120_000,
  )
})
