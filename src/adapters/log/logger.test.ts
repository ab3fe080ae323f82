import { describe, expect, it } from 'vitest'
import type { ChatLog } from '../../chat/platform/log.ts'
import { createLogger, webhookEnvNames, withRequestId } from './logger.ts'

/** One value per kind of secret; none of them has a well-known shape, so only the environment can mask them. */
const SECRETS = {
  SLACK_BOT_TOKEN: 'slack-bot-Q2FzdGxlIGluIHRoZSBza3k',
  SLACK_APP_TOKEN: 'slack-app-VGhlIHF1aWNrIGJyb3du',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  DISCORD_TOKEN: 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
  GITHUB_TOKEN: 'enterprise-token-4d9f0c2a7b1e',
  OPENAI_API_KEY: 'local-model-key-77a1b2c3d4',
  /** Named by the config; its name says nothing about secrets. */
  ANNOUNCE_TARGET: 'https://chat.example.com/hooks/123456/aGVyYWxkLXdlYmhvb2stdG9rZW4',
}

function collect(env: NodeJS.ProcessEnv, options: { secretEnvNames?: string[]; terminal?: boolean } = {}) {
  const lines: string[] = []
  const log = createLogger({
    env,
    write: (l) => lines.push(l),
    terminal: options.terminal ?? false,
    ...options,
  })
  const json = () =>
    lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { log, lines, json }
}

