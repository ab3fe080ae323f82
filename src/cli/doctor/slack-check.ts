/**
 * Doctor's Slack checks, through the Web API client Herald's Slack app uses
 * (`@slack/bolt`'s `WebClient`, at `SLACK_API_URL`): `auth.test` for the bot
 * token and its scopes, `apps.connections.open` for Socket Mode's app token.
 * Messages name variables, never their values.
 */
import { webApi } from '@slack/bolt'
import { SLACK_BOT_SCOPES } from '../../../commands/slack-manifest.ts'
import { CHECK_TIMEOUT_MS, type CheckResult, envValue, fail, pass, unreachable } from './check.ts'

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/'

export async function checkSlack(env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const botToken = envValue(env, 'SLACK_BOT_TOKEN')
  const appToken = envValue(env, 'SLACK_APP_TOKEN')
  if (!botToken && !appToken && !envValue(env, 'SLACK_SIGNING_SECRET')) return []
  const base = envValue(env, 'SLACK_API_URL') ?? DEFAULT_SLACK_API_URL
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

/** One call, no retries, bounded in time; a refusal is a value, like an answer. */
type SlackAnswer =
  | { ok: true; body: webApi.WebAPICallResult }
  | { ok: false; refused: string }
  | { ok: false; unreachable: unknown }

async function slackCall(base: string, token: string, method: string): Promise<SlackAnswer> {
  const client = new webApi.WebClient(token, {
    slackApiUrl: base.endsWith('/') ? base : `${base}/`,
    retryConfig: { retries: 0 },
    timeout: CHECK_TIMEOUT_MS,
    rejectRateLimitedCalls: true,
    logger: SILENT,
  })
  try {
    return { ok: true, body: await client.apiCall(method) }
  } catch (error) {
    const e = error as { code?: string; data?: { error?: unknown }; statusCode?: number; body?: unknown }
    if (e.code === webApi.ErrorCode.PlatformError) return { ok: false, refused: slackError(e.data?.error) }
    if (e.code === webApi.ErrorCode.HTTPError)
      return { ok: false, refused: slackError((e.body as { error?: unknown })?.error, e.statusCode) }
    if (e.code === webApi.ErrorCode.RateLimitedError) return { ok: false, refused: 'ratelimited' }
    return { ok: false, unreachable: error }
  }
}

async function checkSlackBot(base: string, token: string): Promise<CheckResult> {
  const answer = await slackCall(base, token, 'auth.test')
  if ('unreachable' in answer) return unreachable('slack', 'Slack', base, 'SLACK_API_URL', answer.unreachable)
  if (!answer.ok) {
    const code = answer.refused
    return fail(
      'slack',
      `Slack: SLACK_BOT_TOKEN was refused (${code})`,
      /auth|revoked|expired|inactive|token/.test(code)
        ? 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app to the workspace if it was removed'
        : 'Slack answered with an error: check SLACK_API_URL and https://slack-status.com, then run herald doctor again',
    )
  }
  // The client reads the granted scopes from the x-oauth-scopes header.
  const scopes = answer.body.response_metadata?.scopes
  if (scopes) {
    const granted = new Set(scopes)
    const missing = SLACK_BOT_SCOPES.filter((s) => !granted.has(s))
    if (missing.length)
      return fail(
        'slack',
        `Slack: the bot token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        'add them under OAuth & Permissions → Bot Token Scopes (or re-create the app from `herald manifest slack`), then reinstall the app',
      )
  }
  const { team, user } = answer.body as { team?: string; user?: string }
  return pass(
    'slack',
    `Slack: bot token accepted${team ? ` (workspace ${team}${user ? `, bot @${user}` : ''})` : ''}`,
  )
}

async function checkSlackApp(base: string, token: string): Promise<CheckResult> {
  const answer = await slackCall(base, token, 'apps.connections.open')
  if ('unreachable' in answer)
    return unreachable('slack-app', 'Slack Socket Mode', base, 'SLACK_API_URL', answer.unreachable)
  if (!answer.ok)
    return fail(
      'slack-app',
      `Slack: SLACK_APP_TOKEN was refused (${answer.refused})`,
      'create an app-level token with the connections:write scope under Basic Information → App-Level Tokens, put it (xapp-…) in SLACK_APP_TOKEN, and turn Socket Mode on',
    )
  return pass('slack-app', 'Slack: app-level token accepted (Socket Mode)')
}

/** Slack's error code when it is one (never an echo of the request), else the HTTP status. */
function slackError(error: unknown, status?: number): string {
  if (typeof error === 'string' && /^[\w.-]{1,60}$/.test(error)) return error
  return status ? `HTTP ${status}` : 'no error code'
}

/** The client would log failures itself; the check reports them once. */
const SILENT: webApi.Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
}
