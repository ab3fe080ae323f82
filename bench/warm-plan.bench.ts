/**
 * A repeated `/release` in `herald serve`: the same plan again after one new
 * commit, with the commits kept from the first plan (`CommitCache`), beside
 * that first plan, both in this process on a clone of the `plan` bench's
 * 50,000-commit repository. Target: the repeat within 0.1x of the first.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CommitCache } from '../src/adapters/git/commit-cache.ts'
import { GitForge } from '../src/adapters/git/git-forge.ts'
import { validate } from '../src/config/load-config.ts'
import { planLine } from '../src/flows/plan-line.ts'
import { buildBigRepo, readRecordedHistory } from './history-data.ts'
import { cachedRepo, historyFile, historyNames } from './history-repos.ts'

const COMMITS = Number(process.env.HERALD_BENCH_COMMITS ?? 50_000)
const RUNS = Number(process.env.HERALD_BENCH_RUNS ?? 3)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function run(): Promise<void> {
  const big = await cachedRepo(`big-${COMMITS}`, (dir) => {
    console.log(`building the ${COMMITS}-commit repository (once)…`)
    return buildBigRepo(
      historyNames().map((name) => readRecordedHistory(historyFile(name))),
      dir,
      COMMITS,
    )
  })
  const config = validate({ lines: [{ name: 'v', tagPrefix: 'v' }] }, 'bench')
  if (!config.ok) throw new Error(config.errors.join('\n'))
  const lines = config.config.lines
  const scratch = mkdtempSync(join(tmpdir(), 'herald-warm-'))
  const repo = join(scratch, 'repo')
  // A clone sharing the big repository's objects: the new commits never touch it.
  execFileSync('git', ['clone', '-q', '--shared', big, repo])
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', ...args], {
      cwd: repo,
    })
  const request = { bump: 'auto' as const, force: true }
  const first: number[] = []
  const again: number[] = []
  let read = 0
  try {
    for (let i = 0; i < RUNS; i++) {
      const cache = new CommitCache()
      const forge = new GitForge(repo, { cache })
      let start = performance.now()
      await planLine(forge, lines, request, null)
      first.push(performance.now() - start)
      git('commit', '-q', '--allow-empty', '-m', `fix: one more change ${i}`)
      const before = cache.stats.read
      start = performance.now()
      const warm = await planLine(forge, lines, request, null)
      again.push(performance.now() - start)
      read = cache.stats.read - before
      const cold = await planLine(new GitForge(repo), lines, request, null)
      if (JSON.stringify(warm) !== JSON.stringify(cold)) throw new Error('the kept commits changed the plan')
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const f = median(first) / 1000
  const a = median(again) / 1000
  console.log(`repository: ${COMMITS} commits since v1.0.0; the repeat read ${read} commit(s) from git`)
  console.log(`first plan (in serve)          ${f.toFixed(2)} s   1.00x`)
  console.log(`same plan, one new commit      ${a.toFixed(2)} s   ${(a / f).toFixed(2)}x   (target <= 0.10x)`)
}
