/**
 * Starts the Slack and Discord transports the environment configures
 * (DESIGN.md's environment contract), and the HTTP server when `PORT` is set.
 * `herald serve` calls this with its flows; the console is started separately.
 *
 * - Slack: `SLACK_BOT_TOKEN` + `SLACK_APP_TOKEN` -> Socket Mode;
 *   `SLACK_BOT_TOKEN` + `PORT` + `SLACK_SIGNING_SECRET` -> HTTP at /slack/events.
 * - Discord: `PORT` + `DISCORD_PUBLIC_KEY` -> HTTP interactions at
 *   /discord/interactions (no gateway); otherwise `DISCORD_TOKEN` -> gateway.
 * - GitHub: `PORT` + `GITHUB_WEBHOOK_SECRET` -> webhook deliveries at /github/webhook.
 * - Web console: `PORT` + `HERALD_PUBLIC_URL` -> the pages under /console.
 */
import type { GitHubEventFlow } from '../../flows/github/github-events.ts'
import type { ChatFlows } from '../../flows/view.ts'
import type { ConsoleBackend } from '../../flows/web-console/console-backend.ts'
import { DiscordHttpEndpoint } from '../discord/discord-http-endpoint.ts'
import { DiscordInteractions } from '../discord/discord-interactions.ts'
import { parseDiscordPublicKey } from '../discord/verify-discord-request.ts'
import { GitHubWebhookEndpoint } from '../github/github-webhook-endpoint.ts'
import type { SharedTexts } from '../platform/action-ids.ts'
import type { ChatLog } from '../platform/log.ts'
import type { ClaimDelivery } from '../platform/seen-ids.ts'
import { SlackHttpReceiver } from '../slack/slack-http-receiver.ts'
import { WebConsole } from './console/web-console.ts'
import { type HttpServerHandle, startHttpServer } from './http-server.ts'

export type TransportModes = {
  slack: 'socket' | 'http' | 'off'
  discord: 'gateway' | 'http' | 'off'
  github: 'http' | 'off'
  console: 'http' | 'off'
  http: { port: number } | 'off'
}

export type ChatTransports = {
  modes: TransportModes
  /** The HTTP server, when `PORT` is set. */
  http: HttpServerHandle | undefined
  /**
   * Graceful shutdown: stop taking requests, finish follow-ups (up to
   * `timeoutMs`), disconnect; resolves with how many follow-ups are still running.
   */
  close(timeoutMs?: number): Promise<number>
}

/** A configuration problem `herald serve` reports as one line (exit 2). */
export class ChatConfigError extends Error {
  readonly code = 'chat_config'
  constructor(message: string) {
    super(message)
    this.name = 'ChatConfigError'
  }
}

/** Which transports the environment asks for; throws `ChatConfigError` on an incomplete or bad setting. */
export function planTransports(env: NodeJS.ProcessEnv): TransportModes {
  const has = (name: string) => Boolean(env[name]?.trim())
  let http: TransportModes['http'] = 'off'
  if (has('PORT')) {
    const port = Number(env['PORT'])
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new ChatConfigError(`PORT must be a port number from 0 to 65535 (${env['PORT']})`)
    http = { port }
  }
  let slack: TransportModes['slack'] = 'off'
  if (has('SLACK_BOT_TOKEN') || has('SLACK_APP_TOKEN') || has('SLACK_SIGNING_SECRET')) {
    if (!has('SLACK_BOT_TOKEN'))
      throw new ChatConfigError(
        'Slack: SLACK_BOT_TOKEN is not set (the xoxb- token from OAuth & Permissions)',
      )
    if (has('SLACK_APP_TOKEN')) slack = 'socket'
    else if (http === 'off')
      throw new ChatConfigError(
        'Slack: set SLACK_APP_TOKEN for Socket Mode, or PORT and SLACK_SIGNING_SECRET for HTTP mode',
      )
    else if (!has('SLACK_SIGNING_SECRET'))
      throw new ChatConfigError(
        'Slack: HTTP mode needs SLACK_SIGNING_SECRET (Basic Information -> App Credentials); refusing to start without it',
      )
    else slack = 'http'
  }
  let discord: TransportModes['discord'] = 'off'
  if (http !== 'off' && has('DISCORD_PUBLIC_KEY')) discord = 'http'
  else if (has('DISCORD_TOKEN')) discord = 'gateway'
  else if (has('DISCORD_PUBLIC_KEY'))
    throw new ChatConfigError(
      'Discord: DISCORD_PUBLIC_KEY is set but PORT is not; set PORT for HTTP interactions, or DISCORD_TOKEN for the gateway',
    )
  let github: TransportModes['github'] = 'off'
  if (has('GITHUB_WEBHOOK_SECRET')) {
    if (http === 'off')
      throw new ChatConfigError(
        'GitHub: GITHUB_WEBHOOK_SECRET is set but PORT is not; set PORT so GitHub can deliver to /github/webhook',
      )
    github = 'http'
  }
  let webConsole: TransportModes['console'] = 'off'
  if (has('HERALD_PUBLIC_URL')) {
    if (http === 'off')
      throw new ChatConfigError(
        'Web console: HERALD_PUBLIC_URL is set but PORT is not; set PORT so the console can be served, or unset HERALD_PUBLIC_URL',
      )
    webConsole = 'http'
  }
  return { slack, discord, github, console: webConsole, http }
}

