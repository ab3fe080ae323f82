/**
 * The command line's part of the early `git log HEAD` (adapters/git/log-run.ts
 * says why): read from the raw arguments before the rest of Herald loads, so
 * it knows only what they say plainly. It starts for `herald plan` on the
 * local repository; not for `--at` (the target is another commit), `--help`,
 * or with `GITHUB_TOKEN` set (the plan is likely read through GitHub, and an
 * early git would walk the whole history for nothing). A guess that turns out
 * wrong costs a git stopped unread, never a different answer.
 */
import { resolve } from 'node:path'
import { startEarlyLog } from '../adapters/git/log-run.ts'

export function startEarlyPlanLog(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
  if (argv.find((a) => !a.startsWith('-')) !== 'plan' || env.GITHUB_TOKEN?.trim()) return
  const skip = ['--at', '-h', '--help']
  if (argv.some((a) => skip.includes(a) || a.startsWith('--at='))) return
  startEarlyLog(resolve(cwd, repoOption(argv) ?? '.'))
}

/** `--repo DIR` or `--repo=DIR`, the last one given (as the option parser takes it). */
function repoOption(argv: readonly string[]): string | undefined {
  let repo: string | undefined
  argv.forEach((a, i) => {
    if (a === '--repo') repo = argv[i + 1]
    else if (a.startsWith('--repo=')) repo = a.slice('--repo='.length)
  })
  return repo
}
