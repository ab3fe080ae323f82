/**
 * Herald as `herald serve` runs it (and the end-to-end tests build it): the
 * adapters from `build-adapters.ts` wired into the chat flows.
 */

import type { HeraldConfig } from '../config/load-config.ts'
import { parsePendingTtl } from '../core/pending-ttl.ts'
import { resolveVoice } from '../core/voice/voice-options.ts'
import { ChatRouter } from '../flows/chat-router.ts'
import type { GitHubEventFlow } from '../flows/github/github-events.ts'
import { githubNoteSources } from '../flows/github-notes.ts'
import type { ReleaseFlow } from '../flows/release/release-flow.ts'
import type { ReleaseDeps } from '../flows/release/release-kind.ts'
import type { ChatFlows } from '../flows/view.ts'
import { type Clock, systemClock } from '../ports/clock.ts'
import type { Forge } from '../ports/forge.ts'
import type { Logger } from '../ports/logger.ts'
import type { Poster } from '../ports/poster.ts'
import type { StateStore } from '../ports/store.ts'
import {
  buildDrafter,
  buildForge,
  buildGrouper,
  buildPosters,
  buildReleaseFinder,
  type ForgeChoice,
  indexAccess,
  loadSetup,
  openStateStore,
  storeSpec,
} from './build-adapters.ts'
import { SetupError } from './setup-error.ts'

export { SetupError }

export type HeraldApp = {
  config: HeraldConfig
  forge: Forge
  store: StateStore
  flows: ChatFlows
  /** The release flow behind `flows`, for what GitHub events set off. */
  release: ReleaseFlow
  /** `github` with GITHUB_TOKEN and `repo`; `git` otherwise. */
  forgeKind: 'github' | 'git'
  drafterKind: 'openai' | 'offline'
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
  const pendingTtl = parsePendingTtl(env.HERALD_PENDING_TTL)
  if (!pendingTtl.ok) throw new SetupError(pendingTtl.error)
  const store = await openStateStore(spec.value, env)
  const [drafter, grouper, posters] = await Promise.all([
    buildDrafter(env),
    buildGrouper(env),
    buildPosters(setup, options.fallbackPoster),
  ])
  const flows = new ChatRouter({
    store,
    clock: options.clock ?? systemClock,
    auth: config.auth,
    forge: forge.forge,
    lines: config.lines,
    repoWebUrl: forge.repoWebUrl,
    finder: buildReleaseFinder(setup, forge),
    drafter: drafter.drafter,
    // The same key groups a final release's CHANGELOG section, as a proposal the preview offers.
    grouper,
    voice: resolveVoice(config.voice),
    posters,
    channels: Object.fromEntries(config.lines.map((l) => [l.name, l.announce?.channel])),
    pendingTtlMs: pendingTtl.value,
    ...releaseAccess(forge),
    ...indexAccess(forge, env),
  })
  return {
    config,
    forge: forge.forge,
    store,
    flows,
    release: flows.release,
    forgeKind: forge.kind,
    drafterKind: drafter.kind,
    close: () => store.close(),
  }
}

/** CI, files and release PRs: the GitHub forge has them all, with label-based notes; the local one only files. */
function releaseAccess(
  forge: ForgeChoice,
): Pick<ReleaseDeps, 'host' | 'prHost' | 'files' | 'enrich' | 'repositoryNotes'> {
  if (forge.kind === 'github')
    return { host: forge.forge, prHost: forge.forge, ...githubNoteSources(forge.forge) }
  return { files: forge.forge }
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
  const [{ GitHubEventFlow }, notifier] = await Promise.all([
    import('../flows/github/github-events.ts'),
    app.config.lines.some((l) => l.notify)
      ? import('../chat/channel-notifier.ts').then((m) => m.buildChannelNotifier(env))
      : null,
  ])
  return new GitHubEventFlow({ release: app.release, lines: app.config.lines, notifier, log })
}
