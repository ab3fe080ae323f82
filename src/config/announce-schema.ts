/** The config schema of a line's announcement and of where "published" messages go. */
import { z } from 'zod'

const ANNOUNCE_SLOTS = [
  'emoji',
  'product',
  'version',
  'tag',
  'summary',
  'bullets',
  'note',
  'action',
  'releaseUrl',
]
const REQUIRED_ANNOUNCE_SLOTS = ['emoji', 'product', 'version', 'summary', 'bullets', 'action', 'releaseUrl']
export const announceTemplate = z.string().superRefine((t, ctx) => {
  const used = new Set(Array.from(t.matchAll(/\{(\w+)\}/g), (m) => m[1]!))
  const unknown = [...used].filter((s) => !ANNOUNCE_SLOTS.includes(s))
  const missing = REQUIRED_ANNOUNCE_SLOTS.filter((s) => !used.has(s))
  if (unknown.length)
    ctx.addIssue({
      code: 'custom',
      message: `unknown slot ${unknown.map((s) => `{${s}}`).join(', ')} (slots: ${ANNOUNCE_SLOTS.join(', ')})`,
    })
  if (missing.length)
    ctx.addIssue({ code: 'custom', message: `missing slot ${missing.map((s) => `{${s}}`).join(', ')}` })
  if (!t.split('\n')[0]!.includes('{emoji}'))
    ctx.addIssue({ code: 'custom', message: 'the first line (the headline) must start with {emoji}' })
})

export const announceSchema = z.strictObject({
  kind: z
    .enum(['cli', 'platform'])
    .default('cli')
    .describe('`cli`: "is out!" + an upgrade command; `platform`: "is rolling out!" + a rollout sentence'),
  product: z
    .string()
    .min(1)
    .describe(
      'Product name in the headline, e.g. widget-cli (default: the name in package.json, pyproject.toml, Cargo.toml or go.mod, else the repository’s; with several lines, the package at the line’s first path, else the line’s name)',
    ),
  action: z
    .string()
    .min(1)
    .nullable()
    .optional()
    .describe(
      'What users do: the upgrade command, or the rollout sentence; `{version}` and `{tag}` are the release’s (default for `cli`: the ecosystem’s install command, like `npm install NAME@{version}`; `null` or none found: no action line)',
    ),
  webhook: z
    .strictObject({
      env: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name like MY_RELEASE_WEBHOOK')
        .describe('Environment variable that holds the webhook URL (never the URL itself)'),
      kind: z.enum(['discord', 'slack']).describe('Webhook flavour'),
    })
    .optional()
    .describe('Where approved announcements are posted'),
  channel: z.string().optional().describe('Channel name shown in previews, e.g. #announcements'),
})

/** A channel id as Slack (`C…`, `G…`) or Discord (a snowflake) gives it: never a name, never a URL. */
const channelId = z
  .string()
  .regex(
    /^[A-Za-z0-9]{6,32}$/,
    'expected a channel id like C0123ABCD (Slack) or 123456789012345678 (Discord)',
  )
export const notifySchema = z.union([
  z.strictObject({ slack: channelId.describe('Slack channel id (the bot must be in it)') }),
  z.strictObject({ discord: channelId.describe('Discord channel id (the bot may send messages there)') }),
])
