/**
 * The composition root: the only place that turns the config and the
 * environment into adapters (the forge and the repository's web address, the
 * drafter's model, the changelog grouper, the state store, the posters, the
 * release finder). `herald serve` and every CLI command take them from here.
 *
 * Each factory loads its adapter on demand: `herald plan` must not pay for
 * Octokit, OpenAI or the store's drivers when it does not use them, since
 * scripts call it once per tag.
 */

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { localBuildOutput } from '../adapters/fs/build-output.ts'
import { CommitCache } from '../adapters/git/commit-cache.ts'
import { GitForge } from '../adapters/git/git-forge.ts'
import type { GitHubForge } from '../adapters/github/github-forge.ts'
import type { OpenAiChangelogGrouper } from '../adapters/openai/openai-changelog-grouper.ts'
import type { StoreSpec } from '../adapters/store/open-store.ts'
import { type HeraldConfig, loadConfig } from '../config/load-config.ts'
import { defaultBranch } from '../config/repo-defaults.ts'
import type { IndexKey } from '../core/index/index-signature.ts'
import type { Result } from '../core/result.ts'
import type { ReleaseFinder } from '../flows/find-release.ts'
import type { BackportHost } from '../ports/backport-host.ts'
import type { BuildOutput } from '../ports/build-output.ts'
import type { Drafter } from '../ports/drafter.ts'
import type { Poster, PosterLookup } from '../ports/poster.ts'
import type { ReleaseIndexHost } from '../ports/release-index-host.ts'
import type { StateStore } from '../ports/store.ts'
import { SetupError } from './setup-error.ts'

/** What every factory reads: the environment, where Herald runs, the repository and its config. */
export type Setup = {
  env: NodeJS.ProcessEnv
  cwd: string
  /** The repository (the local forge, the config lookup), absolute. */
  repoDir: string
  config: HeraldConfig
}

export type SetupInput = {
  env: NodeJS.ProcessEnv
  cwd: string
  /** `--repo`; default `cwd`. */
  repo?: string | undefined
  /** `--config`; default `$HERALD_CONFIG`, else herald.config.yaml in the repository. */
  configPath?: string | undefined
}

/** The config for `--repo` and `--config`; a bad one is a `SetupError` listing every problem. */
export function loadSetup(input: SetupInput): Setup {
  const repoDir = resolve(input.cwd, input.repo ?? '.')
  // Checked first: git run in a folder that does not exist fails as if git were missing.
  if (!existsSync(repoDir))
    throw new SetupError(
      `${input.repo === undefined ? 'the current folder' : `--repo ${input.repo}`}: no such folder (${repoDir}): give the path of a git repository`,
    )
  const loaded = loadConfig({
    explicitPath: input.configPath && resolve(input.cwd, input.configPath),
    repoDir,
    env: input.env,
  })
  if (!loaded.ok) throw new SetupError(loaded.errors.join('\n'))
  return { env: input.env, cwd: input.cwd, repoDir, config: loaded.config }
}

export type ForgeChoice =
  | { kind: 'github'; forge: GitHubForge; repoWebUrl: string }
  | { kind: 'git'; forge: GitForge; repoWebUrl: string | null }

export type ForgeOptions = {
  /** Read the local repository even when GitHub is configured (notes and changelog files). */
  local?: boolean | undefined
  /** The branch "HEAD" stands for on GitHub; default the repository's default branch. */
  branch?: string | undefined
  /** Rate limits waited out on GitHub. */
  warn?: ((message: string) => void) | undefined
  /** Keep parsed commits between plans (`herald serve`, local forge): a repeated plan reads only what is new. */
  keepCommits?: boolean | undefined
}

/** `GITHUB_TOKEN` and `repo` in the config: both are needed to release through GitHub. */
export function usesGitHub(setup: Pick<Setup, 'env' | 'config'>): boolean {
  return Boolean(setup.env.GITHUB_TOKEN?.trim() && setup.config.repo)
}

/**
 * The GitHub forge with `GITHUB_TOKEN` and `repo`, otherwise the local git
 * repository (which must be one), with the web address of the repository.
 */
