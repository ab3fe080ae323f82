/**
 * Doctor's checks that need no platform: the config, the environment, the
 * chat modes (signing secret / public key for HTTP), authorisation rules,
 * webhook variables, the forge and the store.
 */

import { resolveWebhookUrl } from '../../adapters/webhook/webhook-url.ts'
import { ChatConfigError, planTransports } from '../../chat/http/start-transports.ts'
import { openLocalForge, storeSpec } from '../../compose/build-adapters.ts'
import { envSchema } from '../../config/env.ts'
import type { ConfigResult, HeraldConfig } from '../../config/load-config.ts'
import { parsePrivateKey } from '../../core/index/index-signature.ts'
import { strayTagsNote } from '../../core/stray-tags.ts'
import { type CheckResult, fail, note, pass } from './check.ts'

export function checkConfig(loaded: ConfigResult): CheckResult {
  if (!loaded.ok)
    return fail(
      'config',
      'config: not valid',
      'correct the keys named above (docs/configuration.md, "Config reference", lists what each allows), or point --config / HERALD_CONFIG at the right file',
      loaded.errors,
    )
  const { source, lines } = loaded.config
  const where = source === 'default' ? 'no config file, one line `v` on the current repository' : source
  return pass('config', `config: valid (${where}; ${lines.length} line${lines.length === 1 ? '' : 's'})`)
}

export function checkEnvironment(env: NodeJS.ProcessEnv): CheckResult {
  const parsed = envSchema.safeParse(env)
  if (parsed.success) return pass('environment', 'environment: every Herald variable set is well-formed')
  // zod's messages say what is allowed, never what was given: safe to print.
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  return fail(
    'environment',
    `environment: ${problems.join('; ')}`,
    'correct the variables named (docs/configuration.md, "Environment" lists what each takes)',
  )
}

export function checkChatModes(env: NodeJS.ProcessEnv): CheckResult {
  try {
    const modes = planTransports(env)
    const parts = [
      modes.slack !== 'off' && `Slack over ${modes.slack === 'socket' ? 'Socket Mode' : 'HTTP'}`,
      modes.discord !== 'off' &&
        `Discord over ${modes.discord === 'http' ? 'HTTP interactions' : 'the gateway'}`,
      modes.github !== 'off' && 'GitHub webhooks',
    ].filter(Boolean)
    const http = modes.http === 'off' ? '' : `; HTTP on port ${modes.http.port} (GET /healthz)`
    if (!parts.length)
      return note(
        'chat',
        `chat: no Slack, Discord or GitHub webhook settings, so \`herald serve\` opens the console chat${http}`,
      )
    return pass('chat', `chat: ${parts.join(', ')}${http}`)
  } catch (error) {
    if (!(error instanceof ChatConfigError)) throw error
    return fail(
      'chat',
      `chat: ${error.message}`,
      'set the variables named (docs/configuration.md, "Environment"); `herald serve` refuses to start until then',
    )
  }
}

const ACTIONS = {
  release: 'cut releases',
  approve: 'approve announcements',
  announce: 'draft announcements',
} as const

type Rule = { users: string[]; roles: string[]; groups: string[] } | undefined

/**
 * Who may do what from chat. With no Slack or Discord configured, `herald serve`
 * opens the console, whose operator may do everything: a missing rule is then a
 * note for later, not a failure.
 */
export function checkAuth(config: HeraldConfig, consoleOnly = false): CheckResult[] {
  const actions = ['release', 'approve', 'announce'] as const
  return actions.map((action) => {
    const rule = config.auth?.[action] as Rule
    const count = rule ? rule.users.length + rule.roles.length + rule.groups.length : 0
    if (count === 0 && consoleOnly)
      return note(
        `auth:${action}`,
        `auth: no rule for ${action}: the console's operator may ${ACTIONS[action]}; Slack and Discord will need \`auth: {${action}: {users: [U012ABC]}}\``,
      )
    if (count === 0)
      return fail(
        `auth:${action}`,
        `auth: no rule for ${action}, so nobody may ${ACTIONS[action]} from chat`,
        `add \`auth: {${action}: {users: [U012ABC]}}\` to the config with your ids: users (Slack U… / Discord user ids), roles (Discord role ids) or groups (Slack S… ids)`,
      )
    return pass(`auth:${action}`, `auth: ${action} allowed to ${count} id${count === 1 ? '' : 's'}`)
  })
}

