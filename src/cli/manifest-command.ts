/** `herald manifest slack`: the Slack app manifest, generated from `commands/`. */
import { type Command, InvalidArgumentError } from 'commander'
import { stringify } from 'yaml'
import { COMMAND_DEFINITIONS } from '../../commands/index.ts'
import { renderSlackManifest } from '../../commands/slack-manifest.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

export type ManifestFlags = { url?: string; socketMode?: boolean; name: string; json?: boolean }

export function runManifestSlack(flags: ManifestFlags, io: Io): number {
  if (!flags.socketMode && !flags.url)
    throw new CliError(
      'manifest slack: give --url https://your-host (where herald serve listens), or --socket-mode',
    )
  if (flags.socketMode && flags.url)
    throw new CliError('manifest slack: --url and --socket-mode exclude each other')
  const manifest = renderSlackManifest(COMMAND_DEFINITIONS, {
    name: flags.name,
    url: flags.url,
    socketMode: Boolean(flags.socketMode),
  })
  io.out(flags.json ? `${JSON.stringify(manifest, null, 2)}\n` : stringify(manifest))
  return EXIT.ok
}

export function registerManifest(program: Command, io: Io, setExit: SetExit): void {
  const manifest = program.command('manifest').description('Print a chat platform’s app manifest.')
  manifest
    .command('slack')
    .description('The Slack app manifest: slash commands, scopes, interactivity.')
    .option(
      '--url <url>',
      'public HTTPS base URL of herald serve (Slack posts to <url>/slack/events)',
      httpsUrl,
    )
    .option('--socket-mode', 'a Socket Mode app (no public URL; needs SLACK_APP_TOKEN)')
    .option('--name <name>', 'app name shown in Slack', appName, 'Herald')
    .option('--json', 'JSON instead of YAML')
    .action((flags: ManifestFlags) => setExit(runManifestSlack(flags, io)))
}

function httpsUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError('not a URL; use https://your-host')
  }
  if (url.protocol !== 'https:') throw new InvalidArgumentError('Slack requires an https:// URL')
  if (url.search || url.hash) throw new InvalidArgumentError('give the base URL without ?query or #fragment')
  return url.href.replace(/\/+$/, '')
}

function appName(value: string): string {
  if (value.trim().length === 0 || value.length > 35) throw new InvalidArgumentError('1 to 35 characters')
  return value.trim()
}
