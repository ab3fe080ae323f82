/**
 * `herald manifest slack`: the Slack app manifest, generated from `commands/`.
 * `herald manifest github-app`: the GitHub App manifest of `POST /github/webhook`.
 */
import { type Command, InvalidArgumentError } from 'commander'
import { stringify } from 'yaml'
import { COMMAND_DEFINITIONS } from '../../commands/index.ts'
import { renderSlackManifest } from '../../commands/slack-manifest.ts'
import { githubAppManifest } from '../chat/github/github-app-manifest.ts'
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
  manifest
    .command('github-app')
    .description('The GitHub App manifest: the webhook, its events and the permissions Herald needs.')
    .requiredOption(
      '--url <url>',
      'public HTTPS base URL of herald serve (GitHub posts to <url>/github/webhook)',
      (v: string) => httpsUrl(v, 'GitHub'),
    )
    .option('--name <name>', 'app name shown on GitHub (unique on GitHub)', githubAppName, 'Herald')
    .option('--json', 'JSON (what GitHub takes) instead of YAML')
    .action((flags: Required<Pick<ManifestFlags, 'url'>> & ManifestFlags) =>
      setExit(runManifestGitHubApp(flags, io)),
    )
}

/** Paste the JSON into GitHub's "register an App from a manifest" form, or POST it (docs/github-events.md). */
export function runManifestGitHubApp(
  flags: { url: string; name: string; json?: boolean | undefined },
  io: Io,
): number {
  const manifest = githubAppManifest({ name: flags.name, baseUrl: flags.url })
  io.out(flags.json ? `${JSON.stringify(manifest, null, 2)}\n` : stringify(manifest))
  return EXIT.ok
}

/** GitHub App names: at most 34 characters. */
function githubAppName(value: string): string {
  if (value.trim().length === 0 || value.trim().length > 34)
    throw new InvalidArgumentError('1 to 34 characters')
  return value.trim()
}

function httpsUrl(value: string, platform = 'Slack'): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError('not a URL; use https://your-host')
  }
  if (url.protocol !== 'https:') throw new InvalidArgumentError(`${platform} requires an https:// URL`)
  if (url.search || url.hash) throw new InvalidArgumentError('give the base URL without ?query or #fragment')
  return url.href.replace(/\/+$/, '')
}

function appName(value: string): string {
  if (value.trim().length === 0 || value.length > 35) throw new InvalidArgumentError('1 to 35 characters')
  return value.trim()
}
