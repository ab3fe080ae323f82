/**
 * Herald as the GitHub Action runs it: the config of the checked-out
 * repository, the GitHub forge (the workflow's `GITHUB_TOKEN`, the runner's
 * `GITHUB_API_URL` and `GITHUB_REPOSITORY`), one forge per line branch, and
 * the webhooks the "published" message goes to. No store, chat or LLM.
 */
import type { ReleaseLine } from '../core/release-line.ts'
import { githubNoteSources } from '../flows/github-notes.ts'
import type { ReleasePrDeps } from '../flows/release/release-pr.ts'
import { systemClock } from '../ports/clock.ts'
import type { Poster } from '../ports/poster.ts'
import { buildForge, buildOutputOf, loadSetup, type Setup } from './build-adapters.ts'
import { SetupError } from './setup-error.ts'

export type ActionSetup = {
  setup: Setup
  /** What planning, release PRs and publishing need, on GitHub, for `line`'s branch. */
  depsFor(line: ReleaseLine): Promise<ReleasePrDeps>
  /** The "published" message's webhooks: `SLACK_WEBHOOK_URL`, `DISCORD_WEBHOOK_URL` (none set: none). */
  publishedPosters(): Promise<Poster[]>
}

export function buildActionSetup(options: {
  env: NodeJS.ProcessEnv
  cwd: string
  configPath?: string | undefined
}): ActionSetup {
  const { env } = options
  if (!env.GITHUB_TOKEN?.trim())
    throw new SetupError(
      'GITHUB_TOKEN is not set: the Action passes `token` (default: the workflow token) as GITHUB_TOKEN; give the job `permissions: contents: write, pull-requests: write`',
    )
  const workspace = env.GITHUB_WORKSPACE?.trim() || options.cwd
  const loaded = loadSetup({ env, cwd: workspace, configPath: options.configPath })
  // The workflow's own repository, unless the config names one.
  const repo = loaded.config.repo ?? env.GITHUB_REPOSITORY?.trim()
  if (!repo)
    throw new SetupError(
      'no repository: set `repo: owner/name` in herald.config.yaml (the runner sets GITHUB_REPOSITORY)',
    )
  const setup: Setup = { ...loaded, config: { ...loaded.config, repo } }
  return {
    setup,
    async depsFor(line) {
      const forge = await buildForge(setup, { branch: line.branch })
      if (forge.kind !== 'github')
        throw new SetupError('the Action releases through GitHub: set GITHUB_TOKEN')
      return {
        forge: forge.forge,
        host: forge.forge,
        lines: setup.config.lines,
        clock: systemClock,
        repoWebUrl: forge.repoWebUrl,
        // The workflow's build output, in the checked-out workspace: a line's checksums.
        buildOutput: buildOutputOf(setup),
        ...githubNoteSources(forge.forge),
      }
    },
    publishedPosters: () => publishedPosters(env),
  }
}

async function publishedPosters(env: NodeJS.ProcessEnv): Promise<Poster[]> {
  const [{ resolveWebhookUrl }, { SlackWebhookPoster }, { DiscordWebhookPoster }] = await Promise.all([
    import('../adapters/webhook/webhook-url.ts'),
    import('../adapters/webhook/slack-webhook-poster.ts'),
    import('../adapters/webhook/discord-webhook-poster.ts'),
  ])
  const posters: Poster[] = []
  for (const [envName, make] of [
    ['SLACK_WEBHOOK_URL', (url: URL) => new SlackWebhookPoster(url)],
    ['DISCORD_WEBHOOK_URL', (url: URL) => new DiscordWebhookPoster(url)],
  ] as const) {
    if (!env[envName]?.trim()) continue
    const url = resolveWebhookUrl({ envName, env, lineName: 'published' })
    // A bad URL is a setup error before anything is published, not a message lost afterwards.
    if (!url.ok) throw new SetupError(url.message)
    posters.push(make(url.url))
  }
  return posters
}
