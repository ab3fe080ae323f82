import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { validate } from '../../src/config/load-config.ts'
import { createRepo } from '../../src/testing/git-repo.ts'
import { runCli } from '../helpers/run-cli.ts'
import {
  ARCHIVED_REPO,
  DISCORD_APP,
  type FakePlatforms,
  REPO,
  startFakePlatforms,
  TOKENS,
} from './fake-platforms.ts'

const WEBHOOK = 'https://discord.com/api/webhooks/998877/webhook-token-0123456789abcdef'
const SIGNING_SECRET = 'slack-signing-secret-0123456789ab'
const GITHUB_SECRET = 'github-webhook-secret-0123456789'

let platforms: FakePlatforms
let dir: string
beforeAll(async () => {
  platforms = await startFakePlatforms()
  dir = mkdtempSync(join(tmpdir(), 'herald-doctor-'))
})
afterAll(async () => {
  await platforms.close()
  rmSync(dir, { recursive: true, force: true })
})

type Config = Record<string, unknown>
const HEALTHY_CONFIG: Config = {
  repo: REPO,
  lines: [
    {
      name: 'cli',
      tagPrefix: 'cli-v',
      announce: {
        kind: 'cli',
        product: 'widgets-cli',
        action: 'npm i -g widgets-cli',
        webhook: { env: 'WIDGETS_RELEASES', kind: 'discord' },
      },
    },
  ],
  auth: { release: { users: ['U012ABC'] }, approve: { users: ['U045DEF'] }, announce: { roles: ['1122'] } },
}

