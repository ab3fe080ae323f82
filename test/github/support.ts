/** Shared set-up for the GitHub adapter tests: a fake GitHub and a forge pointed at it. */
import { GitHubForge, type GitHubForgeOptions } from '../../src/adapters/github/github-forge.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { resolveVoice } from '../../src/core/voice/voice-options.ts'
import { ChatRouter, type ChatRouterDeps } from '../../src/flows/chat-router.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { drafterOf } from '../../src/testing/fake-drafter.ts'
import { finderOf } from '../../src/testing/fake-release-finder.ts'
import { RecordingPoster } from '../../src/testing/recording-poster.ts'
import { AUTH, GOOD_TEXT } from '../../src/testing/signoff-fixtures.ts'
import { TestClock } from '../../src/testing/test-clock.ts'
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

export interface GitHubRouterOptions extends Partial<ChatRouterDeps> {
  store: StateStore
  lines: readonly ReleaseLine[]
  /** Passed to `forgeOn`, e.g. `{ scopes: lines }`. */
  forgeOptions?: Partial<GitHubForgeOptions>
  /** More deps built on the forge, e.g. an index on its repository. */
  withForge?: (forge: GitHubForge) => Partial<ChatRouterDeps>
}

/**
 * A `ChatRouter` on a forge on the fake, the forge its host and release-PR host,
 * with the signed-off fixtures (a test clock, `AUTH`, one good draft); anything
 * else in `options` replaces or adds to those deps.
 */
export function githubRouter(fake: FakeGitHub, options: GitHubRouterOptions): ChatRouter {
  const { forgeOptions, withForge, ...overrides } = options
  const forge = forgeOn(fake, forgeOptions)
  return new ChatRouter({
    clock: new TestClock(),
    auth: AUTH,
    forge,
    host: forge,
    prHost: forge,
    repoWebUrl: 'https://github.com/acme/widget',
    finder: finderOf(),
    drafter: drafterOf([GOOD_TEXT]),
    voice: resolveVoice(),
    posters: () => ({ ok: true, poster: new RecordingPoster() }),
    ...withForge?.(forge),
    ...overrides,
  })
}
