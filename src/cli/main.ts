/**
 * `herald`: the command line. Each command prints text for people and, with
 * `--json`, one JSON document. Exit 0 on success, 1 when the answer is "no",
 * 2 on bad input, with one clear line on stderr.
 */
import { Command, CommanderError } from 'commander'
import { GitError } from '../adapters/git/git-forge.ts'
import { registerAudit } from './audit-command.ts'
import { registerChangelog } from './changelog-command.ts'
import { registerDoctor } from './doctor-command.ts'
import { registerDraft } from './draft-command.ts'
import { CliError, EXIT, type Io, processIo } from './io.ts'
import { registerLint } from './lint-command.ts'
import { registerManifest } from './manifest-command.ts'
import { registerNotes } from './notes-command.ts'
import { registerPlan } from './plan-command.ts'
import type { RegisterCommand } from './register.ts'
import { registerRegisterCommands } from './register-commands-command.ts'
import { registerServe } from './serve-command.ts'

/** Every `herald` subcommand, in the order `--help` lists them. */
const COMMANDS: RegisterCommand[] = [
  registerServe,
  registerPlan,
  registerNotes,
  registerChangelog,
  registerDraft,
  registerLint,
  registerRegisterCommands,
  registerManifest,
  registerAudit,
  registerDoctor,
]

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok
  const program = buildProgram(io, (code) => {
    exitCode = code
  })
  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput
    }
    if (error instanceof CliError) {
      io.err(`${prefixLines(error.message)}\n`)
      return error.exitCode
    }
    if (error instanceof GitError) {
      io.err(`herald: ${error.message}\n`)
      return EXIT.badInput
    }
    io.err(`herald: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`)
    return EXIT.badInput
  }
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('herald')
    .description('Plan, cut and announce releases from Conventional Commits.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
    })
    .showHelpAfterError('(run with --help for usage)')
    .helpCommand(true)

  for (const register of COMMANDS) register(program, io, setExit)
  return program
}

function prefixLines(message: string): string {
  return message
    .split('\n')
    .map((l) => `herald: ${l}`)
    .join('\n')
}
