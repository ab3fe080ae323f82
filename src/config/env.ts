/**
 * The environment contract (DESIGN.md). Secrets come only from here (with
 * `.env` as a fallback), never from the config file. `.env.example` and the
 * environment reference in docs/configuration.md are generated from this schema.
 */
import { z } from 'zod'

const url = z.url({ message: 'expected a URL like https://example.com' })

export const envSchema = z.object({
  HERALD_CONFIG: z
    .string()
    .optional()
    .describe(
      'Config file (default ./herald.config.yaml; without one, the current git repo with one line `v`)',
    ),
  HERALD_STORE: z
    .string()
    .regex(/^(sqlite:.+|redis:\/\/.+|rediss:\/\/.+|memory:)$/, 'expected sqlite:<path>, redis://… or memory:')
    .optional()
    .describe(
      'State store: `sqlite:<path>`, `redis://…` (several replicas), `memory:` (tests); unset: `$XDG_DATA_HOME/herald/<repository>/herald.db` (`~/.local/share/herald/…`), one per user and repository',
    ),
  HERALD_STORE_NAMESPACE: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'expected letters, digits, `.`, `_` or `-`')
    .optional()
    .describe(
      'Key prefix inside the state store (default `herald`): lets several Herald deployments share one Redis; replicas of one deployment use the same',
    ),
  HERALD_PENDING_TTL: z
    .string()
    .optional()
    .describe(
      'How long a release preview or an announcement draft waits for sign-off before it expires: `90m`, `24h` (default), `7d`; 1m to 30d',
    ),
  HERALD_PUBLIC_URL: url
    .optional()
    .describe(
      'Where people reach `herald serve` (like https://herald.example.com): with PORT, serves the web console under /console; `/release console` sends sign-in links to it',
    ),
  HERALD_INDEX_KEY: z
    .string()
    .optional()
    .describe(
      'Ed25519 key that signs the release index (PKCS#8 PEM or a 32-byte hex seed); without it the index is written unsigned',
    ),
  GITHUB_TOKEN: z
    .string()
    .optional()
    .describe('GitHub token (contents: write, pull-requests: write); without it the local git forge is used'),
  GITHUB_API_URL: url
    .optional()
    .describe('GitHub REST API base URL (GitHub Enterprise, tests); default https://api.github.com'),
  GITHUB_WEBHOOK_SECRET: z
    .string()
    .min(16, 'expected at least 16 characters (generate one with `openssl rand -hex 32`)')
    .optional()
    .describe(
      'Secret of the GitHub App or repository webhook: with PORT, serve POST /github/webhook (signatures checked with it)',
    ),
  HERALD_PUSH_DEBOUNCE: z
    .string()
    .optional()
    .describe(
      "How long pushes to a `mode: pr` line's branch must stop before `herald serve` refreshes its release PR: `500ms`, `10s` (default), `2m`; 100ms to 10m",
    ),
  HERALD_TODAY: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a day like 2026-01-31')
    .optional()
    .describe(
      '`herald plan`, `herald notes`, `herald changelog`: the day (YYYY-MM-DD) calendar versions are planned on, for a reproducible plan (default: today, UTC)',
    ),
  OPENAI_API_KEY: z
    .string()
    .optional()
    .describe('LLM drafter key; without it the deterministic offline drafter is used'),
  OPENAI_BASE_URL: url
    .optional()
    .describe('OpenAI-compatible API base URL (default https://api.openai.com/v1)'),
  HERALD_MODEL: z.string().optional().describe('Model for drafting announcements'),
  DISCORD_TOKEN: z
    .string()
    .optional()
    .describe('Discord bot token (gateway mode; REST only in HTTP interactions mode)'),
  DISCORD_APPLICATION_ID: z.string().optional().describe('Discord application id (command registration)'),
  DISCORD_PUBLIC_KEY: z
    .string()
    .optional()
    .describe('Discord public key: with PORT, serve HTTP interactions instead of the gateway'),
  DISCORD_API_URL: url
    .optional()
    .describe('Discord REST base URL (tests); default https://discord.com/api/v10'),
  SLACK_BOT_TOKEN: z.string().optional().describe('Slack bot token (xoxb-…)'),
  SLACK_SIGNING_SECRET: z.string().optional().describe('Slack signing secret (HTTP mode)'),
  SLACK_APP_TOKEN: z
    .string()
    .optional()
    .describe('Slack app-level token (xapp-…): Socket Mode, no public URL needed'),
  SLACK_API_URL: url.optional().describe('Slack Web API base URL (tests); default https://slack.com/api/'),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'expected a port number')
    .optional()
    .describe(
      'HTTP server port: POST /slack/events, POST /discord/interactions, POST /github/webhook, GET /healthz',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
    .optional()
    .describe('Log level (default info)'),
  LOG_PRETTY: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .describe('`1`: human-readable logs instead of JSON lines (default: pretty when stderr is a terminal)'),
})

export type Env = z.infer<typeof envSchema>
