/**
 * `herald`: the command line. Each command prints text for people and, with
 * `--json`, one JSON document. Exit 0 on success, 1 when the answer is "no",
 * 2 on bad input, with one clear line on stderr.
 */
import { Command, CommanderError } from 'commander'
import manifest from '../../package.json' with { type: 'json' }
import { SetupError } from '../compose/setup-error.ts'
import { ForgeError } from '../ports/forge-error.ts'
import { CliError, EXIT, type Io, processIo } from './io.ts'
import type { RegisterCommand } from './register.ts'

/**
 * Every `herald` subcommand, in the order `--help` lists them, loaded on
 * demand: `herald plan` must not pay for loading discord.js, Bolt, Octokit
 * and OpenAI (most of a second) when scripts call it once per tag.
 */
const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  serve: async () => (await import('./serve-command.ts')).registerServe,
  plan: async () => (await import('./plan-command.ts')).registerPlan,
  notes: async () => (await import('./notes-command.ts')).registerNotes,
  changelog: async () => (await import('./changelog-command.ts')).registerChangelog,
  draft: async () => (await import('./draft-command.ts')).registerDraft,
  lint: async () => (await import('./lint-command.ts')).registerLint,
  'register-commands': async () => (await import('./register-commands-command.ts')).registerRegisterCommands,
  manifest: async () => (await import('./manifest-command.ts')).registerManifest,
  audit: async () => (await import('./audit-command.ts')).registerAudit,
  backport: async () => (await import('./backport-command.ts')).registerBackport,
  'console-link': async () => (await import('./console-link-command.ts')).registerConsoleLink,
  status: async () => (await import('./index-command.ts')).registerStatus,
  index: async () => (await import('./index-command.ts')).registerIndex,
  doctor: async () => (await import('./doctor-command.ts')).registerDoctor,
  action: async () => (await import('./action-command.ts')).registerAction,
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok
  try {
    // Only the command asked for is loaded; help and unknown commands load them all.
    const name = argv.find((a) => !a.startsWith('-'))
    const versionOnly = !name && argv.some((a) => a === '--version' || a === '-V')
    const loaders = name && COMMANDS[name] ? [COMMANDS[name]] : versionOnly ? [] : Object.values(COMMANDS)
    const registers = await Promise.all(loaders.map((load) => load()))
    const program = buildProgram(io, registers, (code) => {
      exitCode = code
    })
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
    // A bad config or environment, or a forge that cannot answer: what to do, in one line each.
    if (error instanceof SetupError || error instanceof ForgeError) {
      io.err(`${prefixLines(error.message)}\n`)
      return EXIT.badInput
    }
    io.err(`herald: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`)
    return EXIT.badInput
  }
}

function buildProgram(io: Io, registers: RegisterCommand[], setExit: (code: number) => void): Command {
  const program = new Command('herald')
    .description('Plan, cut and announce releases from Conventional Commits.')
    .version(manifest.version, '-V, --version', 'print the version')
    // `herald --version` is Herald's version; `herald plan --version X` stays plan's own option.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
    })
    .showHelpAfterError('(run with --help for usage)')
    .helpCommand(true)

  for (const register of registers) register(program, io, setExit)
  return program
}

function prefixLines(message: string): string {
  return message
    .split('\n')
    .map((l) => `herald: ${l}`)
    .join('\n')
}
