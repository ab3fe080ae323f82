import { describe, expect, it } from 'vitest'
import { planTransports } from './start-transports.ts'

describe('planTransports', () => {
  it.each([
    [{}, { slack: 'off', discord: 'off', github: 'off', console: 'off', http: 'off' }],
    [{ PORT: '8080' }, { slack: 'off', discord: 'off', github: 'off', console: 'off', http: { port: 8080 } }],
    [
      { SLACK_BOT_TOKEN: 'x', SLACK_APP_TOKEN: 'y' },
      { slack: 'socket', discord: 'off', github: 'off', console: 'off', http: 'off' },
    ],
    [
      { SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', PORT: '1' },
      { slack: 'http', discord: 'off', github: 'off', console: 'off', http: { port: 1 } },
    ],
    [
      { DISCORD_TOKEN: 't' },
      { slack: 'off', discord: 'gateway', github: 'off', console: 'off', http: 'off' },
    ],
    [
      { GITHUB_WEBHOOK_SECRET: 'w', PORT: '3' },
      { slack: 'off', discord: 'off', github: 'http', console: 'off', http: { port: 3 } },
    ],
    [
      { DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: 'k', PORT: '2' },
      { slack: 'off', discord: 'http', github: 'off', console: 'off', http: { port: 2 } },
    ],
    [
      { HERALD_PUBLIC_URL: 'https://herald.example.com', PORT: '4' },
      { slack: 'off', discord: 'off', github: 'off', console: 'http', http: { port: 4 } },
    ],
  ])('%j -> %j', (env, modes) => {
    expect(planTransports(env)).toEqual(modes)
  })

  it.each([
    [{ SLACK_BOT_TOKEN: 'x', PORT: '1' }, /HTTP mode needs SLACK_SIGNING_SECRET/],
    [{ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: '  ', PORT: '1' }, /HTTP mode needs SLACK_SIGNING_SECRET/],
    [{ SLACK_BOT_TOKEN: 'x' }, /set SLACK_APP_TOKEN for Socket Mode, or PORT and SLACK_SIGNING_SECRET/],
    [{ SLACK_SIGNING_SECRET: 's', PORT: '1' }, /SLACK_BOT_TOKEN is not set/],
    [{ DISCORD_PUBLIC_KEY: 'k' }, /DISCORD_PUBLIC_KEY is set but PORT is not/],
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ GITHUB_WEBHOOK_SECRET: 'w' }, /GITHUB_WEBHOOK_SECRET is set but PORT is not/],
    [{ HERALD_PUBLIC_URL: 'https://h.example.com' }, /HERALD_PUBLIC_URL is set but PORT is not/],
  ])('refuses %j', (env, message) => {
    expect(() => planTransports(env)).toThrow(message)
  })
})
