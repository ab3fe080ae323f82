/**
 * `herald plan` on a 50,000-commit repository built from the recorded
 * histories' messages (`buildBigRepo`), beside raw `git log` of the same range
 * (the data any planner must read) measured in the same run. Targets: within
 * 1.5x of git log (git-cliff takes about 6x) and a peak of 150 MiB. Prints
 * medians, their ratio (with the spread of each run's ratio to the git run
 * beside it) and Herald's peak memory.
 */
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildBigRepo, readRecordedHistory } from './history-data.ts'
import { cachedRepo, historyFile, historyNames } from './history-repos.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const COMMITS = Number(process.env.HERALD_BENCH_COMMITS ?? 50_000)
// Five runs each, interleaved: on a shared machine single runs of either vary by a fifth.
const RUNS = Number(process.env.HERALD_BENCH_RUNS ?? 5)

type Sample = { seconds: number; peakKb: number | null; bytes: number }

/** Runs a command with stdout read by this process (as a planner's consumer would), timing it. */
function timed(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let bytes = 0
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => {
      bytes += b.length
    })
    child.stderr.on('data', (b: Buffer) => {
      stderr += b
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (code !== 0 && code !== 1)
        return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 300)}`))
      const peak = /herald-peak-rss-kb=(\d+)/.exec(stderr)
      resolve({ seconds, peakKb: peak ? Number(peak[1]) : null, bytes })
    })
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function run(): Promise<void> {
  const repo = await cachedRepo(`big-${COMMITS}`, (dir) => {
    console.log(`building the ${COMMITS}-commit repository (once)…`)
    const histories = historyNames().map((name) => readRecordedHistory(historyFile(name)))
    return buildBigRepo(histories, dir, COMMITS)
  })
  const gitArgs = ['log', '--format=%H%x1f%B%x1e', 'v1.0.0..HEAD']
  const herald = join(root, 'bin', 'herald.js')
  const heraldArgs = [herald, 'plan', '--repo', repo, '--json']
  // Warm the page cache and Node's compile cache once.
  await timed('git', gitArgs, repo)
  await timed(process.execPath, heraldArgs, repo, { ...process.env, HERALD_REPORT_PEAK_RSS: '1' })
  const git: Sample[] = []
  const plan: Sample[] = []
  for (let i = 0; i < RUNS; i++) {
    git.push(await timed('git', gitArgs, repo))
    plan.push(
      await timed(process.execPath, heraldArgs, repo, { ...process.env, HERALD_REPORT_PEAK_RSS: '1' }),
    )
  }
  const g = median(git.map((s) => s.seconds))
  const h = median(plan.map((s) => s.seconds))
  const peak = Math.max(...plan.map((s) => s.peakKb ?? 0))
  console.log(
    `repository: ${COMMITS} commits since v1.0.0 (${(git[0]!.bytes / 1e6).toFixed(1)} MB of git log output)`,
  )
  console.log(`git log (raw range)      ${g.toFixed(2)} s   1.00x`)
  // Each run's ratio to the git log run just before it: the spread the median hides.
  const ratios = plan.map((s, i) => s.seconds / git[i]!.seconds)
  const spread = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x`
  console.log(
    `herald plan --json       ${h.toFixed(2)} s   ${(h / g).toFixed(2)}x   (target <= 1.50x; git-cliff ~6.4x; runs ${spread})`,
  )
  console.log(`herald plan peak RSS     ${(peak / 1024).toFixed(0)} MiB   (target <= 150 MiB)`)
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