describe('createLogger', () => {
  it('masks every kind of secret the environment holds, in the message, fields, bindings and errors', () => {
    const { log, lines } = collect({ ...SECRETS }, { secretEnvNames: ['ANNOUNCE_TARGET'] })
    for (const [name, value] of Object.entries(SECRETS)) {
      const child = log.child({ note: `bound ${value}` })
      child.error(`calling with ${value} failed`, {
        detail: `sent ${value}`,
        nested: { list: [value, { deeper: value }] },
        err: new Error(`request to ${value} failed`, { cause: new Error(`inner ${value}`) }),
        url: new URL(`https://example.com/?q=${encodeURIComponent(value)}`),
        name,
      })
    }
    const out = lines.join('')
    for (const value of Object.values(SECRETS)) expect(out).not.toContain(value)
    expect(out).toContain('calling with [redacted:SLACK_SIGNING_SECRET] failed')
    expect(out).toContain('request to [redacted:ANNOUNCE_TARGET] failed')
  })

  it('masks the webhook URL of a config line and its token on its own', () => {
    const url = 'https://discord.com/api/webhooks/1122334455/c2VjcmV0LXdlYmhvb2stdG9rZW4tdmFsdWU'
    const { log, lines } = collect({ CONNEXITY_RELEASES: url }, { secretEnvNames: ['CONNEXITY_RELEASES'] })
    log.info(`posting to ${url}`)
    log.info('route /webhooks/1122334455/c2VjcmV0LXdlYmhvb2stdG9rZW4tdmFsdWU?wait=true')
    const out = lines.join('')
    expect(out).not.toContain('c2VjcmV0LXdlYmhvb2stdG9rZW4tdmFsdWU')
    expect(out).toContain('posting to [redacted:CONNEXITY_RELEASES]')
  })

  it('masks secrets by field name at any depth, and the Redis password of HERALD_STORE', () => {
    const { log, json } = collect({ HERALD_STORE: 'redis://herald:s3cr3t-redis-pass@redis:6379' })
    log.warn('store: retrying redis://herald:s3cr3t-redis-pass@redis:6379', {
      request: { headers: { Authorization: 'Bearer abc', 'x-slack-signature': 'v0=abc' } },
      slack: { signingSecret: 'short', botToken: 'x' },
      apiKey: 'k',
      webhookUrl: 'https://example.com/hook',
      tokens: 3,
    })
    const [line] = json()
    expect(line).toMatchObject({
      level: 'warn',
      request: { headers: { Authorization: '[redacted]', 'x-slack-signature': '[redacted]' } },
      slack: { signingSecret: '[redacted]', botToken: '[redacted]' },
      apiKey: '[redacted]',
      webhookUrl: '[redacted]',
      tokens: 3,
    })
    expect(line!['msg']).toBe('store: retrying redis://herald:[redacted:HERALD_STORE]@redis:6379')
  })

  it('masks well-known secret shapes the environment does not hold', () => {
    const { log, lines } = collect({})
    const leaked = [
      'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp',
      'xapp-1-A0123456789-1234567890-abcdef0123456789',
      'ghp_0123456789abcdefghijABCDEFGHIJ012345',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
      'sk-proj-abcdefghijklmnopqrstuvwxyz012345',
      'https://discord.com/api/webhooks/1234567890/abcDEF-ghi_jkl',
      'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX',
      'Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ',
    ]
    for (const value of leaked) log.error(`echoed: ${value}`)
    const out = lines.join('')
    for (const value of leaked) expect(out).not.toContain(value)
  })

  it('does not mask short values (a test token "t" would eat every letter t)', () => {
    const { log, json } = collect({ DISCORD_TOKEN: 't' })
    log.info('the test starts')
    expect(json()[0]!['msg']).toBe('the test starts')
  })

  it('writes one JSON object per line with the level name, an ISO time and the service', () => {
    const { log, json } = collect({})
    log.info('ready', { port: 3000 })
    expect(json()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'herald',
        port: 3000,
        msg: 'ready',
      },
    ])
  })

  it.each([
    [undefined, ['error', 'warn', 'info']],
    ['warn', ['error', 'warn']],
    ['DEBUG', ['error', 'warn', 'info', 'debug']],
    ['nonsense', ['error', 'warn', 'info']],
  ])('LOG_LEVEL=%s logs %j', (level, expected) => {
    const { log, json } = collect({ LOG_LEVEL: level })
    log.error('e')
    log.warn('w')
    log.info('i')
    log.debug('d')
    expect(json().map((l) => l['level'])).toEqual(expected)
  })

  it('gives each interaction its own request id on every line of its child logger', () => {
    const { log, json } = collect({})
    const a = withRequestId(log, 'interaction-1', { platform: 'discord' })
    const b = withRequestId(log)
    a.info('one')
    b.info('two')
    a.child({ step: 'cut' }).info('three')
    const [one, two, three] = json()
    expect(one).toMatchObject({ reqId: 'interaction-1', platform: 'discord' })
    expect(two!['reqId']).toMatch(/^[0-9a-f-]{36}$/)
    expect(three).toMatchObject({ reqId: 'interaction-1', step: 'cut' })
  })

  it.each([
    [{ LOG_PRETTY: '1' }, false, true],
    [{}, true, true],
    [{ LOG_PRETTY: '0' }, true, false],
    [{}, false, false],
  ])('pretty mode with %j on a terminal=%s: %s', (env, terminal, expected) => {
    const { log, lines } = collect({ ...env, GITHUB_TOKEN: SECRETS.GITHUB_TOKEN }, { terminal })
    expect(log.pretty).toBe(expected)
    log.info(`token ${SECRETS.GITHUB_TOKEN}`)
    const out = lines.join('')
    expect(out).toContain('token [redacted:GITHUB_TOKEN]')
    expect(out.trimStart().startsWith('{')).toBe(!expected)
  })
})

it('can be handed to the chat transports as their ChatLog', () => {
  const lines: string[] = []
  const chatLog: ChatLog = createLogger({ env: {}, write: (l) => lines.push(l), terminal: false })
  chatLog.error('http: request failed', { path: '/slack/events' })
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', path: '/slack/events' })
})

describe('webhookEnvNames', () => {
  it('lists the webhook variables of every line once', () => {
    expect(
      webhookEnvNames({
        lines: [
          { announce: { webhook: { env: 'A_HOOK' } } },
          {},
          { announce: {} },
          { announce: { webhook: { env: 'A_HOOK' } } },
          { announce: { webhook: { env: 'B' } } },
        ],
      }),
    ).toEqual(['A_HOOK', 'B'])
  })
})
