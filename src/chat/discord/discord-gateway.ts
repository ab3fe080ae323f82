/**
 * Gateway mode: a discord.js client holds the WebSocket (no public URL
 * needed) and hands every INTERACTION_CREATE, as the raw API payload, to the
 * same `DiscordInteractions` the HTTP endpoint uses. The initial response goes
 * back through REST's interaction callback.
 */

import type { REST } from 'discord.js'
import { Client, GatewayIntentBits } from 'discord.js'
import { type ChatLog, errorField } from '../platform/log.ts'
import type { DiscordInteractions } from './discord-interactions.ts'
import { interactionRoutes } from './discord-routes.ts'

export type DiscordGateway = { close(): Promise<void> }

export async function startDiscordGateway(options: {
  token: string
  interactions: DiscordInteractions
  rest: REST
  log: ChatLog
}): Promise<DiscordGateway> {
  const { interactions, rest, log } = options
  const client = new Client({ intents: [GatewayIntentBits.Guilds] })
  client.on('raw', (packet: { t?: string; d?: { id?: unknown; token?: unknown } }) => {
    if (packet.t !== 'INTERACTION_CREATE' || !packet.d) return
    const { id, token } = packet.d
    if (typeof id !== 'string' || typeof token !== 'string') return
    interactions
      .handle(packet.d, async (response) => {
        await rest.post(interactionRoutes.callback(id, token), { body: response, auth: false })
      })
      .catch((error) => log.error('discord: interaction failed', errorField(error)))
  })
  client.on('error', (error) => log.error('discord: gateway error', errorField(error)))
  client.once('clientReady', () => log.info('discord: connected to the gateway', { user: client.user?.tag }))
  await client.login(options.token)
  return {
    async close() {
      await client.destroy()
      await interactions.drain(10_000)
    },
  }
}
