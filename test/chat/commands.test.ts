/** The slash-command definitions and what is generated from them: Slack text parsing, Discord JSON, the Slack manifest. */
import { describe, expect, it } from 'vitest'
import { announceReleaseCommand } from '../../commands/announce-release.ts'
import { renderDiscordCommands } from '../../commands/discord-commands.ts'
import { COMMAND_DEFINITIONS } from '../../commands/index.ts'
import { parseCommandText, validateCommandArgs } from '../../commands/parse-args.ts'
import { releaseCommand } from '../../commands/release.ts'
import { renderSlackManifest } from '../../commands/slack-manifest.ts'

describe('parseCommandText', () => {
  it.each([
    ['', {}],
    ['minor', { bump: 'minor' }],
    ['cli', { line: 'cli' }],
    ['cli minor', { line: 'cli', bump: 'minor' }],
    ['minor cli', { line: 'cli', bump: 'minor' }],
    ['line:cli bump:minor', { line: 'cli', bump: 'minor' }],
    ['line=cli bump=major', { line: 'cli', bump: 'major' }],
    ['cli 2.0.0', { line: 'cli', version: '2.0.0' }],
    ['  cli   prerelease:rc  ', { line: 'cli', prerelease: 'rc' }],
    ['cli version:1.2.3-beta.1', { line: 'cli', version: '1.2.3-beta.1' }],
    ['packages/web minor', { line: 'packages/web', bump: 'minor' }],
    ['cli 26.12.0 next:27.1.0', { line: 'cli', version: '26.12.0', next: '27.1.0' }],
    // `next` takes what `version` takes: the line's scheme checks it (PEP 440, calendar).
    ['backend 26.12.0 next:27.0.0rc1', { line: 'backend', version: '26.12.0', next: '27.0.0rc1' }],
    ['lts next:2027.01.0', { line: 'lts', next: '2027.01.0' }],
  ])('/release %s', (text, args) => {
    expect(parseCommandText(releaseCommand, text)).toEqual({ ok: true, value: args })
  })

  it.each([
    ['cli huge', 'Unexpected `huge`.'],
    ['cli bump:huge', '`bump` cannot be `huge` (expected auto, patch, minor, major).'],
    ['cli colour:red', 'Unknown option `colour`.'],
    ['line:cli line:web', '`line` is given twice.'],
    ['cli rc', 'Unexpected `rc`.'],
    ['cli prerelease:12', '`prerelease` cannot be `12` (expected rc).'],
    ['`rm -rf`', "Unexpected `'rm`."],
    ['cli next:soon', '`next` cannot be `soon` (expected X.Y.Z).'],
  ])('/release %j is refused: %s', (text, problem) => {
    const result = parseCommandText(releaseCommand, text)
    expect(result).toEqual({
      ok: false,
      error: `${problem}\nUsage: \`/release [action:canary|promote|rollback|status|console|backport] [line:<name>] [bump:auto|patch|minor|major] [version:X.Y.Z] [prerelease:rc] [next:X.Y.Z] [reason:"…"] [ticket:ID] [pr:N]\`, for example \`/release cli minor\`.`,
    })
  })

  it.each([
    ['canary web', { action: 'canary', line: 'web' }],
    [
      'promote 1.2.0 reason:"soak looked fine" ticket:CHG-7',
      { action: 'promote', version: '1.2.0', reason: 'soak looked fine', ticket: 'CHG-7' },
    ],
    [
      'rollback v1.1.0 reason:“crash on start” line:web',
      { action: 'rollback', version: 'v1.1.0', reason: 'crash on start', line: 'web' },
    ],
    ['status', { action: 'status' }],
    ['backport pr:123 line:lts-2026.1', { action: 'backport', pr: '123', line: 'lts-2026.1' }],
    ['backport pr:#7 lts', { action: 'backport', pr: '#7', line: 'lts' }],
    ['line:canary', { line: 'canary' }],
  ])('parses the channel move /release %s', (text, value) => {
    expect(parseCommandText(releaseCommand, text)).toEqual({ ok: true, value })
  })

  it.each([
    ['promote reason:"ping @everyone"', '`reason` cannot be'],
    ['promote reason:"<!here> now"', '`reason` cannot be'],
    ['promote ticket:"a b"', '`ticket` cannot be'],
    ['backport pr:0 line:lts', '`pr` cannot be `0` (expected N)'],
    ['backport pr:12a line:lts', '`pr` cannot be'],
  ])('refuses /release %s', (text, message) => {
    const parsed = parseCommandText(releaseCommand, text)
    expect(!parsed.ok && parsed.error).toContain(message)
  })

  it('parses /announce-release with and without a tag', () => {
    expect(parseCommandText(announceReleaseCommand, '')).toEqual({ ok: true, value: {} })
    expect(parseCommandText(announceReleaseCommand, 'cli-v1.4.0')).toEqual({
      ok: true,
      value: { tag: 'cli-v1.4.0' },
    })
    expect(parseCommandText(announceReleaseCommand, 'v1..2').ok).toBe(false)
  })

  it('refuses over-long text and values', () => {
    expect(parseCommandText(releaseCommand, 'x'.repeat(501)).ok).toBe(false)
    expect(validateCommandArgs(releaseCommand, { line: 'a'.repeat(201) }).ok).toBe(false)
  })

  it('takes several lines separated by commas, and nothing looser', () => {
    expect(parseCommandText(releaseCommand, 'line:main,lts-2026.1 patch')).toEqual({
      ok: true,
      value: { line: 'main,lts-2026.1', bump: 'patch' },
    })
    for (const line of ['main,,lts', 'main,', ',main', 'main, lts'])
      expect(validateCommandArgs(releaseCommand, { line }).ok).toBe(false)
  })
})

