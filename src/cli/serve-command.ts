/**
 * `herald serve`: connect to every configured platform in one process; with
 * none configured, open the console chat on the repository.
 */
import v8 from 'node:v8'
import type { Command } from 'commander'
import { createLogger, webhookEnvNames } from '../adapters/log/logger.ts'
import { runConsoleChat } from '../chat/console/console-chat.ts'
import { ConsolePoster } from '../chat/console/console-poster.ts'
import { ChatConfigError, planTransports, startChatTransports } from '../chat/http/start-transports.ts'
import { buildGitHubEvents, buildHerald, type HeraldApp } from '../compose/build-herald.ts'
import { type StillInFlight, sweepInterrupted } from '../flows/signoff/sweep.ts'
import { systemClock } from '../ports/clock.ts'
import type { Logger } from '../ports/logger.ts'
import type { StateStore } from '../ports/store.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

type ServeFlags = { repo?: string; config?: string }

/** How long SIGTERM waits for follow-ups in flight (Kubernetes sends SIGKILL after 30 s by default). */
const GRACE_MS = 10_000

export function registerServe(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('serve')
    .description(
      'Serve Slack and Discord as configured; with none configured, open the console chat on the repository.',
    )
    .option('--repo <dir>', 'repository to release from (local git forge)', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .addHelpText(
      'after',
      `
Platforms come from the environment (see docs/configuration.md, "Environment"):
  Slack    SLACK_BOT_TOKEN + SLACK_APP_TOKEN (Socket Mode), or + SLACK_SIGNING_SECRET and PORT (HTTP)
  Discord  DISCORD_TOKEN (gateway), or DISCORD_PUBLIC_KEY and PORT (HTTP interactions)
With PORT set, GET /healthz answers on it. SIGTERM stops taking new requests,
finishes those in flight, then exits. At start, a cut or post that a stopped
Herald left cutting/posting past its deadline becomes cut_failed / post_unknown
(audited, one "interrupted: …" log line each); nothing is re-cut or re-sent.`,
    )
    .action(async (flags: ServeFlags) => setExit(await runServe(flags, io)))
}

export async function runServe(flags: ServeFlags, io: Io): Promise<number> {
  // A server stays up for weeks holding little: V8's mode for small devices
  // grows the heap in smaller steps and collects sooner, which kept `serve`
  // after 500 `/release` at about 129 MiB resident against 132 to 141 without,
  // for the same CPU time (docs/benchmarks.md). A tuning flag: no result changes.
  v8.setFlagsFromString('--optimize-for-size')
  const modes = chatModes(io.env)
  const consoleMode = modes.slack === 'off' && modes.discord === 'off' && modes.github === 'off'
  if (consoleMode && modes.http !== 'off' && modes.console === 'off')
    // A container sets PORT: without a platform there is nothing to serve there, and no terminal for the console.
    throw new CliError(
      'PORT is set but neither Slack, Discord nor GitHub webhooks are configured: set SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET), DISCORD_PUBLIC_KEY (+ DISCORD_TOKEN) or GITHUB_WEBHOOK_SECRET, or unset PORT to use the console chat; `herald doctor` checks the setup',
    )
  const app = await buildHerald({
    env: io.env,
    cwd: io.cwd,
    repoDir: flags.repo,
    configPath: flags.config,
    fallbackPoster: consoleMode ? new ConsolePoster(io.out) : undefined,
  })
  let abandoned = 0
  try {
    if (consoleMode) return await serveConsole(app, flags, io)
    abandoned = await servePlatforms(app, io)
    return EXIT.ok
  } finally {
    await app.close()
    // Abandoned work would otherwise keep the process alive, then fail against the closed store.
    if (abandoned > 0) io.exitNow?.(EXIT.ok)
  }
}

/** What GitHub deliveries do, with `GITHUB_WEBHOOK_SECRET`; they need GitHub access to act. */
async function githubEvents(app: HeraldApp, io: Io, log: Logger) {
  if (chatModes(io.env).github === 'off') return undefined
  if (app.forgeKind !== 'github')
    throw new CliError(
      'GITHUB_WEBHOOK_SECRET is set but this Herald has no GitHub access: set GITHUB_TOKEN and `repo: owner/name` in herald.config.yaml, or unset GITHUB_WEBHOOK_SECRET',
    )
  return { events: await buildGitHubEvents(app, io.env, log), repository: app.config.repo ?? null }
}

function chatModes(env: NodeJS.ProcessEnv): ReturnType<typeof planTransports> {
  try {
    return planTransports(env)
  } catch (error) {
    if (error instanceof ChatConfigError) throw new CliError(error.message)
    throw error
  }
}

/** The console chat on standard input, with no platform configured. */
async function serveConsole(app: HeraldApp, flags: ServeFlags, io: Io): Promise<number> {
  // Cuts and posts a stopped Herald left in flight, explained before anything else.
  const swept = await sweepInterrupted(app.store, systemClock)
  for (const r of swept.interrupted) io.out(`${r.message}\n`)
  const lines = app.config.lines.map((l) => `${l.name} (${l.tagPrefix}…)`).join(', ')
  io.out(
    `Herald console on ${app.forgeKind === 'github' ? app.config.repo : (flags.repo ?? '.')}: lines ${lines}; ` +
      `drafts ${app.drafterKind === 'openai' ? 'with the OpenAI model' : 'offline (set OPENAI_API_KEY for the LLM drafter)'}.\n`,
  )
  if (!io.input) throw new CliError('the console chat needs standard input', EXIT.badInput)
  const web = await startWebConsole(app, io)
  try {
    await runConsoleChat({ input: io.input, write: io.out, flows: app.flows, prompt: io.interactive })
  } finally {
    await web?.close(2_000)
  }
  return EXIT.ok
}

/** With `PORT` and `HERALD_PUBLIC_URL`, the web console beside the console chat (`/release console` links to it). */
async function startWebConsole(app: HeraldApp, io: Io) {
  if (!app.console || chatModes(io.env).console === 'off') return undefined
  const log = createLogger({
    env: io.env,
    secretEnvNames: webhookEnvNames(app.config),
    write: io.err,
    terminal: io.interactive,
  })
  const transports = await startChatTransports({ env: io.env, flows: app.flows, log, console: app.console })
  io.out(`Web console on port ${transports.http?.port}: type /release console for a sign-in link.\n`)
  return transports
}

/** Slack and Discord until a stop signal; the number of requests abandoned after the grace period. */
async function servePlatforms(app: HeraldApp, io: Io): Promise<number> {
  // Structured JSON logs (pino) with every secret of the environment and every configured webhook masked.
  const log = createLogger({
    env: io.env,
    secretEnvNames: webhookEnvNames(app.config),
    write: io.err,
    terminal: io.interactive,
  })
  const { store } = app
  // One line when the store stops answering, one when it is back: not one per failing call.
  app.onStoreOutage((event) =>
    event.kind === 'down'
      ? log.error(
          'store unavailable: every click answers "could not finish", nothing is cut or posted, until it is back',
          {
            error: event.error,
          },
        )
      : log.info('store available again', { downForMs: event.downForMs }),
  )
  const followUp = await sweepAtStart(store, log)
  const transports = await startChatTransports({
    env: io.env,
    flows: app.flows,
    log,
    // A retry, a duplicate or the Edit click may reach another replica: the shared store holds what they need.
    claimDelivery: (id, ttlMs) => store.claim(`delivery:${id}`, '1', ttlMs),
    sharedTexts: store,
    github: await githubEvents(app, io, log),
    console: app.console,
  })
  log.info('herald serving', {
    slack: transports.modes.slack,
    discord: transports.modes.discord,
    github: transports.modes.github,
    port: transports.http?.port ?? null,
  })
  const signal = await (io.stopSignal?.() ?? new Promise<string>(() => {}))
  followUp.stop()
  log.info('herald stopping: no new requests; finishing those in flight', { signal })
  const abandoned = await transports.close(GRACE_MS)
  if (abandoned > 0)
    log.warn(
      'herald stopped with requests still in flight: a cut or post they started stays cutting/posting in `herald audit` until its deadline, then the next start (or the next click on it) reports it as interrupted',
      { inFlight: abandoned, graceMs: GRACE_MS },
    )
  else log.info('herald stopped')
  return abandoned
}

/**
 * The startup sweep: cuts and posts that a stopped Herald left in flight past
 * their deadline become cut_failed / post_unknown (audited, actor Herald), one
 * log line each. Those still within their deadline (a replica may be working
 * on them) are looked at again once it has passed. Never re-cuts or re-sends.
 */
async function sweepAtStart(store: StateStore, log: Logger): Promise<{ stop(): void }> {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const sweep = async (first = false): Promise<void> => {
    let inFlight: StillInFlight[] = []
    try {
      const swept = await sweepInterrupted(store, systemClock)
      for (const r of swept.interrupted)
        log.warn(r.message, { subject: r.subject, tag: r.tag, from: r.from, to: r.to })
      inFlight = swept.inFlight
      if (first)
        log.info('herald swept interrupted cuts and posts', {
          interrupted: swept.interrupted.length,
          stillInFlight: inFlight.length,
        })
    } catch (error) {
      log.warn('herald could not sweep interrupted cuts and posts; they are reported when next opened', {
        error: error instanceof Error ? error.message : String(error),
      })
    }
    if (stopped || inFlight.length === 0) return
    const next = Math.min(...inFlight.map((r) => Date.parse(r.deadline)))
    timer = setTimeout(() => void sweep(), Math.max(0, next - Date.now()) + 1_000)
    timer.unref()
  }
  await sweep(true)
  return {
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
