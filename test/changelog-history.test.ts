/**
 * Round trip on the four recorded release histories (bench/histories/): every release's section is
 * generated from the rebuilt repository, oldest first, and each final release
 * consolidates its pre-releases, without a single error. (The full timing is
 * the benchmark's: bench/changelog.bench.ts.)
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { historyNames, loadHistory } from '../bench/history-repos.ts'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { findVersionSections } from '../src/core/changelog-document.ts'
import { versionOfTag } from '../src/core/versions.ts'
import { buildHistoryChangelog, readHistory } from '../src/flows/history-changelog.ts'
import { createRepo } from '../src/testing/git-repo.ts'
import { testLine } from '../src/testing/test-line.ts'

const names = historyNames()

describe('changelog round trip on the recorded histories', () => {
  it.each(names)(
    '%s: every release gets a section; finals take in their pre-releases',
    async (name) => {
      const history = await loadHistory(name)
      const forge = new GitForge(history.repo)
      const tags = execFileSync('git', ['-C', history.repo, 'tag'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
      const commits = await readHistory(forge, true, [])
      let consolidated = 0
      for (const line of history.lines) {
        const result = await buildHistoryChangelog(forge, line, { webUrl: history.webUrl, commits })
        expect(result.problems).toEqual([])
        const expected = tags.filter((t) => versionOfTag(t, line.tagPrefix) !== null)
        expect(result.releases).toBe(new Set(expected.map((t) => versionOfTag(t, line.tagPrefix))).size)
        const sections = findVersionSections(result.text)
        // Each version once; a pre-release section only where its final was never released.
        const versions = sections.map((s) => s.version)
        expect(new Set(versions).size).toBe(versions.length)
        const finals = new Set(sections.filter((s) => !s.prerelease).map((s) => s.core))
        expect(sections.filter((s) => s.prerelease && finals.has(s.core)).map((s) => s.version)).toEqual([])
        expect(sections.length).toBe(result.releases - result.consolidated)
        consolidated += result.consolidated
      }
      if (name === 'semantic-release') expect(consolidated).toBeGreaterThan(100)
    },
    180_000,
  ) // a cold cache rebuilds the repository first
})

describe('the rebuilt changelog', () => {
  it("dates each release by its commit's author time, in UTC", async () => {
    const repo = createRepo()
    // 2024-03-01 23:30 UTC, and 2025-07-04 00:15 UTC.
    repo.commit('feat: first', undefined, { date: 1_709_335_800 })
    repo.tag('v1.0.0')
    repo.commit('fix: second', undefined, { date: 1_751_588_100 })
    repo.tag('v1.0.1')
    const result = await buildHistoryChangelog(new GitForge(repo.dir), testLine())
    repo.remove()
    expect(result.problems).toEqual([])
    const headers = result.text.split('\n').filter((l) => l.startsWith('#') && /\d{4}-\d\d-\d\d/.test(l))
    expect(headers.map((h) => /\d{4}-\d\d-\d\d/.exec(h)![0])).toEqual(['2025-07-04', '2024-03-01'])
  })
})
