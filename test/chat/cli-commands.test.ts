/** `herald register-commands` against a local Discord REST server, and `herald manifest slack`. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { renderDiscordCommands } from '../../commands/discord-commands.ts'
import { COMMAND_DEFINITIONS } from '../../commands/index.ts'
import type { Io } from '../../src/cli/io.ts'
import { main } from '../../src/cli/main.ts'
import { type LocalServer, startLocalServer } from './support.ts'

let discord: LocalServer
let status = 200
beforeEach(async () => {
  status = 200
  discord = await startLocalServer((r) =>
    status === 200
      ? { body: JSON.parse(r.body) }
      : { status, body: { message: '401: Unauthorized', code: 0 } },
  )
})
afterEach(() => discord.close())

function io(env: Record<string, string>) {
  const out: string[] = []
  const err: string[] = []
  const value: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env,
    cwd: process.cwd(),
    interactive: false,
  }
  return { io: value, out, err }
}

const TOKEN = 'MTA-secret-bot-token'
const env = () => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_APPLICATION_ID: '123456',
  DISCORD_API_URL: `${discord.url}/api/v10`,
})

describe('herald register-commands', () => {
  it('bulk-overwrites the guild’s commands with the generated definitions', async () => {
    const run = io(env())
    expect(await main(['register-commands', '--guild', '777'], run.io)).toBe(0)
    expect(discord.requests).toHaveLength(1)
    const [put] = discord.requests
    expect(put).toMatchObject({ method: 'PUT', path: '/api/v10/applications/123456/guilds/777/commands' })
    expect(put!.headers['authorization']).toBe(`Bot ${TOKEN}`)
    expect(JSON.parse(put!.body)).toEqual(renderDiscordCommands(COMMAND_DEFINITIONS))
    expect(run.out.join('')).toBe('Registered /release, /announce-release in guild 777.\n')
  })

  it('registers globally without --guild', async () => {
    expect(await main(['register-commands', '--json'], io(env()).io)).toBe(0)
    expect(discord.requests[0]!.path).toBe('/api/v10/applications/123456/commands')
  })

  it('explains a refused token without echoing it', async () => {
    status = 401
    const run = io(env())
    expect(await main(['register-commands'], run.io)).toBe(2)
    expect(run.err.join('')).toMatch(
      /^herald: register-commands: Discord answered 401: Discord refused the token: check DISCORD_TOKEN/,
    )
    expect(run.err.join('') + run.out.join('')).not.toContain(TOKEN)
  })

  it('needs a token', async () => {
    const run = io({ DISCORD_APPLICATION_ID: '1' })
    expect(await main(['register-commands'], run.io)).toBe(2)
    expect(run.err.join('')).toMatchInlineSnapshot(`
      "herald: register-commands: DISCORD_TOKEN is not set (Bot -> Reset Token in the Developer Portal)
      "
    `)
    expect(discord.requests).toEqual([])
  })
})

describe('herald manifest slack', () => {
  it('prints a YAML manifest with the request URL', async () => {
    const run = io({})
    expect(await main(['manifest', 'slack', '--url', 'https://herald.example.com/'], run.io)).toBe(0)
    const text = run.out.join('')
    expect(text).toContain('command: /release')
    expect(text).toContain('request_url: https://herald.example.com/slack/events')
  })

  it('wants --url or --socket-mode, and an https URL', async () => {
    const none = io({})
    expect(await main(['manifest', 'slack'], none.io)).toBe(2)
    expect(none.err.join('')).toContain('give --url https://your-host')
    const http = io({})
    expect(await main(['manifest', 'slack', '--url', 'http://x.example'], http.io)).toBe(2)
    expect(http.err.join('')).toContain('Slack requires an https:// URL')
  })
})

describe('herald manifest github-app', () => {
  it('prints the App manifest: the webhook URL, exactly the events Herald acts on and their permissions', async () => {
    const run = io({})
    expect(
      await main(['manifest', 'github-app', '--url', 'https://herald.example.com/', '--json'], run.io),
    ).toBe(0)
    expect(JSON.parse(run.out.join(''))).toEqual({
      name: 'Herald',
      url: 'https://herald.example.com',
      hook_attributes: { url: 'https://herald.example.com/github/webhook', active: true },
      public: false,
      default_permissions: {
        contents: 'write',
        pull_requests: 'write',
        issues: 'write',
        checks: 'read',
        statuses: 'read',
        metadata: 'read',
      },
      default_events: ['pull_request', 'push', 'check_suite', 'status'],
    })
  })

  it('wants an https --url', async () => {
    const none = io({})
    expect(await main(['manifest', 'github-app'], none.io)).toBe(2)
    expect(none.err.join('')).toContain('--url')
    const http = io({})
    expect(await main(['manifest', 'github-app', '--url', 'http://x.example'], http.io)).toBe(2)
    expect(http.err.join('')).toContain('GitHub requires an https:// URL')
  })
})
