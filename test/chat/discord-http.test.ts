/**
 * Discord HTTP interactions, on the wire: Ed25519-signed with a generated key
 * pair against Herald's HTTP server; follow-ups caught on a local REST server.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DiscordHttpEndpoint } from '../../src/chat/discord/discord-http-endpoint.ts'
import { DiscordInteractions } from '../../src/chat/discord/discord-interactions.ts'
import { createDiscordRest } from '../../src/chat/discord/discord-rest.ts'
import { parseDiscordPublicKey } from '../../src/chat/discord/verify-discord-request.ts'
import { type HttpServerHandle, startHttpServer } from '../../src/chat/http/http-server.ts'
import { silentLog } from '../../src/chat/platform/log.ts'
import { fakeFlows, type LocalServer, startLocalServer } from './support.ts'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const publicHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex')
const APP = '100000000000000001'
const ROLE = '1122334455667788'

let rest: LocalServer
let server: HttpServerHandle
let flows: ReturnType<typeof fakeFlows>

beforeEach(async () => {
  rest = await startLocalServer((r) => (r.method === 'DELETE' ? { status: 204 } : { body: { id: '1' } }))
  flows = fakeFlows()
  const interactions = new DiscordInteractions({
    flows,
    rest: createDiscordRest(`${rest.url}/api/v10`),
    log: silentLog,
  })
  const discord = new DiscordHttpEndpoint({
    interactions,
    publicKey: parseDiscordPublicKey(publicHex),
    log: silentLog,
  })
  server = await startHttpServer({ port: 0, host: '127.0.0.1', discord, log: silentLog })
})

afterEach(async () => {
  await server.close(2_000)
  await rest.close()
})

const now = () => Math.floor(Date.now() / 1000)
function signature(timestamp: string, body: string, key: KeyObject = privateKey): string {
  return sign(null, Buffer.from(timestamp + body), key).toString('hex')
}

async function post(body: string, options: { timestamp?: number; signature?: string } = {}) {
  const timestamp = String(options.timestamp ?? now())
  return fetch(`${server.url}/discord/interactions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-timestamp': timestamp,
      'x-signature-ed25519': options.signature ?? signature(timestamp, body),
    },
    body,
  })
}

let ids = 0
function interaction(type: number, data: Record<string, unknown>, roles: string[] = [ROLE]): string {
  ids++
  return JSON.stringify({
    id: String(900000000000000000n + BigInt(ids)),
    application_id: APP,
    type,
    token: `token-${ids}`,
    version: 1,
    guild_id: '200000000000000002',
    channel_id: '300000000000000003',
    member: {
      user: { id: '400000000000000004', username: 'ada', global_name: 'Ada' },
      roles,
      nick: null,
    },
    data,
  })
}
const command = (options: { name: string; value: string }[], roles?: string[]) =>
  interaction(
    2,
    { id: '5', name: 'release', type: 1, options: options.map((o) => ({ ...o, type: 3 })) },
    roles,
  )

describe('Discord HTTP interactions', () => {
  it('answers PING with PONG', async () => {
    const res = await post(JSON.stringify({ id: '1', application_id: APP, type: 1, token: 't', version: 1 }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ type: 1 })
  })

  it('defers a command ephemerally, then edits the reply with the view, the member’s roles in the actor', async () => {
    const body = command([
      { name: 'line', value: 'cli' },
      { name: 'bump', value: 'minor' },
    ])
    const res = await post(body)
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } })
    await vi.waitFor(() => expect(rest.requests).toHaveLength(1))
    expect(flows.calls).toEqual([
      {
        kind: 'command',
        name: 'release',
        args: { line: 'cli', bump: 'minor' },
        actor: { platform: 'discord', userId: '400000000000000004', roles: [ROLE], groups: [], name: 'Ada' },
      },
    ])
    const [edit] = rest.requests
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: `/api/v10/webhooks/${APP}/token-${ids}/messages/@original`,
    })
    expect(edit!.headers['authorization']).toBeUndefined()
    const message = JSON.parse(edit!.body)
    expect(message.allowed_mentions).toEqual({ parse: [] })
    expect(JSON.stringify(message.embeds)).not.toMatch(/@everyone/)
    expect(message.components[0].components.map((b: { custom_id: string }) => b.custom_id)).toEqual([
      'arelease:cut:42',
      'eannounce:edit:42',
    ])
  })

  it('refuses bad options at once with the usage, calling no flow', async () => {
    const res = await post(
      command([
        { name: 'line', value: 'cli' },
        { name: 'bump', value: 'huge' },
      ]),
    )
    const reply = (await res.json()) as { data: { content: string } }
    expect(reply).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } })
    expect(reply.data.content).toMatch(/^`bump` cannot be `huge`/)
    expect(flows.calls).toEqual([])
  })

  it('handles a duplicated interaction id once', async () => {
    const body = command([{ name: 'line', value: 'cli' }])
    expect((await post(body)).status).toBe(200)
    expect((await post(body)).status).toBe(409)
    await vi.waitFor(() => expect(rest.requests).toHaveLength(1))
    await new Promise((r) => setTimeout(r, 100))
    expect(flows.calls).toHaveLength(1)
  })

  it('passes each click’s member roles to the flow and edits the message', async () => {
    const res = await post(interaction(3, { custom_id: 'arelease:cut:42', component_type: 2 }, ['999']))
    expect(await res.json()).toEqual({ type: 6 })
    await vi.waitFor(() => expect(rest.requests).toHaveLength(1))
    expect(flows.calls).toEqual([
      {
        kind: 'action',
        id: 'release:cut:42',
        text: undefined,
        actor: { platform: 'discord', userId: '400000000000000004', roles: ['999'], groups: [], name: 'Ada' },
      },
    ])
  })

  it('opens a modal for an edit button and sends the submitted text to the flow', async () => {
    await post(command([{ name: 'line', value: 'cli' }]))
    await vi.waitFor(() => expect(rest.requests).toHaveLength(1))
    const res = await post(interaction(3, { custom_id: 'eannounce:edit:42', component_type: 2 }))
    const modal = (await res.json()) as { data: { components: { components: unknown[] }[] } }
    expect(modal).toMatchObject({
      type: 9,
      data: { custom_id: 'mannounce:edit:42', title: 'Edit announcement' },
    })
    expect(modal.data.components[0]!.components[0]).toMatchObject({
      value: 'We shipped v1.1.0.',
      max_length: 2_000,
    })
    expect(flows.calls.filter((c) => c.kind === 'action')).toEqual([])

    const submit = interaction(5, {
      custom_id: 'mannounce:edit:42',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'text', value: 'We shipped it.' }] }],
    })
    expect(await (await post(submit)).json()).toEqual({ type: 6 })
    await vi.waitFor(() => expect(flows.calls.filter((c) => c.kind === 'action')).toHaveLength(1))
    expect(flows.calls.at(-1)).toMatchObject({
      kind: 'action',
      id: 'announce:edit:42',
      text: 'We shipped it.',
    })
  })

  it('autocompletes the line from the flows', async () => {
    const body = interaction(4, {
      name: 'release',
      type: 1,
      options: [{ name: 'line', type: 3, value: 'p', focused: true }],
    })
    expect(await (await post(body)).json()).toEqual({
      type: 8,
      data: { choices: [{ name: 'platform', value: 'platform' }] },
    })
  })
})

describe('Discord request verification', () => {
  const other = generateKeyPairSync('ed25519').privateKey
  const body = () => command([{ name: 'line', value: 'cli' }])
  it.each([
    ['forged (another key)', (b: string) => post(b, { signature: signature(String(now()), b, other) })],
    [
      'stale (6 minutes old)',
      (b: string) => post(b, { timestamp: now() - 360, signature: signature(String(now() - 360), b) }),
    ],
    [
      'future-dated (6 minutes ahead)',
      (b: string) => post(b, { timestamp: now() + 360, signature: signature(String(now() + 360), b) }),
    ],
    [
      'tampered (body changed after signing)',
      (b: string) => post(b.replace('"cli"', '"platform"'), { signature: signature(String(now()), b) }),
    ],
    ['unsigned', (b: string) => post(b, { signature: '' })],
    ['signed with garbage', (b: string) => post(b, { signature: 'zz'.repeat(64) })],
  ])('refuses a %s request with 401 before any handler', async (_name, send) => {
    const res = await send(body())
    expect(res.status).toBe(401)
    await new Promise((r) => setTimeout(r, 50))
    expect(flows.calls).toEqual([])
    expect(rest.requests).toEqual([])
  })

  it('refuses a PING that is not signed (Discord’s endpoint probe)', async () => {
    const ping = JSON.stringify({ id: '1', application_id: APP, type: 1, token: 't', version: 1 })
    expect((await post(ping, { signature: '00'.repeat(64) })).status).toBe(401)
  })

  it('serves /healthz and nothing else', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true })
    expect((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '' })).status).toBe(404)
    expect((await fetch(`${server.url}/discord/interactions`)).status).toBe(405)
  })
})
