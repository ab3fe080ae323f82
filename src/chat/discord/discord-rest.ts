/**
 * Discord's REST API through discord.js's REST client, `@discordjs/rest`
 * (rate limits and retries handled there), pointed at `DISCORD_API_URL` for
 * tests. Imported on its own so HTTP interactions never load the gateway
 * client (about 20 MiB and 0.4 s of start-up).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

type DiscordRest = typeof import('@discordjs/rest')

// The package's build for runtimes with a global `fetch` (its `default` export
// condition), loaded by path: the same REST client on Node's own `fetch` (which
// Herald's other HTTP calls use), where the Node build loads the undici package
// at start for its requests: 5 MiB less heap with Discord alone. The Node build
// differs only in that strategy, which it drops itself under Deno and Bun, and
// in polyfilling FormData and Blob, which every Node that engines allows has.
const require = createRequire(import.meta.url)
const { REST, DiscordAPIError } = require(
  join(dirname(require.resolve('@discordjs/rest')), 'web.js'),
) as DiscordRest

export { DiscordAPIError }
export type REST = InstanceType<DiscordRest['REST']>

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api/v10'

/** `https://discord.com/api/v10` -> api `https://discord.com/api`, version `10` (the shape discord.js wants). */
export function createDiscordRest(
  apiUrl: string = DEFAULT_DISCORD_API_URL,
  token?: string,
  tuning: { retries?: number; timeoutMs?: number } = {},
): REST {
  const url = new URL(apiUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`Discord: DISCORD_API_URL must be an http(s) URL (${url.protocol})`)
  const base = apiUrl.replace(/\/+$/, '')
  const m = /^(.*)\/v(\d+)$/.exec(base)
  const rest = new REST({
    api: m ? m[1]! : base,
    version: m ? m[2]! : '10',
    retries: tuning.retries ?? 2,
    ...(tuning.timeoutMs ? { timeout: tuning.timeoutMs } : {}),
  })
  if (token) rest.setToken(token)
  return rest
}
