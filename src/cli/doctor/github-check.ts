/**
 * Doctor's GitHub check, through the Octokit client the GitHub forge uses (at
 * `GITHUB_API_URL`): `GET /repos/{repo}` says whether the token sees the
 * repository, may push to it, and (classic tokens) has a scope that tags.
 */
import { createGitHubClient } from '../../adapters/github/github-client.ts'
import { githubApiUrl } from '../../compose/build-adapters.ts'
import { CHECK_TIMEOUT_MS, type CheckResult, envValue, fail, field, pass, unreachable } from './check.ts'

/** Classic tokens list their scopes; either of these lets Herald push tags and create releases. */
const TAGGING_SCOPES = ['repo', 'public_repo']

type RepoAnswer = { status: number; headers: Record<string, unknown>; body: unknown }

export async function checkGitHub(env: NodeJS.ProcessEnv, repo: string): Promise<CheckResult> {
  const base = envValue(env, 'GITHUB_API_URL') ?? 'https://api.github.com'
  const answer = await readRepository(env, repo)
  if ('unreachable' in answer)
    return unreachable('github', 'GitHub', base, 'GITHUB_API_URL', answer.unreachable)
  const refused = refusal(answer, repo)
  if (refused) return refused
  if (field(answer.body, 'archived') === true)
    return fail(
      'github',
      `GitHub: ${repo} is archived, so no tag or release can be created`,
      'unarchive it in the repository settings, or point `repo` at the live repository',
    )
  const scopes = answer.headers['x-oauth-scopes']
  if (typeof scopes === 'string') {
    const granted = scopes.split(',').map((s) => s.trim())
    if (!TAGGING_SCOPES.some((s) => granted.includes(s)))
      return fail(
        'github',
        `GitHub: the classic token has the scopes "${scopes}" but tagging and releasing need repo (or public_repo)`,
        'edit the token on github.com/settings/tokens and tick repo, or use a fine-grained token with contents: write and pull-requests: write',
      )
  }
  if (field(field(answer.body, 'permissions'), 'push') !== true)
    return fail(
      'github',
      `GitHub: GITHUB_TOKEN can read ${repo} but not push: tags and releases need write access`,
      'give the token contents: write and pull-requests: write (fine-grained) or the repo scope (classic); a user token also needs the user to have write access',
    )
  return pass('github', `GitHub: ${repo} reachable, the token can push tags and create releases`)
}

/** One request: no retries, no waiting out rate limits, bounded in time. */
async function readRepository(
  env: NodeJS.ProcessEnv,
  repo: string,
): Promise<RepoAnswer | { unreachable: unknown }> {
  const [owner = '', name = ''] = repo.split('/')
  try {
    const client = createGitHubClient({
      token: envValue(env, 'GITHUB_TOKEN') ?? '',
      baseUrl: githubApiUrl(env),
      retries: 0,
      rateLimitRetries: 0,
      writeIntervalMs: 0,
    })
    const { status, headers, data } = await client.rest.repos.get({
      owner,
      repo: name,
      request: { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) },
    })
    return { status, headers, body: data }
  } catch (error) {
    const response = (
      error as { response?: { status: number; headers: Record<string, unknown>; data: unknown } }
    ).response
    if (!response) return { unreachable: error }
    return { status: response.status, headers: response.headers, body: response.data }
  }
}

function refusal(answer: RepoAnswer, repo: string): CheckResult | null {
  const { status } = answer
  if (status === 401)
    return fail(
      'github',
      'GitHub: GITHUB_TOKEN was refused (401 Bad credentials)',
      `create a token with contents: write and pull-requests: write on ${repo} (fine-grained) or the repo scope (classic) and put it in GITHUB_TOKEN`,
    )
  if (status === 404)
    return fail(
      'github',
      `GitHub: ${repo} is not visible to GITHUB_TOKEN (404)`,
      `check \`repo\` in the config, and give the token access to ${repo} (fine-grained: Repository access; organisations may need to approve it)`,
    )
  if (status === 403)
    return fail(
      'github',
      `GitHub: access to ${repo} was forbidden (403${answer.headers['x-ratelimit-remaining'] === '0' ? ', rate limit reached' : ''})`,
      'if the organisation uses SAML SSO, authorise the token for it; if the rate limit is spent, wait for its reset; then run herald doctor again',
    )
  if (status !== 200)
    return fail(
      'github',
      `GitHub: GET /repos/${repo} answered HTTP ${status}`,
      'check GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3) and https://www.githubstatus.com',
    )
  return null
}
