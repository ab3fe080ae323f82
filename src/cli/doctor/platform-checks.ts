/**
 * Doctor's checks that ask a platform whether it accepts Herald's tokens:
 * Slack `auth.test` (and `apps.connections.open` for Socket Mode), Discord
 * `GET /applications/@me`, GitHub `GET /repos/{repo}`, OpenAI `GET /models`.
 * Plain `fetch` against the `*_API_URL` bases. Messages name variables,
 * never their values.
 */
import { SLACK_BOT_SCOPES } from '../../../commands/slack-manifest.ts'
import { DEFAULT_API_URL as DEFAULT_GITHUB_API_URL } from '../../adapters/github/github-client.ts'
import { DEFAULT_MODEL } from '../../adapters/openai/openai-draft-model.ts'
import { DEFAULT_DISCORD_API_URL } from '../../chat/discord/discord-rest.ts'
import { parseDiscordPublicKey } from '../../chat/discord/verify-discord-request.ts'
import { type CheckResult, fail, field, type HttpAnswer, joinUrl, note, pass, request } from './check.ts'

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/'
const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1'

const get = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined

function unreachable(
  id: string,
  what: string,
  base: string,
  variable: string,
  answer: HttpAnswer & { ok: false },
) {
  return fail(
    id,
    `${what}: cannot reach ${base} (${answer.error})`,
    `check outbound HTTPS from this host (proxy, firewall) and ${variable}, then run herald doctor again`,
  )
}

export async function checkSlack(env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const botToken = get(env, 'SLACK_BOT_TOKEN')
  const appToken = get(env, 'SLACK_APP_TOKEN')
  if (!botToken && !appToken && !get(env, 'SLACK_SIGNING_SECRET')) return []
  const base = get(env, 'SLACK_API_URL') ?? DEFAULT_SLACK_API_URL
  const results: CheckResult[] = []
  if (!botToken) {
    results.push(
      fail(
        'slack',
        'Slack: SLACK_BOT_TOKEN is not set',
        'copy the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page into SLACK_BOT_TOKEN',
      ),
    )
  } else {
    results.push(await checkSlackBot(base, botToken))
  }
  if (appToken) results.push(await checkSlackApp(base, appToken))
  return results
}