type TransportOptions = {
  env: NodeJS.ProcessEnv
  flows: ChatFlows
  log: ChatLog
  /** Interface to bind the HTTP server to; default all. */
  host?: string
  now?: () => number
  /** Dedupe of retried or duplicated deliveries across replicas; without it, per process only. */
  claimDelivery?: ClaimDelivery | undefined
  /** Edit texts every replica can read; without it, per process only. */
  sharedTexts?: SharedTexts | undefined
  /** What GitHub deliveries do, and the repository they must be for (`repo`). */
  github?:
    | {
        events: Pick<GitHubEventFlow, 'pullRequestMerged' | 'pushed' | 'ciCompleted' | 'flush'>
        repository: string | null
      }
    | undefined
  /** The web console's pages, with `HERALD_PUBLIC_URL` (built by `buildHerald`). */
  console?: ConsoleBackend | undefined
}

type Closer = (timeoutMs?: number) => Promise<number>

export async function startChatTransports(options: TransportOptions): Promise<ChatTransports> {
  const { env, log } = options
  const modes = planTransports(env)
  const closers: Closer[] = []
  try {
    const slackEndpoint = modes.slack === 'off' ? undefined : await startSlack(options, modes.slack, closers)
    const discordEndpoint =
      modes.discord === 'off' ? undefined : await startDiscord(options, modes.discord, closers)
    const http =
      modes.http === 'off'
        ? undefined
        : await startHttpServer({
            port: modes.http.port,
            host: options.host,
            slack: slackEndpoint,
            discord: discordEndpoint,
            github: githubEndpoint(modes, options),
            console: consoleRoutes(modes, options),
            log,
          })
    if (http) {
      modes.http = { port: http.port }
      closers.unshift((timeoutMs?: number) => http.close(timeoutMs))
    }
    return {
      modes,
      http,
      async close(timeoutMs = 10_000) {
        let left = 0
        for (const close of closers) left += await close(timeoutMs).catch(() => 0)
        return left
      },
    }
  } catch (error) {
    for (const close of closers) await close().catch(() => {})
    throw error
  }
}

// Each SDK is loaded only when its platform is configured (Bolt alone is about 40 MiB).

async function startSlack(
  options: TransportOptions,
  mode: 'socket' | 'http',
  closers: Closer[],
): Promise<SlackHttpReceiver | undefined> {
  const { env, flows, log } = options
  const now = options.now ? { now: options.now } : {}
  const endpoint =
    mode === 'http'
      ? new SlackHttpReceiver({ signingSecret: env['SLACK_SIGNING_SECRET']!, log, ...now })
      : undefined
  const { createSlackApp } = await import('../slack/slack-app.ts')
  const app = createSlackApp({
    flows,
    log,
    botToken: env['SLACK_BOT_TOKEN']!,
    appToken: mode === 'socket' ? env['SLACK_APP_TOKEN'] : undefined,
    receiver: endpoint,
    apiUrl: env['SLACK_API_URL'],
    claimDelivery: options.claimDelivery,
    sharedTexts: options.sharedTexts,
    ...now,
  })
  await app.start()
  closers.push(() => app.stop().then(() => 0))
  return endpoint
}

async function startDiscord(
  options: TransportOptions,
  mode: 'gateway' | 'http',
  closers: Closer[],
): Promise<DiscordHttpEndpoint | undefined> {
  const { env, flows, log } = options
  const now = options.now ? { now: options.now } : {}
  const { createDiscordRest } = await import('../discord/discord-rest.ts')
  const rest = createDiscordRest(env['DISCORD_API_URL'] || undefined, env['DISCORD_TOKEN'] || undefined)
  const interactions = new DiscordInteractions({
    flows,
    rest,
    log,
    claimDelivery: options.claimDelivery,
    sharedTexts: options.sharedTexts,
    ...now,
  })
  if (mode === 'http') {
    const publicKey = parseDiscordPublicKey(env['DISCORD_PUBLIC_KEY']!)
    return new DiscordHttpEndpoint({ interactions, publicKey, log, ...now })
  }
  const { startDiscordGateway } = await import('../discord/discord-gateway.ts')
  const gateway = await startDiscordGateway({ token: env['DISCORD_TOKEN']!, interactions, rest, log })
  closers.push(() => gateway.close().then(() => 0))
  return undefined
}

function consoleRoutes(modes: TransportModes, options: TransportOptions): WebConsole | undefined {
  if (modes.console === 'off') return undefined
  if (!options.console)
    throw new ChatConfigError('Web console: HERALD_PUBLIC_URL is set but this Herald has no web console')
  return new WebConsole(options.console, options.log)
}

function githubEndpoint(modes: TransportModes, options: TransportOptions): GitHubWebhookEndpoint | undefined {
  if (modes.github === 'off') return undefined
  if (!options.github)
    throw new ChatConfigError('GitHub: GITHUB_WEBHOOK_SECRET is set but this Herald has no GitHub event flow')
  return new GitHubWebhookEndpoint({
    secret: options.env['GITHUB_WEBHOOK_SECRET']!.trim(),
    events: options.github.events,
    repository: options.github.repository,
    log: options.log,
    claimDelivery: options.claimDelivery,
    ...(options.now ? { now: options.now } : {}),
  })
}
