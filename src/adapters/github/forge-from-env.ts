/**
 * Which forge a command uses: the GitHub forge when `GITHUB_TOKEN` is set and
 * the config names a `repo`; otherwise the caller keeps the local git forge.
 */
import type { ReleaseLine } from '../../core/release-line.ts'
import { GitHubForge } from './github-forge.ts'

export function githubForgeFromEnv(
  config: { repo?: string | undefined; lines: readonly ReleaseLine[] },
  env: NodeJS.ProcessEnv,
  options: {
    branch?: string | undefined
    annotatedTags?: boolean | undefined
    warn?: (m: string) => void
  } = {},
): GitHubForge | null {
  const token = env.GITHUB_TOKEN?.trim()
  if (!token || !config.repo) return null
  const baseUrl = env.GITHUB_API_URL?.trim() || undefined
  if (baseUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(baseUrl))
    throw new Error(
      `GITHUB_API_URL is not an http(s) URL (got "${baseUrl}"): set it like https://github.example.com/api/v3`,
    )
  return new GitHubForge({
    token,
    baseUrl,
    repository: config.repo,
    branch: options.branch,
    scopes: config.lines,
    annotatedTags: options.annotatedTags,
    warn: options.warn,
  })
}
