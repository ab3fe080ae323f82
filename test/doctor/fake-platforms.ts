/**
 * One local server speaking the slices of the Slack, Discord, GitHub and
 * OpenAI APIs that `herald doctor` calls, under /slack/api, /discord,
 * /github and /openai/v1. Which token gets which answer is fixed below.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const TOKENS = {
  slackBot: 'slack-bot-token-0123456789abcdef',
  slackBotNoScopes: 'slack-bot-token-without-usergroups',
  slackApp: 'slack-app-token-0123456789abcdef',
  discord: 'discord-bot-token-0123456789abcdef',
  github: 'github-token-push-0123456789abcdef',
  githubReadOnly: 'github-token-read-only-0123456789',
  githubClassicNoRepo: 'github-token-classic-read-org-only',
  githubClassicRepo: 'github-token-classic-with-repo-scope',
  openai: 'openai-key-0123456789abcdef0123',
} as const

export const DISCORD_APP = {
  id: '1122334455667788',
  name: 'Herald',
  verify_key: 'a'.repeat(64),
}

export const REPO = 'acme/widgets'
export const ARCHIVED_REPO = 'acme/old-widgets'

export type FakePlatforms = { url: string; requests: string[]; close(): Promise<void> }

export async function startFakePlatforms(): Promise<FakePlatforms> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    route(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): undefined {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function route(req: IncomingMessage, res: ServerResponse): undefined {
  const auth = req.headers.authorization ?? ''
  // Octokit sends a GitHub token as `token …`, the other clients as `Bearer …`.
  const bearer = /^(Bearer|token) /.test(auth) ? auth.slice(auth.indexOf(' ') + 1) : ''
  // discord.js adds the API version to the base URL.
  const url = (req.url ?? '').replace(/^\/discord\/v10\//, '/discord/')
  if (req.method === 'POST' && url === '/slack/api/auth.test') {
    if (bearer === TOKENS.slackBot)
      return send(
        res,
        200,
        { ok: true, team: 'Acme', user: 'herald' },
        { 'x-oauth-scopes': 'commands,usergroups:read' },
      )
    if (bearer === TOKENS.slackBotNoScopes)
      return send(res, 200, { ok: true, team: 'Acme', user: 'herald' }, { 'x-oauth-scopes': 'commands' })
    return send(res, 200, { ok: false, error: 'invalid_auth' })
  }
  if (req.method === 'POST' && url === '/slack/api/apps.connections.open') {
    if (bearer === TOKENS.slackApp) return send(res, 200, { ok: true, url: 'wss://127.0.0.1/socket' })
    return send(res, 200, { ok: false, error: 'invalid_auth' })
  }
  if (req.method === 'GET' && url === '/discord/applications/@me') {
    if (auth === `Bot ${TOKENS.discord}`) return send(res, 200, DISCORD_APP)
    return send(res, 401, { message: '401: Unauthorized', code: 0 })
  }
  const repo = /^\/github\/repos\/([\w.-]+\/[\w.-]+)$/.exec(url)?.[1]
  if (req.method === 'GET' && repo) {
    const permissions = (push: boolean) => ({ admin: false, maintain: false, push, triage: push, pull: true })
    const body = (push: boolean) => ({
      full_name: repo,
      private: true,
      archived: repo === ARCHIVED_REPO,
      permissions: permissions(push),
    })
    if (repo !== REPO && repo !== ARCHIVED_REPO) return send(res, 404, { message: 'Not Found' })
    switch (bearer) {
      case TOKENS.github:
        return send(res, 200, body(true))
      case TOKENS.githubReadOnly:
        return send(res, 200, body(false))
      case TOKENS.githubClassicNoRepo:
        return send(res, 200, body(true), { 'x-oauth-scopes': 'read:org, gist' })
      case TOKENS.githubClassicRepo:
        return send(res, 200, body(true), { 'x-oauth-scopes': 'repo, read:org' })
      default:
        return send(res, 401, { message: 'Bad credentials' })
    }
  }
  if (req.method === 'GET' && url === '/openai/v1/models') {
    if (bearer === TOKENS.openai)
      return send(res, 200, { object: 'list', data: [{ id: 'gpt-4o-mini' }, { id: 'local-model' }] })
    return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } })
  }
  send(res, 404, { message: `no route ${req.method} ${url}` })
}
