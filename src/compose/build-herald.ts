/**
 * Herald as `herald serve` runs it (and the end-to-end tests build it): the
 * adapters from `build-adapters.ts` wired into the chat flows.
 */

import { webhookEnvNames } from '../adapters/log/logger.ts'
import { collectSecrets, createRedactor } from '../adapters/log/redact-secrets.ts'
import type { OutageEvent } from '../adapters/store/outage-tracker.ts'
import type { HeraldConfig } from '../config/load-config.ts'
import { parsePendingTtl } from '../core/pending-ttl.ts'
import { parsePushDebounce } from '../core/push-debounce.ts'
import { resolveVoice } from '../core/voice/voice-options.ts'
import { ChatRouter } from '../flows/chat-router.ts'
import type { GitHubEventFlow } from '../flows/github/github-events.ts'
import { githubNoteSources } from '../flows/github-notes.ts'
import { releaseTextForLine } from '../flows/line-notes.ts'
import { channelStatus } from '../flows/release/channels/channel-status.ts'
import { readIndex } from '../flows/release/channels/index-move.ts'
import { PreviewMessages } from '../flows/release/preview-messages.ts'
import type { ReleaseFlow } from '../flows/release/release-flow.ts'
import type { ReleaseDeps } from '../flows/release/release-kind.ts'
import type { ChatFlows } from '../flows/view.ts'
import { ConsoleAccess } from '../flows/web-console/console-access.ts'
import { type ConsoleBackend, consoleBackend } from '../flows/web-console/console-backend.ts'
import type { BackportHost } from '../ports/backport-host.ts'
import { type Clock, systemClock } from '../ports/clock.ts'
import type { Forge } from '../ports/forge.ts'
import type { Logger } from '../ports/logger.ts'
import type { Poster } from '../ports/poster.ts'
import type { StateStore } from '../ports/store.ts'
import {
  buildBackports,
  buildDrafter,
  buildForge,
  buildGrouper,
  buildOutputOf,
  buildPosters,
  buildReleaseFinder,
  type ForgeChoice,
  indexAccess,
  loadSetup,
  openStateStore,
  type Setup,
  storeSpec,
  trackStoreOutages,
} from './build-adapters.ts'
import { redactingFlows, redactingPending, redactView } from './redacting-flows.ts'
import { SetupError } from './setup-error.ts'

export { SetupError }

export type HeraldApp = {
  config: HeraldConfig
  forge: Forge
  store: StateStore
  flows: ChatFlows
  /** The release flow behind `flows`, for what GitHub events set off. */
  release: ReleaseFlow
  /** What the release flow was built with (release PRs refreshed on pushes use the same). */
  releaseDeps: ReleaseDeps
  /** `github` with GITHUB_TOKEN and `repo`; `git` otherwise. */
  forgeKind: 'github' | 'git'
  drafterKind: 'openai' | 'offline'
  /** Told once when the store starts failing and once when it answers again (`herald serve` logs it). */
  onStoreOutage(listener: (event: OutageEvent) => void): void
  /** The web console's pages, with `HERALD_PUBLIC_URL`. */
  console: ConsoleBackend | undefined
  /** Where each updatable preview was shown (chat front-ends write it through `flows.shown`). */
  previewMessages: PreviewMessages
  /** The masking every chat text passes (messages Herald replaces by itself too). */
  redact: (text: string) => string
  close(): Promise<void>
}

export type BuildOptions = {
  env: NodeJS.ProcessEnv
  cwd: string
  /** The repository (local forge); default `cwd`. */
  repoDir?: string | undefined
  configPath?: string | undefined
  clock?: Clock | undefined
  /**
   * Where announcements of lines without a webhook go (the console prints
   * them). Without it such a line cannot post, and says how to configure one.
   */
  fallbackPoster?: Poster | undefined
}

export async function buildHerald(options: BuildOptions): Promise<HeraldApp> {
  const { env } = options
  const setup = loadSetup({ env, cwd: options.cwd, repo: options.repoDir, configPath: options.configPath })
  const { config } = setup
  // Previews come again and again in a chat: keep what each plan read for the next one.
  const forge = await buildForge(setup, { keepCommits: true })
  const spec = await storeSpec(env, options.cwd, setup.repoDir)
  if (!spec.ok) throw new SetupError(spec.error)
  const pendingTtlMs = settingOrThrow(parsePendingTtl(env.HERALD_PENDING_TTL))
  const publicUrl = parsePublicUrl(env.HERALD_PUBLIC_URL)
  const { store, onChange: onStoreOutage } = await trackStoreOutages(await openStateStore(spec.value, env))
  const clock = options.clock ?? systemClock
  const access = publicUrl ? new ConsoleAccess({ store, clock, auth: config.auth, publicUrl }) : undefined
  const [drafter, grouper, posters, index] = await Promise.all([
    buildDrafter(env),
    buildGrouper(env),
    buildPosters(setup, options.fallbackPoster),
    indexAccess(forge, env),
  ])
  const deps = {
    store,
    clock,
    auth: config.auth,
    consoleLinks: access,
    forge: forge.forge,
    lines: config.lines,
    repoWebUrl: forge.repoWebUrl,
    finder: await buildReleaseFinder(setup, forge),
    drafter: drafter.drafter,
    // The same key groups a final release's CHANGELOG section, as a proposal the preview offers.
    grouper,
    voice: resolveVoice(config.voice),
    posters,
    channels: Object.fromEntries(config.lines.map((l) => [l.name, l.announce?.channel])),
    pendingTtlMs,
    ...(await releaseAccess(forge, setup)),
    ...index,
  }
  const router = new ChatRouter(deps)
  // What reaches a chat is masked like the logs: the environment's secrets and secret shapes.
  const redact = createRedactor(collectSecrets(env, webhookEnvNames(config))).text
  const previewMessages = new PreviewMessages({ store, now: () => clock.now().getTime() })
  const flows: ChatFlows = {
    ...redactingFlows(router, redact),
    shown: (view, where) => previewMessages.remember(view, where),
  }
  return {
    config,
    forge: forge.forge,
    store,
    flows,
    release: router.release,
    releaseDeps: deps,
    forgeKind: forge.kind,
    drafterKind: drafter.kind,
    onStoreOutage,
    previewMessages,
    redact,
    console:
      access &&
      publicUrl &&
      webConsole({ access, publicUrl, router, flows, redact, config, forge, store, deps }),
    close: () => store.close(),
  }
}

