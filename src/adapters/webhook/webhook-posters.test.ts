import { afterEach, describe, expect, it } from 'vitest'
import { startWebhookServer, type WebhookServer } from '../../testing/webhook-server.ts'
import { DiscordWebhookPoster } from './discord-webhook-poster.ts'
import { SlackWebhookPoster } from './slack-webhook-poster.ts'
import { resolveWebhookUrl } from './webhook-url.ts'

const fast = { attemptTimeoutMs: 300, backoffMs: 1, maxAttempts: 3, maxRateLimitWaits: 3 }
const signal = () => 20_000
let server: WebhookServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const TEXT =
  '🚀 connexity-cli v0.3.0 is out!\n\nWe added compare.\n\nFull notes: https://github.com/o/r/releases/tag/cli-v0.3.0'

describe('Discord webhook', () => {
  it('posts the text unchanged with ?wait=true and no mentions allowed, and links the message', async () => {
    server = await startWebhookServer(['discord-ok'])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())
    expect(outcome).toEqual({ status: 'posted', messageUrl: 'https://discord.com/channels/7/42/m1' })
    expect(server.received).toHaveLength(1)
    const [req] = server.received
    expect(req!.query.get('wait')).toBe('true')
    expect(req!.body).toEqual({ content: TEXT, allowed_mentions: { parse: [] } })
  })

  it('neutralises mass and role mentions on the wire even when the text carries them', async () => {
    server = await startWebhookServer(['discord-ok'])
    const injected = `${TEXT}\n@everyone @here <@&1122334455> <@99>`
    await new DiscordWebhookPoster(server.url(), fast).post(injected, signal())
    const body = server.received[0]!.body as { content: string; allowed_mentions: unknown }
    expect(body.allowed_mentions).toEqual({ parse: [] })
    expect(body.content).toBe(injected)
  })

  it.each([
    [
      'retry_after in the body',
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.02, global: false } },
    ],
    ['Retry-After header', { status: 429, body: {}, headers: { 'retry-after': '0' } }],
  ])('waits out a 429 (%s) and then posts once', async (_name, limited) => {
    server = await startWebhookServer([limited, 'discord-ok'])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())
    expect(outcome.status).toBe('posted')
    expect(server.received).toHaveLength(2)
  })

  it('gives up on a 429 whose wait does not fit the deadline, saying nothing was posted', async () => {
    server = await startWebhookServer([{ status: 429, body: { retry_after: 3600 } }])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())
    expect(outcome).toMatchObject({ status: 'failed', code: 'rate_limited' })
    expect(server.received).toHaveLength(1)
  })

  it('retries a 5xx storm a bounded number of times, then fails', async () => {
    server = await startWebhookServer([{ status: 503, body: { message: 'unavailable' } }])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())
    expect(outcome).toMatchObject({ status: 'failed', code: 'server_error' })
    expect(server.received).toHaveLength(3)
  })

  it('recovers when a 5xx is followed by success', async () => {
    server = await startWebhookServer([{ status: 502, body: 'bad gateway' }, 'discord-ok'])
    expect((await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())).status).toBe('posted')
    expect(server.received).toHaveLength(2)
  })

  it('reports a 404 as a dead webhook without repeating the URL or its token', async () => {
    server = await startWebhookServer([{ status: 404, body: { message: 'Unknown Webhook', code: 10015 } }])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())
    expect(outcome).toMatchObject({ status: 'failed', code: 'dead_webhook' })
    expect(JSON.stringify(outcome)).not.toMatch(/s3cr3t|127\.0\.0\.1|webhooks\/123/)
    expect(server.received).toHaveLength(1)
  })

  it('turns a hang into post_unknown and never sends again', async () => {
    server = await startWebhookServer(['hang'])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post(TEXT, signal())
    expect(outcome).toMatchObject({ status: 'unknown', code: 'post_unknown' })
    expect(outcome.status === 'unknown' && outcome.message).toContain('may have been posted')
    expect(JSON.stringify(outcome)).not.toContain('s3cr3t')
    expect(server.received).toHaveLength(1)
  })

  it('refuses text over 2,000 characters without sending anything', async () => {
    server = await startWebhookServer(['discord-ok'])
    const outcome = await new DiscordWebhookPoster(server.url(), fast).post('x'.repeat(2001), signal())
    expect(outcome).toMatchObject({ status: 'failed', code: 'too_long' })
    expect(server.received).toHaveLength(0)
  })

  it('fails (nothing posted) when nothing listens, after bounded attempts', async () => {
    server = await startWebhookServer(['discord-ok'])
    const url = server.url()
    await server.close()
    server = undefined
    const outcome = await new DiscordWebhookPoster(url, fast).post(TEXT, signal())
    expect(outcome).toMatchObject({ status: 'failed', code: 'unreachable' })
  })
})

