/**
 * The composition root: the only place that builds adapters and wires them
 * into the flows (STYLE.md). `herald serve` and the end-to-end tests use it.
 */
import { resolve } from 'node:path'
import { GitForge } from './adapters/git/git-forge.ts'
import { webUrlFor } from './adapters/github/github-client.ts'
import { GitHubForge } from './adapters/github/github-forge.ts'
import { openAiGrouperFromEnv } from './adapters/openai/openai-changelog-grouper.ts'
import { openAiModelFromEnv } from './adapters/openai/openai-draft-model.ts'
import { openStore, parseStoreSpec, storeOptionsFromEnv } from './adapters/store/open-store.ts'
import { webhookPosters } from './adapters/webhook/webhook-posters.ts'
import { type HeraldConfig, loadConfig } from './config/load-config.ts'
import { parsePendingTtl } from './core/pending-ttl.ts'
import { resolveVoice } from './core/voice/voice-options.ts'
import { ChatRouter } from './flows/chat-router.ts'
import { createDrafter } from './flows/draft-announcement.ts'
import { ForgeReleaseFinder } from './flows/find-release.ts'
import { githubNoteSources } from './flows/github-notes.ts'
import type { ReleaseDeps } from './flows/release/release-kind.ts'
import type { ChatFlows } from './flows/view.ts'
import type { Clock } from './ports/clock.ts'
import { systemClock } from './ports/clock.ts'
import type { Forge } from './ports/forge.ts'
import type { Poster, PosterLookup } from './ports/poster.ts'
import type { StateStore } from './ports/store.ts'

export type HeraldApp = {
  config: HeraldConfig
  forge: Forge
  store: StateStore
  flows: ChatFlows
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

/** A setup problem reported as one line by `herald serve` (exit 2). */
export class SetupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SetupError'
  }
}

export async function buildHerald(options: BuildOptions): Promise<HeraldApp> {
  const { env } = options
  const repoDir = resolve(options.cwd, options.repoDir ?? '.')
  const loaded = loadConfig({
    explicitPath: options.configPath && resolve(options.cwd, options.configPath),
    repoDir,
    env,
  })
  if (!loaded.ok) throw new SetupError(loaded.errors.join('\n'))
  const config = loaded.config

  const token = env.GITHUB_TOKEN?.trim()
  let forge: Forge
  let repoWebUrl: string | null
  // CI, files and release PRs: the GitHub forge has them all; the local one only files.
  let releaseAccess: Pick<ReleaseDeps, 'host' | 'prHost' | 'files' | 'enrich' | 'repositoryNotes'>
  if (token && config.repo) {
    const github = new GitHubForge({
      token,
      baseUrl: env.GITHUB_API_URL?.trim() || undefined,
      repository: config.repo,
      scopes: config.lines.map((l) => ({ paths: l.paths, excludePaths: l.excludePaths })),
    })
    forge = github
    // Label-based notes for previews, cuts and release PRs alike (issue 6).
    releaseAccess = { host: github, prHost: github, ...githubNoteSources(github) }
    const [owner, name] = config.repo.split('/') as [string, string]
    repoWebUrl = webUrlFor(env.GITHUB_API_URL?.trim() || undefined, owner, name)
  } else {
    const git = new GitForge(repoDir)
    await git.assertRepository()
    forge = git
    releaseAccess = { files: git }
    repoWebUrl = config.repo ? `https://github.com/${config.repo}` : await git.webUrl()
  }

  const spec = parseStoreSpec(env.HERALD_STORE, options.cwd)
  if (!spec.ok) throw new SetupError(spec.error)
  const pendingTtl = parsePendingTtl(env.HERALD_PENDING_TTL)
  if (!pendingTtl.ok) throw new SetupError(pendingTtl.error)
  const store = await openStore(spec.value, storeOptionsFromEnv(env))

  const model = openAiModelFromEnv(env)
  const webhooks = webhookPosters({ lines: config.lines, env, dotenvPath: resolve(options.cwd, '.env') })
  const posters: PosterLookup = (lineName) => {
    const line = config.lines.find((l) => l.name === lineName)
    if (options.fallbackPoster && line && !line.announce?.webhook)
      return { ok: true, poster: options.fallbackPoster }
    return webhooks(lineName)
  }

  const clock = options.clock ?? systemClock
  const flows = new ChatRouter({
    store,
    clock,
    auth: config.auth,
    forge,
    lines: config.lines,
    repoWebUrl,
    finder: new ForgeReleaseFinder(forge, config.lines, repoWebUrl),
    drafter: createDrafter({ model }),
    // The same key groups a final release's CHANGELOG section, as a proposal the preview offers.
    grouper: openAiGrouperFromEnv(env),
    voice: resolveVoice(config.voice),
    posters,
    channels: Object.fromEntries(config.lines.map((l) => [l.name, l.announce?.channel])),
    pendingTtlMs: pendingTtl.value,
    ...releaseAccess,
  })
  return {
    config,
    forge,
    store,
    flows,
    forgeKind: token && config.repo ? 'github' : 'git',
    drafterKind: model ? 'openai' : 'offline',
    close: () => store.close(),
  }
}
