/**
 * `herald console-link --user ID [--platform slack|discord|console]`: a
 * sign-in link to the web console for an operator, the same link
 * `/release console` gives in chat (one use, 10 minutes, that user only). It
 * is written to the state store `herald serve` reads, so both must share it
 * (the same SQLite file or Redis); the in-memory store is refused.
 */
import { type Command, InvalidArgumentError, Option } from 'commander'
import { loadSetup, openStateStore, storeSpec } from '../compose/build-adapters.ts'
import { parsePublicUrl } from '../compose/build-herald.ts'
import type { Actor } from '../flows/view.ts'
import { ConsoleAccess } from '../flows/web-console/console-access.ts'
import { systemClock } from '../ports/clock.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

type Platform = Actor['platform']
export type ConsoleLinkFlags = {
  user: string
  platform: Platform
  repo?: string
  config?: string
  json?: boolean
}

/** What a user id looks like on each platform: refused early, so a typo never makes a link for nobody. */
const USER_ID: Record<Platform, { pattern: RegExp; example: string }> = {
  slack: { pattern: /^[UW][A-Z0-9]{2,20}$/, example: 'U024BE7LH' },
  discord: { pattern: /^\d{15,21}$/, example: '80351110224678912' },
  console: { pattern: /^[A-Za-z0-9._-]{1,64}$/, example: 'alice' },
}

export async function runConsoleLink(flags: ConsoleLinkFlags, io: Io): Promise<number> {
  const { pattern, example } = USER_ID[flags.platform]
  if (!pattern.test(flags.user))
    throw new CliError(
      `--user ${JSON.stringify(flags.user.slice(0, 80))}: not a ${flags.platform} user id: give one like ${example}`,
    )
  const publicUrl = parsePublicUrl(io.env.HERALD_PUBLIC_URL)
  if (!publicUrl)
    throw new CliError(
      'HERALD_PUBLIC_URL is not set: set it to the address herald serve is reached at (like https://herald.example.com), as herald serve has it',
    )
  const setup = loadSetup({ env: io.env, cwd: io.cwd, repo: flags.repo, configPath: flags.config })
  const spec = await storeSpec(io.env, io.cwd, setup.repoDir)
  if (!spec.ok) throw new CliError(spec.error)
  if (spec.value.kind === 'memory' || (spec.value.kind === 'sqlite' && spec.value.path === ':memory:'))
    throw new CliError(
      'HERALD_STORE is an in-memory store: a link written there is gone when this command ends; set HERALD_STORE to the store herald serve uses (sqlite:<path> or redis://…)',
    )
  const store = await openStateStore(spec.value, io.env)
  try {
    const access = new ConsoleAccess({ store, clock: systemClock, auth: setup.config.auth, publicUrl })
    const actor: Actor = { platform: flags.platform, userId: flags.user, roles: [], groups: [] }
    const made = await access.link(actor)
    if (!made.ok) {
      io.err(`herald: ${made.message.replaceAll('`', '')}\n`)
      return EXIT.no
    }
    if (flags.json)
      io.out(`${JSON.stringify({ url: made.url, user: actor.userId, platform: actor.platform })}\n`)
    else {
      io.out(`${made.url}\n`)
      io.err(
        `The link works once, for 10 minutes, for ${flags.platform} user ${flags.user}. Do not share it.\n`,
      )
    }
    return EXIT.ok
  } finally {
    await store.close()
  }
}

export function registerConsoleLink(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('console-link')
    .description('Print a single-use sign-in link to the web console, as /release console does in chat.')
    .requiredOption(
      '--user <id>',
      'who the link signs in: their Slack or Discord user id, or a name for console',
      userId,
    )
    .addOption(
      new Option('--platform <platform>', 'the platform the user id belongs to')
        .choices(['slack', 'discord', 'console'])
        .default('console'),
    )
    .option('--repo <dir>', 'the repository herald serve runs on (default: the current folder)')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option('--json', 'print one JSON document: {url, user, platform}')
    .addHelpText(
      'after',
      `
Needs HERALD_PUBLIC_URL and the state store herald serve uses (HERALD_STORE, or the
repository's default SQLite store). The link works once, for 10 minutes.
Slack and Discord users get a link only when an \`auth\` rule names their user id
(roles and user groups are not known from the command line); console users
(the terminal operator, who already holds the repository) always do.
The link goes to standard output, the note about it to standard error.

Examples:
  herald console-link --user U024BE7LH --platform slack
  herald console-link --user alice`,
    )
    .action(async (flags: ConsoleLinkFlags) => setExit(await runConsoleLink(flags, io)))
}

function userId(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('expected a user id')
  return value.trim()
}