async function checkSlackBot(base: string, token: string): Promise<CheckResult> {
  const answer = await slackCall(base, 'auth.test', token)
  if (!answer.ok) return unreachable('slack', 'Slack', base, 'SLACK_API_URL', answer)
  if (answer.status !== 200 || field(answer.body, 'ok') !== true) {
    const code = slackError(answer)
    return fail(
      'slack',
      `Slack: SLACK_BOT_TOKEN was refused (${code})`,
      /auth|revoked|expired|inactive|token/.test(code)
        ? 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app to the workspace if it was removed'
        : 'Slack answered with an error: check SLACK_API_URL and https://slack-status.com, then run herald doctor again',
    )
  }
  const scopes = answer.headers.get('x-oauth-scopes')
  if (scopes !== null) {
    const granted = new Set(scopes.split(',').map((s) => s.trim()))
    const missing = SLACK_BOT_SCOPES.filter((s) => !granted.has(s))
    if (missing.length)
      return fail(
        'slack',
        `Slack: the bot token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        'add them under OAuth & Permissions → Bot Token Scopes (or re-create the app from `herald manifest slack`), then reinstall the app',
      )
  }
  const team = field(answer.body, 'team')
  const user = field(answer.body, 'user')
  return pass(
    'slack',
    `Slack: bot token accepted${team ? ` (workspace ${team}${user ? `, bot @${user}` : ''})` : ''}`,
  )
}

async function checkSlackApp(base: string, token: string): Promise<CheckResult> {
  const answer = await slackCall(base, 'apps.connections.open', token)
  if (!answer.ok) return unreachable('slack-app', 'Slack Socket Mode', base, 'SLACK_API_URL', answer)
  if (answer.status !== 200 || field(answer.body, 'ok') !== true)
    return fail(
      'slack-app',
      `Slack: SLACK_APP_TOKEN was refused (${slackError(answer)})`,
      'create an app-level token with the connections:write scope under Basic Information → App-Level Tokens, put it (xapp-…) in SLACK_APP_TOKEN, and turn Socket Mode on',
    )
  return pass('slack-app', 'Slack: app-level token accepted (Socket Mode)')
}

function slackCall(base: string, method: string, token: string) {
  return request(joinUrl(base, method), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  })
}

function slackError(answer: HttpAnswer & { ok: true }): string {
  const error = field(answer.body, 'error')
  return typeof error === 'string' && /^[\w.-]{1,60}$/.test(error) ? error : `HTTP ${answer.status}`
}

export async function checkDiscord(env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const token = get(env, 'DISCORD_TOKEN')
  const publicKey = get(env, 'DISCORD_PUBLIC_KEY')
  const applicationId = get(env, 'DISCORD_APPLICATION_ID')
  if (!token && !publicKey) return []
  if (publicKey) {
    try {
      parseDiscordPublicKey(publicKey)
    } catch {
      return [
        fail(
          'discord',
          'Discord: DISCORD_PUBLIC_KEY is not an Ed25519 public key',
          'copy the 64 hex characters of Public Key from the application’s General Information page',
        ),
      ]
    }
  }
  if (!token)
    return [
      note(
        'discord',
        'Discord: DISCORD_TOKEN is not set, so the public key cannot be checked against the application (HTTP interactions need no bot token)',
      ),
    ]
  const base = get(env, 'DISCORD_API_URL') ?? DEFAULT_DISCORD_API_URL
  const answer = await request(joinUrl(base, 'applications/@me'), {
    headers: { authorization: `Bot ${token}` },
  })
  if (!answer.ok) return [unreachable('discord', 'Discord', base, 'DISCORD_API_URL', answer)]
  if (answer.status === 401 || answer.status === 403)
    return [
      fail(
        'discord',
        `Discord: DISCORD_TOKEN was refused (HTTP ${answer.status})`,
        'reset the token on the application’s Bot page in the Developer Portal and put the new one in DISCORD_TOKEN',
      ),
    ]
  if (answer.status !== 200)
    return [
      fail(
        'discord',
        `Discord: the application could not be fetched (HTTP ${answer.status})`,
        'check DISCORD_API_URL and https://discordstatus.com, then run herald doctor again',
      ),
    ]
  const id = String(field(answer.body, 'id') ?? '')
  const name = String(field(answer.body, 'name') ?? id)
  const verifyKey = field(answer.body, 'verify_key')
  if (applicationId && id && applicationId !== id)
    return [
      fail(
        'discord',
        `Discord: DISCORD_APPLICATION_ID is not the id of the token’s application "${name}" (${id})`,
        `set DISCORD_APPLICATION_ID=${id}, or use the bot token of the application you meant`,
      ),
    ]
  if (publicKey && typeof verifyKey === 'string' && verifyKey.toLowerCase() !== publicKey.toLowerCase())
    return [
      fail(
        'discord',
        `Discord: DISCORD_PUBLIC_KEY is not the public key of application "${name}"`,
        'copy Public Key from that application’s General Information page into DISCORD_PUBLIC_KEY; with the wrong key every interaction is refused',
      ),
    ]
  return [pass('discord', `Discord: bot token accepted (application "${name}", ${id})`)]
}

/** Classic tokens list their scopes; either of these lets Herald push tags and create releases. */
const TAGGING_SCOPES = ['repo', 'public_repo']

export async function checkGitHub(env: NodeJS.ProcessEnv, repo: string): Promise<CheckResult> {
  const token = get(env, 'GITHUB_TOKEN')!
  const base = get(env, 'GITHUB_API_URL') ?? DEFAULT_GITHUB_API_URL
  const answer = await request(joinUrl(base, `repos/${repo}`), {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'herald-doctor',
    },
  })
  if (!answer.ok) return unreachable('github', 'GitHub', base, 'GITHUB_API_URL', answer)
  if (answer.status === 401)
    return fail(
      'github',
      'GitHub: GITHUB_TOKEN was refused (401 Bad credentials)',
      `create a token with contents: write and pull-requests: write on ${repo} (fine-grained) or the repo scope (classic) and put it in GITHUB_TOKEN`,
    )
  if (answer.status === 404)
    return fail(
      'github',
      `GitHub: ${repo} is not visible to GITHUB_TOKEN (404)`,
      `check \`repo\` in the config, and give the token access to ${repo} (fine-grained: Repository access; organisations may need to approve it)`,
    )
  if (answer.status === 403)
    return fail(
      'github',
      `GitHub: access to ${repo} was forbidden (403${answer.headers.get('x-ratelimit-remaining') === '0' ? ', rate limit reached' : ''})`,
      'if the organisation uses SAML SSO, authorise the token for it; if the rate limit is spent, wait for its reset; then run herald doctor again',
    )
  if (answer.status !== 200)
    return fail(
      'github',
      `GitHub: GET /repos/${repo} answered HTTP ${answer.status}`,
      'check GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3) and https://www.githubstatus.com',
    )
  if (field(answer.body, 'archived') === true)
    return fail(
      'github',
      `GitHub: ${repo} is archived, so no tag or release can be created`,
      'unarchive it in the repository settings, or point `repo` at the live repository',
    )
  const scopes = answer.headers.get('x-oauth-scopes')
  if (scopes !== null) {
    const granted = scopes.split(',').map((s) => s.trim())
    if (!TAGGING_SCOPES.some((s) => granted.includes(s)))
      return fail(
        'github',
        `GitHub: the classic token has the scopes "${scopes}" but tagging and releasing need repo (or public_repo)`,
        'edit the token on github.com/settings/tokens and tick repo, or use a fine-grained token with contents: write and pull-requests: write',
      )
  }
  const permissions = field(answer.body, 'permissions')
  if (field(permissions, 'push') !== true)
    return fail(
      'github',
      `GitHub: GITHUB_TOKEN can read ${repo} but not push: tags and releases need write access`,
      'give the token contents: write and pull-requests: write (fine-grained) or the repo scope (classic); a user token also needs the user to have write access',
    )
  return pass('github', `GitHub: ${repo} reachable, the token can push tags and create releases`)
}

export async function checkLlm(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const key = get(env, 'OPENAI_API_KEY')
  if (!key)
    return note(
      'llm',
      'LLM: OPENAI_API_KEY is not set; announcements are drafted by the offline template drafter',
    )
  const base = get(env, 'OPENAI_BASE_URL') ?? DEFAULT_OPENAI_BASE_URL
  const model = get(env, 'HERALD_MODEL') ?? DEFAULT_MODEL
  const answer = await request(joinUrl(base, 'models'), { headers: { authorization: `Bearer ${key}` } })
  if (!answer.ok) return unreachable('llm', 'LLM', base, 'OPENAI_BASE_URL', answer)
  if (answer.status === 401 || answer.status === 403)
    return fail(
      'llm',
      `LLM: OPENAI_API_KEY was refused (HTTP ${answer.status})`,
      'create a key for this project on the provider’s API keys page and put it in OPENAI_API_KEY, or unset it to use the offline drafter',
    )
  if (answer.status !== 200)
    return fail(
      'llm',
      `LLM: GET /models answered HTTP ${answer.status}`,
      'check OPENAI_BASE_URL (it ends in /v1 for most providers), then run herald doctor again',
    )
  const data = field(answer.body, 'data')
  const ids = Array.isArray(data) ? data.map((m) => String(field(m, 'id'))) : []
  if (ids.length && !ids.includes(model))
    return fail(
      'llm',
      `LLM: the model "${model}" is not offered at ${base}`,
      `set HERALD_MODEL to one it offers (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`,
    )
  return pass('llm', `LLM: reachable at ${base}, model "${model}"`)
}
