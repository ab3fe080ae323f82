/**
 * `herald doctor [--repo DIR] [--config FILE] [--json]`: one line per check,
 * ✓ / ✗ (with the fix) / • for notes; exit 1 on any ✗. docs/troubleshooting.md
 * explains every ✗. Output goes through the log redactor as well: a platform
 * echoing a token in an error still cannot put it on the screen.
 */
import type { Command } from 'commander'
import { collectSecrets, createRedactor } from '../adapters/log/redact-secrets.ts'
import type { CheckResult } from './doctor/check.ts'
import { runDoctor } from './doctor/run-doctor.ts'
import { EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

type DoctorFlags = { repo?: string; config?: string; json?: boolean }

const MARK = { ok: '✓', fail: '✗', note: '•' } as const

export async function runDoctorCommand(flags: DoctorFlags, io: Io): Promise<number> {
  const report = await runDoctor({ env: io.env, cwd: io.cwd, repoDir: flags.repo, configPath: flags.config })
  const redact = createRedactor(collectSecrets(io.env, report.webhookEnvNames)).text
  if (flags.json) {
    io.out(`${redact(JSON.stringify({ ok: report.ok, checks: report.checks }))}\n`)
  } else {
    io.out(redact(renderDoctor(report.checks)))
  }
  return report.ok ? EXIT.ok : EXIT.no
}

export function renderDoctor(checks: readonly CheckResult[]): string {
  const out: string[] = []
  for (const check of checks) {
    out.push(`${MARK[check.status]} ${check.message}`)
    for (const detail of check.details ?? []) out.push(`    ${detail}`)
    if (check.fix) out.push(`    fix: ${check.fix}`)
  }
  const failed = checks.filter((c) => c.status === 'fail').length
  out.push(
    '',
    failed
      ? `${failed} problem${failed === 1 ? '' : 's'} found: fix ${failed === 1 ? 'it' : 'them'} and run herald doctor again (docs/troubleshooting.md).`
      : 'Ready: every check passed.',
  )
  return `${out.join('\n')}\n`
}

export function registerDoctor(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('doctor')
    .description('Check the setup before going live: config, tokens, auth rules, webhooks, store, LLM.')
    .option('--repo <dir>', 'repository (local git forge, config lookup)', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option('--json', 'print one JSON document: {ok, checks: [{id, status, message, fix?, details?}]}')
    .addHelpText(
      'after',
      `
Checks the platforms the environment configures, against their APIs:
Slack auth.test, Discord's application, GitHub GET /repos/{repo}, the LLM's
/models. Secrets are never printed.

Exit status: 0 when every check passes, 1 when one fails (✗).`,
    )
    .action(async (flags: DoctorFlags) => setExit(await runDoctorCommand(flags, io)))
}
