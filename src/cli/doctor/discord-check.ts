/**
 * Doctor's Discord check, through the REST client Herald's Discord transport
 * uses (discord.js, at `DISCORD_API_URL`): `GET /applications/@me` with the
 * bot token, compared with DISCORD_APPLICATION_ID and DISCORD_PUBLIC_KEY.
 */
import { createDiscordRest, DEFAULT_DISCORD_API_URL } from '../../chat/discord/discord-rest.ts'
import { parseDiscordPublicKey } from '../../chat/discord/verify-discord-request.ts'
import {
  CHECK_TIMEOUT_MS,
  type CheckResult,
  envValue,
  fail,
  field,
  note,
  pass,
  unreachable,
} from './check.ts'

type Application = { id: string; name: string; verifyKey: unknown }

export async function checkDiscord(env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const token = envValue(env, 'DISCORD_TOKEN')
  const publicKey = envValue(env, 'DISCORD_PUBLIC_KEY')
  if (!token && !publicKey) return []
  if (publicKey && !isPublicKey(publicKey))
    return [
      fail(
        'discord',
        'Discord: DISCORD_PUBLIC_KEY is not an Ed25519 public key',
        'copy the 64 hex characters of Public Key from the application’s General Information page',
      ),
    ]
  if (!token)
    return [
      note(
        'discord',
        'Discord: DISCORD_TOKEN is not set, so the public key cannot be checked against the application (HTTP interactions need no bot token)',
      ),
    ]
  const base = envValue(env, 'DISCORD_API_URL') ?? DEFAULT_DISCORD_API_URL
  const app = await fetchApplication(base, token)
  if ('failed' in app) return [app.failed]
  return [compareApplication(app, envValue(env, 'DISCORD_APPLICATION_ID'), publicKey)]
}

function isPublicKey(value: string): boolean {
  try {
    parseDiscordPublicKey(value)
    return true
  } catch {
    return false
  }
}

/** The token's application, or the failed check; one request, no retries, bounded in time. */
async function fetchApplication(base: string, token: string): Promise<Application | { failed: CheckResult }> {
  let body: unknown
  try {
    body = await createDiscordRest(base, token, { retries: 0, timeoutMs: CHECK_TIMEOUT_MS }).get(
      '/applications/@me',
    )
  } catch (error) {
    const status = (error as { status?: unknown }).status
    if (typeof status !== 'number')
      return { failed: unreachable('discord', 'Discord', base, 'DISCORD_API_URL', error) }
    if (status === 401 || status === 403)
      return {
        failed: fail(
          'discord',
          `Discord: DISCORD_TOKEN was refused (HTTP ${status})`,
          'reset the token on the application’s Bot page in the Developer Portal and put the new one in DISCORD_TOKEN',
        ),
      }
    return {
      failed: fail(
        'discord',
        `Discord: the application could not be fetched (HTTP ${status})`,
        'check DISCORD_API_URL and https://discordstatus.com, then run herald doctor again',
      ),
    }
  }
  const id = String(field(body, 'id') ?? '')
  return { id, name: String(field(body, 'name') ?? id), verifyKey: field(body, 'verify_key') }
}

function compareApplication(
  app: Application,
  applicationId: string | undefined,
  publicKey: string | undefined,
): CheckResult {
  const { id, name, verifyKey } = app
  if (applicationId && id && applicationId !== id)
    return fail(
      'discord',
      `Discord: DISCORD_APPLICATION_ID is not the id of the token’s application "${name}" (${id})`,
      `set DISCORD_APPLICATION_ID=${id}, or use the bot token of the application you meant`,
    )
  if (publicKey && typeof verifyKey === 'string' && verifyKey.toLowerCase() !== publicKey.toLowerCase())
    return fail(
      'discord',
      `Discord: DISCORD_PUBLIC_KEY is not the public key of application "${name}"`,
      'copy Public Key from that application’s General Information page into DISCORD_PUBLIC_KEY; with the wrong key every interaction is refused',
    )
  return pass('discord', `Discord: bot token accepted (application "${name}", ${id})`)
}