describe('generated platform definitions', () => {
  it('gives Discord string options with choices for bump and autocomplete for line', () => {
    const [release, announce] = renderDiscordCommands(COMMAND_DEFINITIONS)
    expect(release!.name).toBe('release')
    expect(
      release!.options.map((o) => [o.name, o.required, o.autocomplete ?? false, o.choices?.length ?? 0]),
    ).toEqual([
      ['action', false, false, 6],
      ['line', false, true, 0],
      ['bump', false, false, 4],
      ['version', false, false, 0],
      ['prerelease', false, false, 0],
      ['next', false, false, 0],
      ['reason', false, false, 0],
      ['ticket', false, false, 0],
      ['pr', false, false, 0],
    ])
    expect(announce!.options).toHaveLength(1)
    for (const c of [release!, announce!]) {
      expect(c.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u)
      expect(c.description.length).toBeLessThanOrEqual(100)
      for (const o of c.options) expect(o.description.length).toBeLessThanOrEqual(100)
    }
  })

  it('gives Slack both commands and interactivity at <url>/slack/events', () => {
    const manifest = renderSlackManifest(COMMAND_DEFINITIONS, {
      name: 'Herald',
      url: 'https://h.example/',
      socketMode: false,
    })
    expect(manifest.features.slash_commands).toEqual([
      {
        command: '/release',
        url: 'https://h.example/slack/events',
        description: releaseCommand.description,
        usage_hint:
          '[action:canary|promote|rollback|status|console|backport] [line:<name>] [bump:auto|patch|minor|major] [version:X.Y.Z] [prerelease:rc] [next:X.Y.Z] [reason:"…"] [ticket:ID] [pr:N]',
        should_escape: false,
      },
      {
        command: '/announce-release',
        url: 'https://h.example/slack/events',
        description: announceReleaseCommand.description,
        usage_hint: '[tag:<tag>]',
        should_escape: false,
      },
    ])
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://h.example/slack/events',
    })
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'usergroups:read'])
  })

  it('leaves URLs out of a Socket Mode manifest', () => {
    const manifest = renderSlackManifest(COMMAND_DEFINITIONS, { name: 'Herald', socketMode: true })
    expect(JSON.stringify(manifest)).not.toContain('url')
    expect(manifest.settings.socket_mode_enabled).toBe(true)
  })
})