export async function buildForge(setup: Setup, options: ForgeOptions = {}): Promise<ForgeChoice> {
  const { env, config } = setup
  if (!options.local && usesGitHub(setup)) {
    const baseUrl = githubApiUrl(env)
    const [{ GitHubForge }, { webUrlFor }] = await Promise.all([
      import('../adapters/github/github-forge.ts'),
      import('../adapters/github/github-client.ts'),
    ])
    const forge = new GitHubForge({
      token: env.GITHUB_TOKEN!.trim(),
      baseUrl,
      repository: config.repo!,
      branch: options.branch,
      scopes: config.lines.map((l) => ({ paths: l.paths, excludePaths: l.excludePaths })),
      warn: options.warn,
    })
    return { kind: 'github', forge, repoWebUrl: webUrlFor(baseUrl, forge.repo.owner, forge.repo.repo) }
  }
  const forge = new GitForge(setup.repoDir, { cache: options.keepCommits ? new CommitCache() : undefined })
  const [, repoWebUrl] = await Promise.all([
    forge.assertRepository(),
    config.repo ? `https://github.com/${config.repo}` : forge.webUrl(),
  ])
  return { kind: 'git', forge, repoWebUrl }
}

/** The local git forge on `repoDir`; a `ForgeError` (`not_a_repository`, `git_missing`) when it cannot be one. */
export async function openLocalForge(repoDir: string): Promise<GitForge> {
  const forge = new GitForge(repoDir)
  await forge.assertRepository()
  return forge
}

/**
 * Backports (`/release backport`, `herald backport`): through the API on
 * GitHub, which knows the pull requests; with git plumbing in the local
 * repository otherwise, finding pull requests on the default branch by their
 * `(#123)` and `Merge pull request #123` commits.
 */
export async function buildBackports(setup: Setup, forge: ForgeChoice): Promise<BackportHost> {
  // Loaded here, not with the module: `herald plan` never backports. The GitHub one uses the forge's client.
  const { GitBackport } = await import('../adapters/git/git-backport.ts')
  const local = (git: GitForge) => new GitBackport(git, () => defaultBranch(setup.repoDir))
  if (forge.kind === 'git') return local(forge.forge)
  // On GitHub, a clone Herald runs in (when it has the commits) names a conflict's files exactly.
  const { GitHubBackport } = await import('../adapters/github/github-backport.ts')
  return new GitHubBackport(forge.forge.repo, local(new GitForge(setup.repoDir)))
}

/** `GITHUB_API_URL`, checked: GitHub Enterprise is `https://HOST/api/v3`. */
export function githubApiUrl(env: NodeJS.ProcessEnv): string | undefined {
  const baseUrl = env.GITHUB_API_URL?.trim() || undefined
  if (baseUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(baseUrl))
    throw new SetupError(
      `GITHUB_API_URL is not an http(s) URL (got "${baseUrl}"): set it like https://github.example.com/api/v3`,
    )
  return baseUrl
}

/** How `/announce-release` and `herald draft` find a release, its line and its bump. */
export async function buildReleaseFinder(setup: Setup, forge: ForgeChoice): Promise<ReleaseFinder> {
  const { ForgeReleaseFinder } = await import('../flows/find-release.ts')
  return new ForgeReleaseFinder(forge.forge, announcingLines(setup.config), forge.repoWebUrl)
}

/** Every line with how it is announced: its `announce`, else what the repository tells. */
export function announcingLines(config: HeraldConfig): HeraldConfig['lines'] {
  return config.lines.map((l) => (l.announce ? l : { ...l, announce: config.defaultAnnounce[l.name] }))
}

export type DrafterChoice = { drafter: Drafter; kind: 'openai' | 'offline' }

/** The LLM drafter with `OPENAI_API_KEY` (unless `offline`), else the deterministic one. */
export async function buildDrafter(
  env: NodeJS.ProcessEnv,
  options: { offline?: boolean | undefined } = {},
): Promise<DrafterChoice> {
  const model =
    options.offline || !env.OPENAI_API_KEY?.trim()
      ? null
      : (await import('../adapters/openai/openai-draft-model.ts')).openAiModelFromEnv(env)
  const { createDrafter } = await import('../flows/draft-announcement.ts')
  return { drafter: createDrafter({ model }), kind: model ? 'openai' : 'offline' }
}

