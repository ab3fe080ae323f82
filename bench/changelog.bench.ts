/**
 * The whole history's CHANGELOG per repository (every release of every line,
 * pre-releases consolidated into their finals) beside `git log` of the same
 * history, measured in the same run. Medians of three runs; the ratio is
 * what to watch, not the milliseconds.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { buildHistoryChangelog, readHistory } from '../src/flows/history-changelog.ts'
import { historyNames, loadHistory } from './history-repos.ts'

const exec = promisify(execFile)
const RUNS = 3

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await work()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!
}

export async function run(): Promise<void> {
  const names = historyNames()
  console.log(
    '| repository | lines | releases | pre-releases consolidated | git log | herald changelog | ratio |',
  )
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const name of names) {
    const history = await loadHistory(name)
    const forge = new GitForge(history.repo)
    // The data any changelog generator must read: every commit's message, parents, author, date and paths.
    const gitLog = await median(() =>
      exec(
        'git',
        ['-C', history.repo, 'log', '--all', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B', '--name-only'],
        { maxBuffer: 1 << 30 },
      ),
    )
    let releases = 0
    let consolidated = 0
    const herald = await median(async () => {
      releases = 0
      consolidated = 0
      const commits = await readHistory(forge, true, [])
      for (const line of history.lines) {
        const result = await buildHistoryChangelog(forge, line, { webUrl: history.webUrl, commits })
        if (result.problems.length)
          throw new Error(
            `${name}/${line.name}: ${result.problems.map((p) => `${p.tag}: ${p.message}`).join('; ')}`,
          )
        releases += result.releases
        consolidated += result.consolidated
      }
    })
    console.log(
      `| ${name} | ${history.lines.length} | ${releases} | ${consolidated} | ${gitLog.toFixed(0)} ms | ${herald.toFixed(0)} ms | ${(herald / gitLog).toFixed(1)}x |`,
    )
  }
}
