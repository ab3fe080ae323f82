/**
 * `herald doctor`: the production checklist. Every check runs, independent
 * ones in parallel; the result is the list, in a fixed order. Webhook
 * variables fall back to `.env` as in `herald serve`.
 */
import { resolve } from 'node:path'
import { planTransports } from '../../chat/http/start-transports.ts'
import { dotenvPath } from '../../compose/build-adapters.ts'
import { loadConfig } from '../../config/load-config.ts'
import type { CheckResult } from './check.ts'
import { checkDiscord } from './discord-check.ts'
import { checkGitHub } from './github-check.ts'
import { checkGitHubEvents } from './github-events-check.ts'
import { checkLlm } from './llm-check.ts'
import {
  checkAuth,
  checkChatModes,
  checkConfig,
  checkEnvironment,
  checkIndexKey,
  checkLocalForge,
  checkStore,
  checkWebhooks,
} from './local-checks.ts'
import { checkSlack } from './slack-check.ts'

/** No Slack or Discord configured: `herald serve` opens the console chat (a broken chat setting is not that). */
function consoleOnly(env: NodeJS.ProcessEnv): boolean {
  try {
    const modes = planTransports(env)
    return modes.slack === 'off' && modes.discord === 'off'
  } catch {
    return false
  }
}

export type DoctorOptions = {
  env: NodeJS.ProcessEnv
  cwd: string
  repoDir?: string | undefined
  configPath?: string | undefined
}

export type DoctorReport = {
  ok: boolean
  checks: CheckResult[]
  /** The config's webhook variables: their values are secrets the output must mask. */
  webhookEnvNames: string[]
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { env, cwd } = options
  const repoDir = resolve(cwd, options.repoDir ?? '.')
  const loaded = loadConfig({
    explicitPath: options.configPath && resolve(cwd, options.configPath),
    repoDir,
    env,
  })
  const config = loaded.ok ? loaded.config : undefined
  const token = env['GITHUB_TOKEN']?.trim()

  const forge = async (): Promise<CheckResult[]> => {
    if (!config) return []
    if (token && config.repo) return [await checkGitHub(env, config.repo)]
    return checkLocalForge(repoDir, Boolean(token), config)
  }
  const [slack, discord, github, llm, store] = await Promise.all([
    checkSlack(env),
    checkDiscord(env),
    forge(),
    checkLlm(env),
    checkStore(env, cwd, repoDir),
  ])
  const checks: CheckResult[] = [
    checkConfig(loaded),
    checkEnvironment(env),
    checkChatModes(env),
    ...slack,
    ...discord,
    ...github,
    ...(config ? checkGitHubEvents(config, env) : []),
    ...(config ? checkAuth(config, consoleOnly(env)) : []),
    ...(config ? checkIndexKey(config, env) : []),
    ...(config ? checkWebhooks(config, env, dotenvPath(cwd)) : []),
    store,
    llm,
  ]
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    checks,
    webhookEnvNames: config ? [...new Set(config.lines.flatMap((l) => l.announce?.webhook?.env ?? []))] : [],
  }
}
