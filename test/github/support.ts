/** Shared set-up for the GitHub adapter tests: a fake GitHub and a forge pointed at it. */
import { GitHubForge, type GitHubForgeOptions } from '../../src/adapters/github/github-forge.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { FakeGitHub } from './fake-github.ts'
import type { FakeRepo } from './fake-model.ts'

export async function startFake(repo: FakeRepo): Promise<FakeGitHub> {
  const fake = new FakeGitHub(repo)
  await fake.start()
  return fake
}

/** A forge on the fake, with the plugins' waits shrunk to milliseconds. */
export function forgeOn(fake: FakeGitHub, options: Partial<GitHubForgeOptions> = {}): GitHubForge {
  return new GitHubForge({
    token: fake.token,
    baseUrl: fake.url,
    repository: `${fake.repo.owner}/${fake.repo.name}`,
    branch: 'main',
    retryAfterBaseMs: 1,
    writeIntervalMs: 0,
    ...options,
  })
}

/** Two path-scoped lines, a CLI and a platform, as a product monorepo has them. */
export function connexityLines(): ReleaseLine[] {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        {
          name: 'cli',
          tagPrefix: 'cli-v',
          paths: ['backend/cli/', 'pyproject.toml'],
          mode: 'pr',
          changelog: 'backend/cli/CHANGELOG.md',
          versionFiles: ['pyproject.toml', 'backend/cli/_version.py'],
          initialVersion: '0.1.0',
        },
        { name: 'platform', tagPrefix: 'v', excludePaths: ['backend/cli/'], ignoreTags: ['v0.1.0'] },
        // And a line over the whole repository, to cover unscoped reads too.
        { name: 'whole', tagPrefix: 'v', ignoreTags: ['v0.1.0'] },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}
