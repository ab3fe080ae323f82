/**
 * The webhook URL of a line: from the environment variable the line's config
 * names, else from `.env`. The URL is a secret (anyone holding it can post):
 * it is returned to the poster only, and no message here ever contains it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parse as parseDotenv } from 'dotenv'

export type WebhookUrlResult = { ok: true; url: URL } | { ok: false; message: string }

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function resolveWebhookUrl(options: {
  envName: string
  env: NodeJS.ProcessEnv
  /** `.env` to fall back on; missing files are fine. */
  dotenvPath?: string | undefined
  lineName: string
}): WebhookUrlResult {
  const { envName, env, dotenvPath, lineName } = options
  let value = env[envName]?.trim()
  if (!value && dotenvPath && existsSync(dotenvPath)) {
    try {
      value = parseDotenv(readFileSync(dotenvPath))[envName]?.trim()
    } catch {
      return { ok: false, message: `Herald could not read ${dotenvPath}: check its permissions.` }
    }
  }
  if (!value) {
    return {
      ok: false,
      message: `The announcement webhook of line "${lineName}" is not set: put its URL in the environment variable ${envName} (or in .env), then try again.`,
    }
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { ok: false, message: invalid(envName) }
  }
  // Plain http only to this machine (tests, a local relay): a webhook URL sent in clear text leaks.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  if (!secure || url.username || url.password) return { ok: false, message: invalid(envName) }
  return { ok: true, url }
}

function invalid(envName: string): string {
  return `${envName} does not hold a valid https webhook URL: copy the webhook URL again from the channel's integration settings.`
}
