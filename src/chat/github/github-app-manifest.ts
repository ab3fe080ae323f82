/**
 * What a GitHub App (or a repository webhook) must give Herald for
 * `POST /github/webhook`: the events it acts on and the permissions its
 * token needs, in one place. `herald manifest github-app` prints them as a
 * GitHub App manifest; `herald doctor` lists the events.
 */

/** The webhook events Herald acts on, and why. Everything else is answered 200 and ignored. */
export const GITHUB_EVENTS = {
  pull_request: 'a merged release PR is tagged and published, and the line’s notify channel told',
  push: 'a push to a `mode: pr` line’s branch refreshes its release PR once the pushes stop',
  check_suite: 'CI finishing on an open /release preview’s commit updates its CI check',
  status: 'a commit status on an open /release preview’s commit updates its CI check',
} as const

export type GitHubEventName = keyof typeof GITHUB_EVENTS

/** The App's permissions: each event's own, and what releasing writes (tags, releases, release PRs). */
export const GITHUB_APP_PERMISSIONS = {
  contents: 'write',
  pull_requests: 'write',
  /** The release PR's `autorelease: pending` label goes through the issues API. */
  issues: 'write',
  checks: 'read',
  statuses: 'read',
  metadata: 'read',
} as const

export type GitHubAppManifest = {
  name: string
  url: string
  hook_attributes: { url: string; active: true }
  public: false
  default_permissions: typeof GITHUB_APP_PERMISSIONS
  default_events: GitHubEventName[]
}

/** The manifest of an App named `name` whose webhook is `<baseUrl>/github/webhook`. */
export function githubAppManifest(options: {
  name: string
  baseUrl: string
  homepage?: string | undefined
}): GitHubAppManifest {
  return {
    name: options.name,
    url: options.homepage ?? options.baseUrl,
    hook_attributes: { url: `${options.baseUrl}/github/webhook`, active: true },
    public: false,
    default_permissions: GITHUB_APP_PERMISSIONS,
    default_events: Object.keys(GITHUB_EVENTS) as GitHubEventName[],
  }
}