/** Every platform on, pointed at the local server; every check should pass. */
function healthyEnv(): NodeJS.ProcessEnv {
  return {
    PORT: '3000',
    SLACK_BOT_TOKEN: TOKENS.slackBot,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${platforms.url}/slack/api/`,
    DISCORD_TOKEN: TOKENS.discord,
    DISCORD_PUBLIC_KEY: DISCORD_APP.verify_key,
    DISCORD_APPLICATION_ID: DISCORD_APP.id,
    DISCORD_API_URL: `${platforms.url}/discord`,
    GITHUB_TOKEN: TOKENS.github,
    GITHUB_API_URL: `${platforms.url}/github`,
    OPENAI_API_KEY: TOKENS.openai,
    OPENAI_BASE_URL: `${platforms.url}/openai/v1`,
    WIDGETS_RELEASES: WEBHOOK,
    HERALD_STORE: 'memory:',
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
  }
}

let configCount = 0
async function doctor(
  env: NodeJS.ProcessEnv,
  config: Config | string | null = HEALTHY_CONFIG,
  options: { cwd?: string; json?: boolean } = {},
) {
  const args = ['doctor']
  if (config !== null) {
    const path = join(dir, `config-${++configCount}.yaml`)
    writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config))
    args.push('--config', path)
  }
  const cwd = options.cwd ?? dir
  const text = await runCli(args, { env, cwd })
  const json = await runCli([...args, '--json'], { env, cwd })
  const report = json.json() as {
    ok: boolean
    checks: { id: string; status: string; message: string; fix?: string }[]
  }
  const check = (id: string) => {
    const found = report.checks.find((c) => c.id === id)
    if (!found) throw new Error(`no check ${id} in ${JSON.stringify(report.checks.map((c) => c.id))}`)
    return found
  }
  return { code: text.code, jsonCode: json.code, out: text.stdout, report, check }
}

const SECRET_VALUES = [
  ...Object.values(TOKENS),
  WEBHOOK,
  'webhook-token-0123456789abcdef',
  SIGNING_SECRET,
  GITHUB_SECRET,
]

describe('herald doctor', () => {
  it('passes every check of a healthy setup, one ✓ line each, exit 0', async () => {
    const run = await doctor(healthyEnv())
    expect(run.report.checks.filter((c) => c.status !== 'ok')).toEqual([])
    expect(run.code).toBe(0)
    expect(run.jsonCode).toBe(0)
    expect(run.report.ok).toBe(true)
    expect(run.report.checks.map((c) => c.id)).toEqual([
      'config',
      'environment',
      'chat',
      'slack',
      'discord',
      'github',
      'github-events',
      'auth:release',
      'auth:approve',
      'auth:announce',
      'webhook:cli',
      'store',
      'llm',
    ])
    expect(run.out.split('\n').filter((l) => l.startsWith('✓'))).toHaveLength(13)
    expect(run.out).toContain(
      '✓ chat: Slack over HTTP, Discord over HTTP interactions, GitHub webhooks; HTTP on port 3000',
    )
    expect(run.out).toContain('Ready: every check passed.')
  })

  it('never prints a secret, whether the checks pass or fail', async () => {
    const refused = {
      ...healthyEnv(),
      SLACK_BOT_TOKEN: 'slack-bot-token-refused-0123456789',
      SLACK_APP_TOKEN: 'slack-app-token-refused-0123456789',
      DISCORD_TOKEN: 'discord-token-refused-0123456789',
      GITHUB_TOKEN: 'github-token-refused-0123456789',
      OPENAI_API_KEY: 'openai-key-refused-0123456789',
      HERALD_STORE: 'redis://herald:redis-password-0123456789@127.0.0.1:1',
    }
    const secrets = [
      ...SECRET_VALUES,
      ...Object.values(refused).filter((v) => v?.includes('refused')),
      'redis-password-0123456789',
    ]
    for (const env of [
      healthyEnv(),
      refused,
      { ...healthyEnv(), WIDGETS_RELEASES: 'http://example.com/hook-secret-0123456789' },
    ]) {
      const run = await doctor(env)
      for (const secret of [...secrets, 'hook-secret-0123456789']) {
        expect(run.out).not.toContain(secret)
        expect(JSON.stringify(run.report)).not.toContain(secret)
      }
    }
  })

  describe('config', () => {
    it('reports each invalid key and exits 1', async () => {
      const run = await doctor(healthyEnv(), { lines: [{ name: 'cli', tagPrefix: 'cli-v', mode: 'yolo' }] })
      expect(run.code).toBe(1)
      expect(run.check('config').status).toBe('fail')
      expect(run.out).toMatch(/✗ config: not valid\n {4}.*lines\[0\]\.mode.*\n/)
      expect(run.check('config').fix).toContain('docs/configuration.md')
    })

    it('says when no config file is used', async () => {
      const repo = gitRepo()
      const run = await doctor({ HERALD_STORE: 'memory:' }, null, { cwd: repo })
      expect(run.check('config').message).toContain('no config file, one line `v`')
    })
  })

  describe('environment and chat modes', () => {
    it.each([
      [{ PORT: 'eighty' }, 'environment', /PORT: expected a port number/],
      [{ SLACK_SIGNING_SECRET: '' }, 'chat', /HTTP mode needs SLACK_SIGNING_SECRET/],
      [
        { PORT: '', SLACK_APP_TOKEN: '' },
        'chat',
        /set SLACK_APP_TOKEN for Socket Mode, or PORT and SLACK_SIGNING_SECRET/,
      ],
      [
        { PORT: '', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', DISCORD_TOKEN: '' },
        'chat',
        /DISCORD_PUBLIC_KEY is set but PORT is not/,
      ],
    ])('%j fails %s', async (change, id, message) => {
      const run = await doctor({ ...healthyEnv(), ...change })
      expect(run.check(id)).toMatchObject({ status: 'fail', message: expect.stringMatching(message) })
      expect(run.check(id).fix).toBeTruthy()
      expect(run.code).toBe(1)
    })

    it('notes the console chat when no platform is configured', async () => {
      const env = {
        GITHUB_TOKEN: TOKENS.github,
        GITHUB_API_URL: `${platforms.url}/github`,
        HERALD_STORE: 'memory:',
        WIDGETS_RELEASES: WEBHOOK,
      }
      const run = await doctor(env)
      expect(run.check('chat')).toMatchObject({
        status: 'note',
        message: expect.stringContaining('console chat'),
      })
      expect(run.report.checks.some((c) => c.id === 'slack' || c.id === 'discord')).toBe(false)
    })
  })

  describe('Slack', () => {
    it('fails a refused bot token with where to copy a new one', async () => {
      const run = await doctor({ ...healthyEnv(), SLACK_BOT_TOKEN: 'xoxb-wrong-0123456789' })
      expect(run.check('slack')).toMatchObject({
        status: 'fail',
        message: 'Slack: SLACK_BOT_TOKEN was refused (invalid_auth)',
        fix: expect.stringContaining('OAuth & Permissions'),
      })
    })

    it('fails a token that lacks a scope Herald needs', async () => {
      const run = await doctor({ ...healthyEnv(), SLACK_BOT_TOKEN: TOKENS.slackBotNoScopes })
      expect(run.check('slack').message).toBe('Slack: the bot token lacks the scope usergroups:read')
    })

    it('checks the app-level token of Socket Mode', async () => {
      const ok = await doctor({ ...healthyEnv(), SLACK_APP_TOKEN: TOKENS.slackApp })
      expect(ok.check('slack-app').status).toBe('ok')
      expect(ok.check('chat').message).toContain('Slack over Socket Mode')
      const bad = await doctor({ ...healthyEnv(), SLACK_APP_TOKEN: 'xapp-wrong-0123456789' })
      expect(bad.check('slack-app')).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('connections:write'),
      })
    })

    it('fails when Slack cannot be reached, naming SLACK_API_URL', async () => {
      const run = await doctor({
        ...healthyEnv(),
        SLACK_API_URL: `http://127.0.0.1:${await closedPort()}/api/`,
      })
      expect(run.check('slack').message).toMatch(
        /^Slack: cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/ \(ECONNREFUSED\)$/,
      )
      expect(run.check('slack').fix).toContain('SLACK_API_URL')
    })
  })

  describe('Discord', () => {
    it.each([
      [
        { DISCORD_TOKEN: 'discord-wrong-0123456789' },
        'Discord: DISCORD_TOKEN was refused (HTTP 401)',
        'reset the token',
      ],
      [
        { DISCORD_APPLICATION_ID: '999' },
        /DISCORD_APPLICATION_ID is not the id/,
        `DISCORD_APPLICATION_ID=${DISCORD_APP.id}`,
      ],
      [
        { DISCORD_PUBLIC_KEY: 'b'.repeat(64) },
        /DISCORD_PUBLIC_KEY is not the public key/,
        'General Information',
      ],
      [{ DISCORD_PUBLIC_KEY: 'not-hex' }, /not an Ed25519 public key/, '64 hex characters'],
    ])('%j fails', async (change, message, fix) => {
      const run = await doctor({ ...healthyEnv(), ...change })
      expect(run.check('discord')).toMatchObject({
        status: 'fail',
        message:
          typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
        fix: expect.stringContaining(fix),
      })
    })

    it('accepts HTTP interactions without a bot token, noting the key cannot be checked', async () => {
      const run = await doctor({ ...healthyEnv(), DISCORD_TOKEN: '' })
      expect(run.check('discord').status).toBe('note')
      expect(run.report.ok).toBe(true)
    })
  })

  describe('GitHub', () => {
    it.each([
      [
        { GITHUB_TOKEN: 'github-wrong-0123456789' },
        HEALTHY_CONFIG,
        /refused \(401 Bad credentials\)/,
        'contents: write',
      ],
      [
        {},
        { ...HEALTHY_CONFIG, repo: 'acme/missing' },
        /acme\/missing is not visible to GITHUB_TOKEN \(404\)/,
        'access',
      ],
      [
        { GITHUB_TOKEN: TOKENS.githubReadOnly },
        HEALTHY_CONFIG,
        /can read acme\/widgets but not push/,
        'contents: write',
      ],
      [
        { GITHUB_TOKEN: TOKENS.githubClassicNoRepo },
        HEALTHY_CONFIG,
        /tagging and releasing need repo/,
        'tick repo',
      ],
      [{}, { ...HEALTHY_CONFIG, repo: ARCHIVED_REPO }, /is archived/, 'unarchive'],
    ])('%j with %j fails', async (change, config, message, fix) => {
      const run = await doctor({ ...healthyEnv(), ...change }, config)
      expect(run.check('github')).toMatchObject({
        status: 'fail',
        message:
          typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
        fix: expect.stringContaining(fix),
      })
    })

    it('accepts a classic token with the repo scope', async () => {
      const run = await doctor({ ...healthyEnv(), GITHUB_TOKEN: TOKENS.githubClassicRepo })
      expect(run.check('github').status).toBe('ok')
      expect(platforms.requests).toContain(`GET /github/repos/${REPO}`)
    })

    it('without a token, needs a git checkout for the local forge', async () => {
      const env = { ...healthyEnv(), GITHUB_TOKEN: '' }
      const outside = await doctor(env)
      expect(outside.check('forge')).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('set GITHUB_TOKEN and `repo: owner/name`'),
      })
      const repo = gitRepo()
      const inside = await runCli(['doctor', '--json', '--repo', repo], { env, cwd: dir })
      expect(inside.json().checks.find((c: { id: string }) => c.id === 'forge').status).toBe('ok')
    })
  })

  describe('GitHub events', () => {
    const prLine = (notify: Record<string, string>) => ({
      ...HEALTHY_CONFIG,
      lines: [{ name: 'cli', tagPrefix: 'cli-v', mode: 'pr', notify }],
    })

    it('names the events to subscribe to and where each line is told', async () => {
      const run = await doctor(healthyEnv(), prLine({ slack: 'C0RELEASES' }))
      expect(run.check('github-events')).toMatchObject({
        status: 'ok',
        message: expect.stringContaining(
          'must send: pull_request, push, check_suite, status (content type application/json)',
        ),
      })
      expect(run.check('notify:cli')).toMatchObject({
        status: 'ok',
        message: 'notify (cli): "published" messages go to Slack channel C0RELEASES',
      })
    })

    it.each([
      [
        { GITHUB_WEBHOOK_SECRET: '' },
        prLine({ slack: 'C0RELEASES' }),
        'github-events',
        'set GITHUB_WEBHOOK_SECRET and PORT',
      ],
      [
        { PORT: '', SLACK_SIGNING_SECRET: '', DISCORD_PUBLIC_KEY: '' },
        HEALTHY_CONFIG,
        'github-events',
        'set PORT',
      ],
      [{ GITHUB_TOKEN: '' }, HEALTHY_CONFIG, 'github-events', 'set GITHUB_TOKEN'],
      [{ DISCORD_TOKEN: '' }, prLine({ discord: '300000000000000777' }), 'notify:cli', 'set DISCORD_TOKEN'],
      [
        {},
        { ...HEALTHY_CONFIG, lines: [{ name: 'cli', tagPrefix: 'cli-v', notify: { slack: 'C0RELEASES' } }] },
        'notify:cli',
        'set mode: pr',
      ],
      [{ GITHUB_WEBHOOK_SECRET: 'short' }, HEALTHY_CONFIG, 'environment', 'correct the variables'],
    ])('%j with %j fails %s', async (change, config, id, fix) => {
      const run = await doctor({ ...healthyEnv(), ...change }, config)
      expect(run.check(id)).toMatchObject({ status: 'fail', fix: expect.stringContaining(fix) })
      expect(run.code).toBe(1)
    })

    it('notes that GitHub events are off without the secret', async () => {
      const run = await doctor({ ...healthyEnv(), GITHUB_WEBHOOK_SECRET: '' })
      expect(run.check('github-events')).toMatchObject({
        status: 'note',
        message: expect.stringContaining('off'),
      })
    })
  })

  describe('authorisation rules', () => {
    it('with Slack or Discord, fails each action nobody may take, with a rule that validates', async () => {
      const run = await doctor(healthyEnv(), { ...HEALTHY_CONFIG, auth: { release: { users: [] } } })
      expect(run.check('auth:release')).toMatchObject({
        status: 'fail',
        message: 'auth: no rule for release, so nobody may cut releases from chat',
        fix: expect.stringContaining('`auth: {release: {users: [U012ABC]}}`'),
      })
      expect(run.check('auth:approve').message).toBe(
        'auth: no rule for approve, so nobody may approve announcements from chat',
      )
      expect(run.check('auth:announce').status).toBe('fail')
      const snippet = /`(auth: .*?)`/.exec(run.check('auth:announce').fix!)![1]!
      expect(validate({ lines: [{ name: 'v', tagPrefix: 'v' }], ...parse(snippet) }, 'fix').ok).toBe(true)
    })

    it('with no Slack or Discord, agrees with the console: its operator may act, no rule is missing yet', async () => {
      const xdg = join(dir, 'xdg')
      const consoleEnv = {
        GITHUB_TOKEN: TOKENS.github,
        GITHUB_API_URL: `${platforms.url}/github`,
        XDG_DATA_HOME: xdg,
      }
      const run = await doctor(consoleEnv, { repo: REPO, lines: [{ name: 'v', tagPrefix: 'v' }] })
      expect(run.check('auth:release')).toMatchObject({
        status: 'note',
        message: expect.stringContaining("the console's operator may cut releases"),
      })
      expect(['auth:approve', 'auth:announce'].map((id) => run.check(id).status)).toEqual(['note', 'note'])
      expect(run.report.checks.filter((c) => c.status === 'fail')).toEqual([])
      // The store the console would use: the user's, for this repository.
      expect(run.check('store').message).toMatch(
        new RegExp(`^store: SQLite ${xdg}/herald/[\\w.-]+/herald\\.db reachable`),
      )
    })
  })

  describe('webhooks', () => {
    it('fails a webhook variable that is not set, naming it', async () => {
      const run = await doctor({ ...healthyEnv(), WIDGETS_RELEASES: '' })
      expect(run.check('webhook:cli')).toMatchObject({
        status: 'fail',
        message: 'webhook: line "cli": WIDGETS_RELEASES is not usable',
        fix: expect.stringContaining('environment variable WIDGETS_RELEASES'),
      })
    })

    it('fails a URL of the wrong kind without printing it', async () => {
      const run = await doctor({
        ...healthyEnv(),
        WIDGETS_RELEASES: 'https://hooks.slack.com/services/T0/B0/abcdefghijkl',
      })
      expect(run.check('webhook:cli').message).toBe(
        'webhook: line "cli": WIDGETS_RELEASES is not a discord webhook URL (host hooks.slack.com)',
      )
      expect(run.out).not.toContain('abcdefghijkl')
    })

    it('reads the variable from .env like herald serve does', async () => {
      const cwd = mkdtempSync(join(dir, 'dotenv-'))
      writeFileSync(join(cwd, '.env'), `WIDGETS_RELEASES=${WEBHOOK}\n`)
      const run = await doctor({ ...healthyEnv(), WIDGETS_RELEASES: '' }, HEALTHY_CONFIG, { cwd })
      expect(run.check('webhook:cli').status).toBe('ok')
      expect(run.out).not.toContain(WEBHOOK)
    })
  })

  describe('store', () => {
    it('writes to and reads from a SQLite store', async () => {
      const run = await doctor({ ...healthyEnv(), HERALD_STORE: `sqlite:${join(dir, 'state', 'herald.db')}` })
      expect(run.check('store').message).toMatch(/^store: SQLite .*herald\.db reachable and writable$/)
    })

    it('fails a SQLite path that cannot be written', async () => {
      const file = join(dir, 'a-file')
      writeFileSync(file, '')
      const run = await doctor({ ...healthyEnv(), HERALD_STORE: `sqlite:${file}/herald.db` })
      expect(run.check('store')).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('mount a volume at /data'),
      })
    })

    it('fails an unreachable Redis without printing its password', async () => {
      const url = `redis://herald:redis-pass-0123456789@127.0.0.1:${await closedPort()}`
      const run = await doctor({ ...healthyEnv(), HERALD_STORE: url })
      expect(run.check('store')).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/^store: Redis 127\.0\.0\.1:\d+ is not reachable and writable/),
        fix: expect.stringContaining('start Redis'),
      })
      expect(run.out).not.toContain('redis-pass-0123456789')
    })

    it.runIf(process.env.REDIS_URL)('writes to and reads from Redis', async () => {
      const run = await doctor({ ...healthyEnv(), HERALD_STORE: process.env.REDIS_URL })
      expect(run.check('store').status).toBe('ok')
    })

    it('fails a HERALD_STORE it does not understand', async () => {
      const run = await doctor({ ...healthyEnv(), HERALD_STORE: 'postgres://db' })
      expect(run.check('store')).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('sqlite:<path>'),
      })
    })
  })

  describe('LLM', () => {
    it('notes the offline drafter when no key is set', async () => {
      const run = await doctor({ ...healthyEnv(), OPENAI_API_KEY: '' })
      expect(run.check('llm')).toMatchObject({
        status: 'note',
        message: expect.stringContaining('offline template drafter'),
      })
      expect(run.out).toContain('• LLM: OPENAI_API_KEY is not set')
    })

    it.each([
      [
        { OPENAI_API_KEY: 'openai-wrong-0123456789' },
        'LLM: OPENAI_API_KEY was refused (HTTP 401)',
        'OPENAI_API_KEY',
      ],
      [{ HERALD_MODEL: 'gpt-7' }, /the model "gpt-7" is not offered/, 'gpt-4o-mini, local-model'],
    ])('%j fails', async (change, message, fix) => {
      const run = await doctor({ ...healthyEnv(), ...change })
      expect(run.check('llm')).toMatchObject({
        status: 'fail',
        message:
          typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
        fix: expect.stringContaining(fix),
      })
    })
  })
})

function gitRepo(): string {
  return createRepo({ parent: dir }).dir
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
