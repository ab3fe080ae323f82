/**
 * `herald doctor` on GitHub events: whether `POST /github/webhook` will run
 * (the secret, `PORT`, GitHub access), which events the App or webhook must
 * send, and whether each line's `notify` channel can be posted to.
 */
import { GITHUB_EVENTS } from '../../chat/github/github-app-manifest.ts'
import type { HeraldConfig } from '../../config/load-config.ts'
import { type CheckResult, fail, note, pass } from './check.ts'

const has = (env: NodeJS.ProcessEnv, name: string) => Boolean(env[name]?.trim())

/** The events to subscribe to, as doctor and the docs name them. */
export function subscribedEvents(): string {
  return Object.keys(GITHUB_EVENTS).join(', ')
}

export function checkGitHubEvents(config: HeraldConfig, env: NodeJS.ProcessEnv): CheckResult[] {
  const notifyLines = config.lines.filter((l) => l.notify)
  if (!has(env, 'GITHUB_WEBHOOK_SECRET'))
    return [
      notifyLines.length
        ? fail(
            'github-events',
            `github events: lines ${notifyLines.map((l) => l.name).join(', ')} set notify, but GITHUB_WEBHOOK_SECRET is not set, so nothing reaches POST /github/webhook`,
            'set GITHUB_WEBHOOK_SECRET and PORT, and create the GitHub App from `herald manifest github-app` (docs/github-events.md)',
          )
        : note(
            'github-events',
            'github events: off (GITHUB_WEBHOOK_SECRET not set); merged release PRs are published with /release',
          ),
    ]
  const results: CheckResult[] = [secretCheck(config, env)]
  for (const line of notifyLines) results.push(notifyCheck(line, env))
  return results
}

function secretCheck(config: HeraldConfig, env: NodeJS.ProcessEnv): CheckResult {
  if (!has(env, 'GITHUB_TOKEN') || !config.repo)
    return fail(
      'github-events',
      'github events: GITHUB_WEBHOOK_SECRET is set, but publishing needs GitHub access',
      'set GITHUB_TOKEN and `repo: owner/name` in herald.config.yaml, or unset GITHUB_WEBHOOK_SECRET',
    )
  if (!has(env, 'PORT'))
    return fail(
      'github-events',
      'github events: GITHUB_WEBHOOK_SECRET is set but PORT is not, so there is no POST /github/webhook',
      'set PORT (and expose it over HTTPS for GitHub)',
    )
  return pass(
    'github-events',
    `github events: POST /github/webhook is on (GITHUB_WEBHOOK_SECRET set); the App or webhook must send: ${subscribedEvents()} (content type application/json)`,
  )
}

function notifyCheck(line: HeraldConfig['lines'][number], env: NodeJS.ProcessEnv): CheckResult {
  const id = `notify:${line.name}`
  if (line.mode !== 'pr')
    return fail(
      id,
      `notify (${line.name}): the line is not released through a release PR (mode: pr), so nothing is published on merge`,
      `remove notify from line ${line.name}, or set mode: pr`,
    )
  const target = line.notify!
  const [platform, channel, variable] =
    'slack' in target
      ? ['Slack', target.slack, 'SLACK_BOT_TOKEN']
      : ['Discord', target.discord, 'DISCORD_TOKEN']
  if (!has(env, variable))
    return fail(
      id,
      `notify (${line.name}): ${platform} channel ${channel}, but ${variable} is not set`,
      `set ${variable}: the bot posts the "published" message`,
    )
  return pass(id, `notify (${line.name}): "published" messages go to ${platform} channel ${channel}`)
}
