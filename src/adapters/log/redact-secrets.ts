/**
 * Masking secrets out of log lines: by field name (`token`,
 * `signingSecret`, `authorization`… at any depth) and by value (every secret
 * the environment holds, plus the shapes of Slack, GitHub, OpenAI tokens and
 * Discord / Slack webhook URLs), so a secret inside a message string or an
 * error message is masked too.
 *
 * Written here rather than with pino's `redact` option: pino's paths are fixed
 * positions (`a.b`, `*.token`) with one-level wildcards, and they never look
 * inside strings; a secret echoed in an error message is the usual leak.
 */

/** Environment variables that always hold secrets (DESIGN.md's environment contract). */
export const SECRET_ENV_NAMES = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'DISCORD_TOKEN',
  'GITHUB_TOKEN',
  'GITHUB_WEBHOOK_SECRET',
  'OPENAI_API_KEY',
  'HERALD_INDEX_KEY',
] as const

/** Any other variable whose name says it holds a secret (webhook variables are named freely in the config). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY|WEBHOOK|CREDENTIAL/

/** Variables that may carry credentials inside a URL (`redis://:pw@host`, `https://user:key@llm.internal/v1`). */
const URL_ENV_NAMES = ['HERALD_STORE', 'REDIS_URL', 'OPENAI_BASE_URL']

/**
 * Shorter values are not masked: a test's `DISCORD_TOKEN=t` would otherwise
 * turn every "t" of every line into a mask. Real tokens are far longer.
 */
const MIN_SECRET_LENGTH = 8

export type Secret = { name: string; value: string }

/** The secret values present in `env`: the known names, secret-looking names and `extraNames` (the config's webhook variables). */
export function collectSecrets(env: NodeJS.ProcessEnv, extraNames: readonly string[] = []): Secret[] {
  const names = new Set<string>([...SECRET_ENV_NAMES, ...extraNames])
  for (const name of Object.keys(env)) if (SECRET_NAME.test(name)) names.add(name)
  const secrets: Secret[] = []
  const add = (name: string, value: string | undefined) => {
    if (value && value.length >= MIN_SECRET_LENGTH && !secrets.some((s) => s.value === value))
      secrets.push({ name, value })
  }
  for (const name of names) {
    const value = env[name]?.trim()
    if (!value) continue
    add(name, value)
    add(name, encodeURIComponent(value))
    // A webhook URL's last segment is its token; it turns up alone in API routes.
    const token = lastUrlSegment(value)
    if (token && token.length >= 16) add(name, token)
  }
  for (const name of URL_ENV_NAMES) {
    for (const part of urlCredentials(env[name])) {
      add(name, part)
      add(name, decodeURIComponent(part))
    }
  }
  // Longest first, so a webhook URL is masked whole before its token is looked for.
  return secrets.sort((a, b) => b.value.length - a.value.length)
}

/** Secret shapes masked even when the environment does not hold them (a token echoed by an API). */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bxox[abposr]-[A-Za-z0-9-]{8,}/g, '[redacted:slack-token]'],
  [/\bxapp-[A-Za-z0-9-]{8,}/g, '[redacted:slack-app-token]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, '[redacted:github-token]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, '[redacted:github-token]'],
  [/\bsk-[A-Za-z0-9_-]{20,}/g, '[redacted:api-key]'],
  [
    /https?:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d+\/[\w-]+/g,
    '[redacted:discord-webhook]',
  ],
  [/https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[\w/-]+/g, '[redacted:slack-webhook]'],
  [/\b(Bearer|Bot|Basic|token) [A-Za-z0-9._~+/=-]{16,}/g, '$1 [redacted]'],
  // The password of a URL's userinfo (redis://user:pw@host).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)(?!\[redacted)[^\s@/]+@/gi, '$1[redacted]@'],
]

/** Field names whose string values are secrets, compared lower-case without separators. */
const SECRET_KEY_ENDINGS = [
  'token',
  'secret',
  'password',
  'passwd',
  'authorization',
  'apikey',
  'signature',
  'cookie',
  'webhook',
  'webhookurl',
  'privatekey',
  'credentials',
]

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z]/g, '')
  return SECRET_KEY_ENDINGS.some((end) => k.endsWith(end))
}

export type Redactor = {
  /** `text` with every known secret and secret shape masked. */
  text(text: string): string
  /** A JSON-safe copy of `value` with secrets masked by field name and by value. */
  value(value: unknown): unknown
}

export function createRedactor(secrets: readonly Secret[]): Redactor {
  const text = (input: string): string => {
    let out = input
    for (const { name, value } of secrets) out = out.split(value).join(`[redacted:${name}]`)
    for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement)
    return out
  }
  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return text(value)
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? value.toString() : value
    }
    if (seen.has(value)) return '[circular]'
    if (depth > 8) return '[nested too deep]'
    seen.add(value)
    try {
      if (value instanceof Error) return errorObject(value, (v) => walk(v, depth + 1, seen))
      if (value instanceof Date) return value.toISOString()
      if (value instanceof URL) return text(value.href)
      if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`
      if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen))
      if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen)
      if (value instanceof Set) return walk([...value], depth, seen)
      const out: Record<string, unknown> = {}
      for (const [key, v] of Object.entries(value)) {
        out[key] =
          isSecretKey(key) && (typeof v === 'string' || typeof v === 'number')
            ? '[redacted]'
            : walk(v, depth + 1, seen)
      }
      return out
    } finally {
      seen.delete(value)
    }
  }
  return { text, value: (value) => walk(value, 0, new WeakSet()) }
}

/** An error as plain data: name, code, status, message and stack (all masked), and its cause. */
function errorObject(error: Error, walk: (v: unknown) => unknown): Record<string, unknown> {
  const { code, status } = error as { code?: unknown; status?: unknown }
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    message: walk(error.message),
    ...(error.stack ? { stack: walk(error.stack) } : {}),
    ...(error.cause !== undefined ? { cause: walk(error.cause) } : {}),
  }
}

function lastUrlSegment(value: string): string | undefined {
  if (!/^https?:\/\//.test(value)) return undefined
  try {
    return new URL(value).pathname.split('/').filter(Boolean).at(-1)
  } catch {
    return undefined
  }
}

/** The user and password of a URL's userinfo (a token often stands alone as the user). */
function urlCredentials(value: string | undefined): string[] {
  if (!value) return []
  try {
    const url = new URL(value.trim())
    return [url.password, url.username].filter((part) => part !== '')
  } catch {
    return []
  }
}
