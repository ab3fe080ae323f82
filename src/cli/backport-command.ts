/**
 * `herald backport --pr N [--line NAME]`: what `/release backport pr:N
 * line:NAME` does in chat, from the command line. With `GITHUB_TOKEN` and
 * `repo` it opens the backport pull request on GitHub; otherwise it makes the
 * branch `herald/backport-N-to-LINE` in the local repository, without
 * touching its working tree or checked-out branch. The person at the
 * terminal holds the repository, so no `auth` rule applies.
 */
import { type Command, InvalidArgumentError } from 'commander'
import { buildBackports, buildForge, loadSetup } from '../compose/build-adapters.ts'
import { parsePrNumber } from '../core/backport.ts'
import { type BackportDone, backport } from '../flows/backport/backport.ts'
import type { Actor } from '../flows/view.ts'
import { EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

export type BackportFlags = { pr: number; line?: string; repo?: string; config?: string; json?: boolean }

const TERMINAL: Actor = { platform: 'console', userId: 'console', roles: [], groups: [] }

export async function runBackport(flags: BackportFlags, io: Io): Promise<number> {
  const setup = loadSetup({ env: io.env, cwd: io.cwd, repo: flags.repo, configPath: flags.config })
  const forge = await buildForge(setup, { warn: (m) => io.err(`herald backport: ${m}\n`) })
  const deps = {
    lines: setup.config.lines,
    auth: setup.config.auth,
    backports: await buildBackports(setup, forge),
  }
  const answer = await backport(deps, TERMINAL, { pr: flags.pr, line: flags.line }, 'cli')
  if (!answer.ok) {
    const { code, message, files, existing } = answer
    if (flags.json) io.out(`${JSON.stringify({ error: { code, message, files, existing } })}\n`)
    io.err(`herald backport: ${message.replaceAll('`', '')}\n`)
    return answer.kind === 'input' ? EXIT.badInput : EXIT.no
  }
  if (flags.json) io.out(`${JSON.stringify(toJson(answer))}\n`)
  else io.out(renderText(answer))
  return EXIT.ok
}

function toJson(done: BackportDone) {
  return {
    line: done.line,
    pr: done.pr,
    how: done.source.how,
    title: done.title,
    branch: done.branch,
    target: done.target,
    sha: done.sha,
    picked: done.picked.map((c) => c.sha),
    skipped: done.skipped.map((c) => c.sha),
    pullRequest: done.backportPr,
  }
}

function renderText(done: BackportDone): string {
  const picked = done.picked.map((c) => `             ${c.sha.slice(0, 12)} ${c.message.split('\n')[0]}`)
  const lines = [
    `Backport of #${done.pr} to line ${done.line}: ${done.title}`,
    `  branch   ${done.branch} (${done.sha.slice(0, 12)}) onto ${done.target}`,
    `  picked   ${picked.join('\n').trimStart()}`,
  ]
  if (done.skipped.length)
    lines.push(
      `  skipped  ${done.skipped.map((c) => c.sha.slice(0, 12)).join(', ')} (already on ${done.target})`,
    )
  lines.push(
    done.backportPr
      ? `  pull request #${done.backportPr.number}: ${done.backportPr.url}`
      : `  next     git push origin ${done.branch}, then open its pull request into ${done.target}`,
  )
  return `${lines.join('\n')}\n`
}

export function registerBackport(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('backport')
    .description(
      'Cherry-pick a merged pull request onto a release line’s branch, on a new branch (and PR on GitHub).',
    )
    .requiredOption('--pr <number>', 'the merged pull request, e.g. 123', prNumber)
    .option('--line <name>', 'the release line to backport to (optional with one line)')
    .option('--repo <dir>', 'repository (default: the current folder)')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option(
      '--json',
      'print one JSON document: {line, pr, how, title, branch, target, sha, picked, skipped, pullRequest}',
    )
    .addHelpText(
      'after',
      `
The commits: a squash-merged pull request's commit, a rebase-merged one's
commits, or the own commits of one merged with a merge commit. Locally they
are found on the default branch by "(#N)" at the end of a subject or
"Merge pull request #N". Each is cherry-picked as git cherry-pick -x does,
onto the line's branch, on the new branch herald/backport-N-to-LINE; nothing
is created when one does not apply (the conflicting files are named), when
the line has every change already, or when the backport exists.

Examples:
  herald backport --pr 123 --line lts-2026.1
  herald backport --pr 123 --line lts-2026.1 --json`,
    )
    .action(async (flags: BackportFlags) => setExit(await runBackport(flags, io)))
}

function prNumber(value: string): number {
  const n = parsePrNumber(value)
  if (n === null) throw new InvalidArgumentError('expected the number of a pull request, like 123')
  return n
}