export function checkWebhooks(
  config: HeraldConfig,
  env: NodeJS.ProcessEnv,
  dotenvPath: string,
): CheckResult[] {
  return config.lines.flatMap((line) => {
    const webhook = line.announce?.webhook
    if (!webhook) return []
    const id = `webhook:${line.name}`
    const resolved = resolveWebhookUrl({ envName: webhook.env, env, dotenvPath, lineName: line.name })
    if (!resolved.ok)
      return [
        fail(
          id,
          `webhook: line "${line.name}": ${webhook.env} is not usable`,
          // resolveWebhookUrl's messages name the variable and say what to do, never the URL.
          resolved.message,
        ),
      ]
    const host = resolved.url.hostname
    const expected = webhook.kind === 'discord' ? /(^|\.)discord(app)?\.com$/ : /^hooks\.slack\.com$/
    const local = host === '127.0.0.1' || host === 'localhost' || host === '[::1]'
    if (!local && !expected.test(host))
      return [
        fail(
          id,
          `webhook: line "${line.name}": ${webhook.env} is not a ${webhook.kind} webhook URL (host ${host})`,
          webhook.kind === 'discord'
            ? 'copy the URL from the channel’s Integrations → Webhooks (https://discord.com/api/webhooks/…), or set `kind: slack`'
            : 'copy the URL of a Slack incoming webhook (https://hooks.slack.com/services/…), or set `kind: discord`',
        ),
      ]
    return [pass(id, `webhook: line "${line.name}": ${webhook.env} is set (${webhook.kind})`)]
  })
}

/**
 * Without GitHub, Herald needs a git checkout with `git` on PATH; the container has neither.
 * With one, a note when many of its tags look like releases of no line.
 */
export async function checkLocalForge(
  repoDir: string,
  tokenWithoutRepo: boolean,
  config: HeraldConfig,
): Promise<CheckResult[]> {
  const hint = tokenWithoutRepo
    ? 'GITHUB_TOKEN is set but the config has no `repo`: add `repo: owner/name` to use GitHub'
    : 'set GITHUB_TOKEN and `repo: owner/name` in the config to release through GitHub (the container image has no git)'
  try {
    const forge = await openLocalForge(repoDir)
    const stray = strayTagsNote(config.lines, await forge.tags())
    return [
      pass('forge', `forge: local git repository at ${repoDir}${tokenWithoutRepo ? ` (${hint})` : ''}`),
      ...(stray ? [note('tags', `tags: ${stray}`)] : []),
    ]
  } catch (error) {
    const message = (error as Error).message
    return [
      fail(
        'forge',
        `forge: no GitHub repo configured and ${message.split(' (')[0]}`,
        `${hint}, or run in a git checkout (--repo DIR)`,
      ),
    ]
  }
}

export async function checkStore(env: NodeJS.ProcessEnv, cwd: string, repoDir: string): Promise<CheckResult> {
  const spec = await storeSpec(env, cwd, repoDir)
  if (!spec.ok) return fail('store', 'store: HERALD_STORE is not understood', spec.error)
  const { describeStore, openCheckedStore, StoreUnavailableError, storeAdvice } = await import(
    '../../adapters/store/store-ready.ts'
  )
  const { storeOptionsFromEnv } = await import('../../adapters/store/open-store.ts')
  const where = describeStore(spec.value)
  try {
    // The same check `herald serve` makes before it starts.
    const store = await openCheckedStore(spec.value, storeOptionsFromEnv(env))
    await store.close().catch(() => {})
  } catch (error) {
    const why = error instanceof StoreUnavailableError ? error.reason : firstLine(error)
    return fail('store', `store: ${where} is not reachable and writable (${why})`, storeAdvice(spec.value))
  }
  const warning =
    spec.value.kind === 'memory' ? ' (memory: state is lost on restart; use sqlite:<path> or redis://…)' : ''
  return pass('store', `store: ${where} reachable and writable${warning}`)
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]!.slice(0, 200)
}

/** Lines with channels: whether the release index is signed, and the key id hosts pin. */
export function checkIndexKey(config: HeraldConfig, env: NodeJS.ProcessEnv): CheckResult[] {
  const lines = config.lines.filter((l) => l.channels).map((l) => l.name)
  if (!lines.length) return []
  const text = env.HERALD_INDEX_KEY
  if (!text)
    return [
      note(
        'index-key',
        `release index: HERALD_INDEX_KEY is not set, so the index of ${lines.join(', ')} is written unsigned and hosts cannot verify it`,
      ),
    ]
  const key = parsePrivateKey(text)
  if (!key.ok)
    return [
      fail(
        'index-key',
        `release index: HERALD_INDEX_KEY is not a usable key: ${key.error}`,
        'set HERALD_INDEX_KEY to an Ed25519 PKCS#8 PEM key or a 32-byte hex seed (docs/channels.md)',
      ),
    ]
  return [pass('index-key', `release index: signed, key id ${key.value.keyid}`)]
}
