/**
 * `herald action`: the entry point of the GitHub Action (`action.yml` runs
 * it). It takes no flags: everything comes as the runner sets it, `INPUT_*`,
 * `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_EVENT_PATH`
 * (docs/github-action.md). Output goes through the log redactor: a token
 * echoed in a forge error still cannot reach the job log.
 */
import type { Command } from 'commander'
import { runAction } from '../action/run-action.ts'
import { collectSecrets, createRedactor } from '../adapters/log/redact-secrets.ts'
import type { Io } from './io.ts'
import type { SetExit } from './register.ts'

export function registerAction(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('action')
    .description('Run as a GitHub Action step: command, line and config from INPUT_* (see action.yml).')
    .action(async () => {
      const redact = createRedactor(collectSecrets(io.env, ['SLACK_WEBHOOK_URL', 'DISCORD_WEBHOOK_URL'])).text
      setExit(await runAction({ env: io.env, cwd: io.cwd, out: (text) => io.out(redact(text)) }))
    })
}
