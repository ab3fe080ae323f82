/**
 * The configuration file's schema. Each key carries its description and
 * default; the README's config reference is generated from this file
 * (`scripts/gen-docs.ts`) and a test fails when the two drift.
 */
import { valid as validSemver } from 'semver'
import { z } from 'zod'

const semverString = z
  .string()
  .refine((v) => validSemver(v) === v, { message: 'expected a semantic version like 1.0.0' })

const regexString = z.string().refine(
  (v) => {
    try {
      new RegExp(v)
      return true
    } catch {
      return false
    }
  },
  { message: 'expected a valid regular expression' },
)

const bumpTypes = z.array(z.string().regex(/^(\*|[\w-]+)$/, 'expected a commit type like feat, or "*"'))

export const presetNames = ['release-please', 'semantic-release'] as const

const announceSchema = z.strictObject({
  kind: z
    .enum(['cli', 'platform'])
    .describe('`cli`: "is out!" + an upgrade command; `platform`: "is rolling out!" + a rollout sentence'),
  product: z.string().min(1).describe('Product name in the headline, e.g. connexity-cli'),
  action: z.string().min(1).describe('What users do: the upgrade command, or the rollout sentence'),
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

export const lineSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[\w.-]+$/, 'expected letters, digits, `.`, `_` or `-`')
    .describe('Name of the release line, used in commands (`/release line:cli`)'),
  tagPrefix: z
    .string()
    .regex(/^[\w./@-]*$/, 'expected characters allowed in a git tag, like `v`, `cli-v` or `pkg@`')
    .describe('Prefix before the version in this line’s tags: `v`, `cli-v`, `pkg@`'),
  paths: z
    .array(z.string().min(1))
    .default([])
    .describe('Only commits touching these paths count (directories or files); empty = all'),
  excludePaths: z
    .array(z.string().min(1))
    .default([])
    .describe('Commits touching only these paths do not count'),
  ignoreTags: z
    .array(z.string().min(1))
    .default([])
    .describe('Globs of legacy tags never taken as a release of this line, e.g. `v0.1.0`'),
  initialVersion: semverString.default('1.0.0').describe('Version of the first release of the line'),
  branch: z
    .string()
    .min(1)
    .default('main')
    .describe('Branch releases are cut from; planning elsewhere is refused'),
  preset: z.enum(presetNames).optional().describe('Take bumps, preMajor, breakingNotes from that tool'),
  bumps: z
    .strictObject({ minor: bumpTypes, patch: bumpTypes })
    .optional()
    .describe(
      'Commit types that bump minor / patch; `"*"` in patch = every other type (default feat / fix, perf, revert)',
    ),
  preMajor: z
    .strictObject({ breaking: z.enum(['major', 'minor']), feature: z.enum(['minor', 'patch']) })
    .optional()
    .describe('Bumps below 1.0.0 (default breaking: major, feature: minor)'),
  breakingNotes: z
    .enum(['strict', 'loose'])
    .optional()
    .describe('`strict`: upper-case BREAKING CHANGE footer; `loose`: the words at any line start, any case'),
  ignoreCommits: z
    .array(regexString)
    .optional()
    .describe('Regexes (on the header) of commits that never count; default: release commits'),
  mode: z.enum(['tag', 'pr']).default('tag').describe('`tag`: tag + release; `pr`: release PR, tag on merge'),
  changelog: z.string().optional().describe('Path of the CHANGELOG.md this line keeps'),
  versionFiles: z.array(z.string()).default([]).describe('Files whose version a release PR bumps'),
  announce: announceSchema.optional().describe('How releases of this line are announced'),
})

const idList = z.array(z.string().regex(/^[\w-]+$/, 'expected a user, group or role id'))
const ruleSchema = z.strictObject({
  users: idList.default([]).describe('Slack or Discord user ids'),
  roles: idList.default([]).describe('Discord role ids'),
  groups: idList.default([]).describe('Slack user-group ids'),
})

export const configSchema = z.strictObject({
  repo: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name')
    .optional()
    .describe('GitHub owner/name; omit for the local git forge'),
  preset: z.enum(presetNames).optional().describe('Default preset for every line'),
  lines: z
    .array(lineSchema)
    .min(1, 'expected at least one line')
    .superRefine((lines, ctx) => {
      const seen = new Set<string>()
      lines.forEach((line, i) => {
        if (seen.has(line.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate line name "${line.name}"` })
        seen.add(line.name)
      })
    })
    .describe('The release lines of the repository'),
  auth: z
    .strictObject({
      release: ruleSchema.optional().describe('Who may cut releases'),
      approve: ruleSchema.optional().describe('Who may approve announcements'),
      announce: ruleSchema.optional().describe('Who may draft announcements'),
      twoPersonRule: z
        .array(z.enum(['major', 'minor', 'patch']))
        .default([])
        .describe('Bump kinds whose requester may not approve'),
    })
    .optional()
    .describe('Who may do what; an action without a rule: nobody (fail closed)'),
  voice: z
    .strictObject({
      internalTerms: z
        .array(z.string())
        .default([])
        .describe('Internal names never to appear in announcements'),
      extraHedges: z.array(z.string()).default([]).describe('More hedge words'),
      extraMarketing: z.array(z.string()).default([]).describe('More marketing words'),
      allow: z.array(z.string()).default([]).describe('Words removed from the default lists'),
      linkDomains: z.array(z.string()).default([]).describe('Domains links may point to besides the release'),
    })
    .optional()
    .describe('Voice rules added to the defaults'),
})

export type ConfigInput = z.input<typeof configSchema>
export type Config = z.output<typeof configSchema>
export type LineInput = z.output<typeof lineSchema>
