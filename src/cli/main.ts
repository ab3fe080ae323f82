/**
 * `herald`: the command line. Each command prints text for people and, with
 * `--json`, one JSON document. Exit 0 on success, 1 when the answer is "no",
 * 2 on bad input, with one clear line on stderr.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { GitError } from '../adapters/git/git-forge.ts'
import { CliError, EXIT, type Io, processIo } from './io.ts'
import { runPlan } from './plan-command.ts'

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

  program
    .command('plan')
    .description('Show the release that would be cut for a line: version, commits, notes.')
    .option('--repo <dir>', 'repository to plan in', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option('--line <name>', 'release line (required when the config has several)')
    .option('--at <ref>', 'plan as if HEAD were REF and the tags pointing at it did not exist')
    .addOption(
      new Option('--bump <level>', 'force the bump instead of deriving it from commits')
        .choices(['auto', 'patch', 'minor', 'major'])
        .default('auto'),
    )
    .option('--version <version>', 'release exactly this version (e.g. 2.0.0)')
    .option('--prerelease <id>', 'cut a prerelease with this identifier (rc -> 1.3.0-rc.1)', prereleaseId)
    .option('--force', 'plan even when HEAD is not on the line’s branch')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `
Exit status: 0 with a plan, 1 when there is nothing to release or the tag
already exists, 2 on bad input.

Examples:
  herald plan                          the next release of the only line
  herald plan --line cli --json        machine-readable plan of line "cli"
  herald plan --prerelease rc          the next release candidate
  herald plan --at v1.4.0              what v1.4.0 should have been`,
    )
    .action(async (flags) => setExit(await runPlan(flags, io)))

  return program
}

function prereleaseId(value: string): string {
  if (!/^[0-9A-Za-z-]+$/.test(value) || /^\d+$/.test(value))
    throw new InvalidArgumentError('use letters, digits or "-", like rc or beta')
  return value
}

function prefixLines(message: string): string {
  return message
    .split('\n')
    .map((l) => `herald: ${l}`)
    .join('\n')
}