/** The value of a parsed setting, or the setup error that says what is wrong with it. */
function settingOrThrow<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new SetupError(parsed.error)
  return parsed.value
}

/** The web console's pages: they show and act like chat, every text through the same redaction. */
function webConsole(d: {
  access: ConsoleAccess
  publicUrl: URL
  router: ChatRouter
  flows: ChatFlows
  redact: (text: string) => string
  config: HeraldConfig
  forge: ForgeChoice
  store: StateStore
  deps: ReleaseDeps
}): ConsoleBackend {
  const { deps } = d
  const hasChannels = d.config.lines.some((l) => l.channels)
  return consoleBackend({
    access: d.access,
    publicUrl: d.publicUrl,
    flows: {
      ...d.flows,
      release: redactingPending(d.router.release, d.redact),
      announce: redactingPending(d.router.announce, d.redact),
    },
    lines: d.config.lines,
    history: d.forge.forge,
    store: d.store,
    // Release notes as `herald notes --at TAG` builds them; the page escapes them, and the redactor masks secrets.
    notes: async (line, tag, version) => {
      const text = await releaseTextForLine(
        deps.forge,
        deps.lines,
        {
          line: line.name,
          at: tag,
          version,
          bump: 'auto',
          enrich: deps.enrich,
          repositoryNotes: deps.repositoryNotes,
        },
        deps.clock,
        deps.repoWebUrl,
      )
      return text.ok ? { ok: true, markdown: d.redact(text.markdown) } : { ok: false, problem: text.message }
    },
    index: async (line) => (await readIndex(deps, line)).stored?.doc.signed ?? null,
    channels: hasChannels
      ? async () => {
          const status = await channelStatus(deps, undefined)
          if (!status.ok) throw new Error(status.message)
          return status.lines.map(({ line, stable, canary }) => ({ line, stable, canary }))
        }
      : null,
  })
}

/** `HERALD_PUBLIC_URL`: an http(s) origin the console's links and forms use (`herald console-link` reads it too). */
export function parsePublicUrl(value: string | undefined): URL | undefined {
  if (!value?.trim()) return undefined
  const url = URL.canParse(value.trim()) ? new URL(value.trim()) : null
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    url.username
  )
    throw new SetupError(
      `HERALD_PUBLIC_URL: expected the address people reach herald serve at, like https://herald.example.com, with no path (${value.includes('@') ? 'a URL with credentials' : value})`,
    )
  return url
}

/**
 * CI, files and release PRs: the GitHub forge has them all, with label-based
 * notes; the local one only files. Backports both (`/release backport`).
 */
async function releaseAccess(
  forge: ForgeChoice,
  setup: Setup,
): Promise<
  Pick<ReleaseDeps, 'host' | 'prHost' | 'files' | 'enrich' | 'repositoryNotes' | 'buildOutput'> & {
    backports: BackportHost
  }
> {
  // A line's `checksums.from` files: the build output in the checkout Herald works in.
  const buildOutput = buildOutputOf(setup)
  const backports = await buildBackports(setup, forge)
  if (forge.kind === 'github')
    return {
      host: forge.forge,
      prHost: forge.forge,
      backports,
      ...githubNoteSources(forge.forge),
      buildOutput,
    }
  return { files: forge.forge, backports, buildOutput }
}

/**
 * What GitHub webhook deliveries do (`herald serve` with `GITHUB_WEBHOOK_SECRET`):
 * publish merged release PRs through `app.release`, and post "published"
 * messages with the Slack or Discord bot token (loaded only when a line has `notify`).
 */
export async function buildGitHubEvents(
  app: HeraldApp,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<GitHubEventFlow> {
  const [{ GitHubEventFlow }, { Debouncer }, { releasePrDeps }, { updateReleasePr }, notifier, updater] =
    await Promise.all([
      import('../flows/github/github-events.ts'),
      import('../flows/github/debounce.ts'),
      import('../flows/release/release-kind.ts'),
      import('../flows/release/release-pr.ts'),
      app.config.lines.some((l) => l.notify)
        ? import('../chat/channel-notifier.ts').then((m) => m.buildChannelNotifier(env))
        : null,
      import('../chat/preview-updater.ts').then((m) =>
        m.buildPreviewUpdater(env, (view) => redactView(view, app.redact)),
      ),
    ])
  const debounce = parsePushDebounce(env.HERALD_PUSH_DEBOUNCE)
  if (!debounce.ok) throw new SetupError(debounce.error)
  const prDeps = releasePrDeps(app.releaseDeps)
  return new GitHubEventFlow({
    release: app.release,
    lines: app.config.lines,
    notifier,
    log,
    refreshReleasePr: prDeps && ((line) => updateReleasePr(prDeps, line, { refresh: true })),
    debouncer: new Debouncer(debounce.value),
    previews: { messages: app.previewMessages, updater },
  })
}