/** The LLM that groups a final release's changelog entries; null without `OPENAI_API_KEY`. */
export async function buildGrouper(env: NodeJS.ProcessEnv): Promise<OpenAiChangelogGrouper | null> {
  if (!env.OPENAI_API_KEY?.trim()) return null
  return (await import('../adapters/openai/openai-changelog-grouper.ts')).openAiGrouperFromEnv(env)
}

/**
 * `HERALD_STORE` read (relative SQLite paths from `cwd`), or why it is not
 * understood; unset, the per-user store of the repository at `repoDir`.
 */
export async function storeSpec(
  env: NodeJS.ProcessEnv,
  cwd: string,
  repoDir: string,
): Promise<Result<StoreSpec, string>> {
  const { defaultStorePath, parseStoreSpec } = await import('../adapters/store/open-store.ts')
  return parseStoreSpec(env.HERALD_STORE, cwd, defaultStorePath(env, repoDir))
}

/**
 * The state store of `spec`, in the namespace `HERALD_STORE_NAMESPACE` names,
 * checked (written and read back) within 10 s: a store that cannot be used is
 * one `SetupError` naming it, never a hang or a stack trace.
 */
export async function openStateStore(spec: StoreSpec, env: NodeJS.ProcessEnv): Promise<StateStore> {
  const { storeOptionsFromEnv } = await import('../adapters/store/open-store.ts')
  const { openCheckedStore, StoreUnavailableError } = await import('../adapters/store/store-ready.ts')
  try {
    return await openCheckedStore(spec, storeOptionsFromEnv(env))
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw new SetupError(error.message)
    throw error
  }
}

/** The store, watched for outages (one event when it goes down, one when it is back). */
export async function trackStoreOutages(store: StateStore) {
  return (await import('../adapters/store/outage-tracker.ts')).trackOutages(store)
}

/**
 * Each line's poster: its configured webhook (read at each post, from the
 * environment or `.env`); lines without one use `fallback` when given (the
 * console prints their announcements), or say how to configure one.
 */
export async function buildPosters(setup: Setup, fallback?: Poster): Promise<PosterLookup> {
  const { webhookPosters } = await import('../adapters/webhook/webhook-posters.ts')
  const { config } = setup
  const webhooks = webhookPosters({ lines: config.lines, env: setup.env, dotenvPath: dotenvPath(setup.cwd) })
  return (lineName) => {
    const line = config.lines.find((l) => l.name === lineName)
    if (fallback && line && !line.announce?.webhook) return { ok: true, poster: fallback }
    return webhooks(lineName)
  }
}

/** The `.env` a webhook variable may come from when the environment lacks it. */
export function dotenvPath(cwd: string): string {
  return resolve(cwd, '.env')
}

/**
 * The release index of lines with channels, on a branch of the repository:
 * through git plumbing locally, through the API on GitHub (where the moves
 * also flag the Releases). Signed with `HERALD_INDEX_KEY` when it is set.
 */
export async function indexAccess(
  forge: ForgeChoice,
  env: NodeJS.ProcessEnv,
): Promise<{ index: ReleaseIndexHost; indexKey: IndexKey | null }> {
  const indexKey = await indexKeyOf(env)
  if (forge.kind === 'git') {
    const { GitIndexBranch } = await import('../adapters/git/git-index-branch.ts')
    return { index: new GitIndexBranch(forge.forge), indexKey }
  }
  const { GitHubIndexBranch } = await import('../adapters/github/github-index-branch.ts')
  return { index: new GitHubIndexBranch(forge.forge.repo), indexKey }
}

/** The index signing key from `HERALD_INDEX_KEY`, or null when it is not set. */
export async function indexKeyOf(env: NodeJS.ProcessEnv): Promise<IndexKey | null> {
  const text = env.HERALD_INDEX_KEY
  if (!text) return null
  const { parsePrivateKey } = await import('../core/index/index-signature.ts')
  const key = parsePrivateKey(text)
  if (!key.ok) throw new SetupError(`HERALD_INDEX_KEY: ${key.error}`)
  return key.value
}

/** The build output in the checkout Herald works in: a line's `checksums.from` files. */
export function buildOutputOf(setup: Pick<Setup, 'repoDir'>): BuildOutput {
  return localBuildOutput(setup.repoDir)
}
