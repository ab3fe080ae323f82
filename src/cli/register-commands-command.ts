/**
 * `herald register-commands`: publishes `/release` and `/announce-release` to
 * Discord, generated from `commands/`, as a bulk overwrite (PUT): to one guild
 * (instant) with `--guild`, else globally (may take up to an hour to appear).
 */
import { type Command, InvalidArgumentError } from 'commander'
import { renderDiscordCommands } from '../../commands/discord-commands.ts'
import { COMMAND_DEFINITIONS } from '../../commands/index.ts'
import { createDiscordRest } from '../chat/discord/discord-rest.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

export type RegisterFlags = { guild?: string; dryRun?: boolean; json?: boolean }

export async function runRegisterCommands(flags: RegisterFlags, io: Io): Promise<number> {
  const commands = renderDiscordCommands(COMMAND_DEFINITIONS)
  if (flags.dryRun) {
    io.out(`${JSON.stringify(commands, null, flags.json ? undefined : 2)}\n`)
    return EXIT.ok
  }
  const token = io.env['DISCORD_TOKEN']?.trim()
  const applicationId = io.env['DISCORD_APPLICATION_ID']?.trim()
  if (!token)
    throw new CliError(
      'register-commands: DISCORD_TOKEN is not set (Bot -> Reset Token in the Developer Portal)',
    )
  if (!applicationId || !/^\d{1,20}$/.test(applicationId))
    throw new CliError(
      'register-commands: DISCORD_APPLICATION_ID must be the application id (General Information -> Application ID)',
    )
  const rest = createDiscordRest(io.env['DISCORD_API_URL'] || undefined, token)
  const route = flags.guild
    ? (`/applications/${applicationId}/guilds/${flags.guild}/commands` as const)
    : (`/applications/${applicationId}/commands` as const)
  let saved: unknown
  try {
    saved = await rest.put(route, { body: commands })
  } catch (error) {
    const status = (error as { status?: unknown }).status
    const hint =
      status === 401
        ? 'Discord refused the token: check DISCORD_TOKEN'
        : status === 403
          ? 'the bot may not manage commands there: invite it with the applications.commands scope'
          : status === 404
            ? 'unknown application or guild: check DISCORD_APPLICATION_ID and --guild'
            : 'try again, or check DISCORD_API_URL'
    // The error's message names the route and Discord's reason; it never contains the token.
    throw new CliError(
      `register-commands: Discord answered ${String(status ?? 'with an error')}: ${hint} (${(error as Error).message})`,
    )
  }
  const names = Array.isArray(saved)
    ? saved.map((c: { name?: unknown }) => String(c.name))
    : commands.map((c) => c.name)
  if (flags.json)
    io.out(`${JSON.stringify({ scope: flags.guild ? { guild: flags.guild } : 'global', commands: names })}\n`)
  else
    io.out(
      `Registered ${names.map((n) => `/${n}`).join(', ')} ${flags.guild ? `in guild ${flags.guild}` : 'globally (may take up to an hour to appear)'}.\n`,
    )
  return EXIT.ok
}

export function registerRegisterCommands(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('register-commands')
    .description('Publish /release and /announce-release to Discord (bulk overwrite).')
    .option('--guild <id>', 'register in one server (instant) instead of globally', snowflake)
    .option('--dry-run', 'print the commands as JSON instead of sending them')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      `
Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; DISCORD_API_URL overrides the
API base (default https://discord.com/api/v10).`,
    )
    .action(async (flags: RegisterFlags) => setExit(await runRegisterCommands(flags, io)))
}

function snowflake(value: string): string {
  if (!/^\d{1,20}$/.test(value))
    throw new InvalidArgumentError('a server id is a number (Copy Server ID in Discord)')
  return value
}