describe('Slack incoming webhook', () => {
  it('escapes &, < and > so special mentions and masked links arrive as text, without link_names', async () => {
    server = await startWebhookServer(['slack-ok'])
    const injected =
      'Fixes & more <!channel> <!subteam^S0123|@team> <https://evil.example|release notes> @here'
    const outcome = await new SlackWebhookPoster(server.url('/services/T/B/s3cr3t'), fast).post(
      injected,
      signal(),
    )
    expect(outcome).toEqual({ status: 'posted', messageUrl: null })
    const body = server.received[0]!.body as Record<string, unknown>
    expect(body.text).toBe(
      'Fixes &amp; more &lt;!channel&gt; &lt;!subteam^S0123|@team&gt; &lt;https://evil.example|release notes&gt; @here',
    )
    expect(body).not.toHaveProperty('link_names')
    expect(body).toMatchObject({ unfurl_links: false, unfurl_media: false })
  })

  it('honours Retry-After on 429 and then posts once', async () => {
    server = await startWebhookServer([
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '0' } },
      'slack-ok',
    ])
    expect((await new SlackWebhookPoster(server.url(), fast).post('hi', signal())).status).toBe('posted')
    expect(server.received).toHaveLength(2)
  })

  it.each([
    [410, 'channel_is_archived', 'channel_archived', /archived.*unarchive it/],
    [400, 'invalid_payload', 'rejected', /could not read the message/],
    [404, 'no_service', 'dead_webhook', /removed or disabled/],
    [403, 'action_prohibited', 'webhook_rejected', /restricted posting/],
    [400, 'something_new', 'rejected', /HTTP 400: something_new/],
  ])('turns HTTP %i %s into a clear message', async (status, body, code, message) => {
    server = await startWebhookServer([{ status, body }])
    const outcome = await new SlackWebhookPoster(server.url(), fast).post('hi', signal())
    expect(outcome).toMatchObject({ status: 'failed', code })
    expect(outcome.status === 'failed' && outcome.message).toMatch(message)
    expect(server.received).toHaveLength(1)
  })

  it('retries a 5xx storm a bounded number of times and reports a hang as unknown', async () => {
    server = await startWebhookServer([{ status: 500, body: 'rollup_error' }])
    expect(await new SlackWebhookPoster(server.url(), fast).post('hi', signal())).toMatchObject({
      code: 'server_error',
    })
    expect(server.received).toHaveLength(3)
    await server.close()
    server = await startWebhookServer(['hang'])
    expect(await new SlackWebhookPoster(server.url(), fast).post('hi', signal())).toMatchObject({
      status: 'unknown',
    })
    expect(server.received).toHaveLength(1)
  })
})

describe('webhook URL', () => {
  it('comes from the environment first, then from .env', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'herald-env-'))
    writeFileSync(join(dir, '.env'), 'HOOK=https://discord.com/api/webhooks/1/from-dotenv\n')
    const base = { envName: 'HOOK', dotenvPath: join(dir, '.env'), lineName: 'cli' }
    const fromEnv = resolveWebhookUrl({
      ...base,
      env: { HOOK: 'https://discord.com/api/webhooks/1/from-env' },
    })
    expect(fromEnv.ok && fromEnv.url.pathname).toBe('/api/webhooks/1/from-env')
    const fromFile = resolveWebhookUrl({ ...base, env: {} })
    expect(fromFile.ok && fromFile.url.pathname).toBe('/api/webhooks/1/from-dotenv')
  })

  it.each([
    [
      undefined,
      'The announcement webhook of line "cli" is not set: put its URL in the environment variable HOOK (or in .env), then try again.',
    ],
    [
      'http://discord.com/api/webhooks/1/secret-token',
      "HOOK does not hold a valid https webhook URL: copy the webhook URL again from the channel's integration settings.",
    ],
    [
      'not a url secret-token',
      "HOOK does not hold a valid https webhook URL: copy the webhook URL again from the channel's integration settings.",
    ],
  ])('explains a missing or bad value (%s) without echoing it', (value, message) => {
    const result = resolveWebhookUrl({ envName: 'HOOK', env: value ? { HOOK: value } : {}, lineName: 'cli' })
    expect(result).toEqual({ ok: false, message })
  })
})
