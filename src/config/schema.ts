/**
 * The configuration file's schema. Each key carries its description and
 * default; the config reference in docs/configuration.md is generated from this file
 * (`scripts/gen-docs.ts`) and a test fails when the two drift.
 */
import { z } from 'zod'
import { DEFAULT_EXCLUDE, DEFAULT_SECTIONS } from '../core/note-sections.ts'
import { branchNameProblem, tagPrefixProblem } from '../core/ref-format.ts'
import { announceSchema, announceTemplate, notifySchema } from './announce-schema.ts'
import { channelsSchema } from './channels-schema.ts'
import { fragmentsSchema, nextVersionSchema } from './fragments-schema.ts'
import { checksumsSchema, packagesSchema, versionSourceSchema } from './package-schema.ts'
import { checkLineScheme, checkRangeOverlaps, schemeKeys } from './scheme-schema.ts'

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

const noteSectionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][\w-]*$/, 'expected a lower-case id like features')
    .describe('Section id; `breaking` takes breaking changes, `other` what no section takes'),
  title: z.string().min(1).describe('Heading printed for the section, e.g. 🚀 Features'),
  types: z.array(z.string().min(1)).default([]).describe('Conventional commit types that land here'),
  labels: z.array(z.string().min(1)).default([]).describe('Pull request labels that land here (`*`: any)'),
})

/** Release notes and CHANGELOG sections. */
export const notesSchema = z.strictObject({
  template: z
    .enum(['default', 'swarm'])
    .default('default')
    .describe('`default`: sections only; `swarm`: Highlights, Breaking changes, …, Upgrade guide, Thanks'),
  sections: z
    .array(noteSectionSchema)
    .min(1, 'expected at least one section')
    .default(DEFAULT_SECTIONS.map((s) => ({ ...s })))
    .superRefine((sections, ctx) => {
      const seen = new Set<string>()
      sections.forEach((s, i) => {
        if (seen.has(s.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate section id "${s.id}"` })
        seen.add(s.id)
      })
    })
    .describe('Sections in print order (default: ⚠️ Breaking Changes … Other Changes)'),
  exclude: z
    .strictObject({
      labels: z
        .array(z.string())
        .default([...DEFAULT_EXCLUDE.labels])
        .describe('PR labels left out'),
      types: z.array(z.string()).default([]).describe('Commit types left out'),
      authors: z
        .array(z.string())
        .default([...DEFAULT_EXCLUDE.authors])
        .describe('Authors left out (login or git name, `*` wildcard): bots'),
    })
    .default({
      labels: [...DEFAULT_EXCLUDE.labels],
      types: [],
      authors: [...DEFAULT_EXCLUDE.authors],
    })
    .describe('Changes left out of the notes and the changelog'),
  scopes: z.boolean().default(true).describe('Print a commit’s scope before its subject'),
})

export const lineSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[\w.-]+$/, 'expected letters, digits, `.`, `_` or `-`')
      .describe('Name of the release line, used in commands (`/release line:cli`)'),
    tagPrefix: z
      .string()
      .regex(/^[\w./@-]*$/, 'expected characters allowed in a git tag, like `v`, `cli-v` or `pkg@`')
      .superRefine((prefix, ctx) => {
        const problem = tagPrefixProblem(prefix)
        if (problem)
          ctx.addIssue({
            code: 'custom',
            message: `tag prefix "${prefix}": ${problem}; use a prefix like \`v\`, \`cli-v\` or \`pkg@\``,
          })
      })
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
    initialVersion: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Version of the first release of the line, in its scheme (default 1.0.0; with a range, its lowest version; calver: the first of the year or month)',
      ),
    ...schemeKeys,
    branch: z
      .string()
      .min(1)
      .optional()
      .superRefine((branch, ctx) => {
        const problem = branch === undefined ? null : branchNameProblem(branch)
        if (problem)
          ctx.addIssue({
            code: 'custom',
            message: `branch "${branch}": git refuses it as a branch name (${problem}); name the line's branch as git shows it`,
          })
      })
      .describe(
        'Branch releases are cut from; planning elsewhere is refused (default: the repository’s default branch: origin’s HEAD, else `main`, else `master`, else the current branch)',
      ),
    preset: z
      .enum(presetNames)
      .optional()
      .describe('Plan as that tool does: its bumps, preMajor, breakingNotes and revert rule'),
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
      .describe(
        '`strict`: upper-case BREAKING CHANGE footer; `loose`: the words at any line start, any case',
      ),
    ignoreCommits: z
      .array(regexString)
      .optional()
      .describe('Regexes (on the header) of commits that never count; default: release commits'),
    mode: z
      .enum(['tag', 'pr'])
      .default('tag')
      .describe('`tag`: tag + release; `pr`: release PR, tag on merge'),
    changelog: z.string().optional().describe('Path of the CHANGELOG.md this line keeps'),
    versionFiles: z
      .array(
        z.union([
          z.string().min(1),
          z.strictObject({
            path: z.string().min(1).describe('File to bump'),
            pattern: z
              .string()
              .refine((p) => p.split('{version}').length === 2, {
                message: 'expected a pattern holding {version} once, like `VERSION = "{version}"`',
              })
              .describe('The text around the version, with `{version}` where it stands'),
          }),
        ]),
      )
      .default([])
      .describe(
        'Files whose version a release PR bumps: package.json, pyproject.toml, VERSION, _version.py, or `{path, pattern}`',
      ),
    version: versionSourceSchema
      .optional()
      .describe(
        'Take the version from a package file at the released commit instead of bumping from commits',
      ),
    packages: packagesSchema.optional(),
    checksums: checksumsSchema
      .optional()
      .describe(
        'Checksum files of the build: listed per binary in the GitHub Release, attached as checksums.txt',
      ),
    annotatedTags: z
      .boolean()
      .optional()
      .describe(
        'Cut annotated tags (a tag object whose message is the release title) instead of lightweight ones (default false)',
      ),
    checks: z
      .strictObject({
        ci: z
          .boolean()
          .default(true)
          .describe('CI (check runs and commit statuses) must be green on the commit cut'),
        ciLastCommits: z
          .number()
          .int()
          .min(1)
          .max(20)
          .default(1)
          .describe('CI must be green on this many of the branch’s latest commits (e.g. 3)'),
        changelog: z
          .boolean()
          .default(true)
          .describe('In `tag` mode, the line’s changelog must have a section for the version'),
      })
      .optional()
      .describe(
        'Checks before a cut (default: CI green on the commit, changelog entry); a failed one blocks unless someone with the release role overrides it',
      ),
    announce: announceSchema.optional().describe('How releases of this line are announced'),
    channels: channelsSchema
      .optional()
      .describe('Canary and stable channels, and the signed release index (docs/channels.md)'),
    notify: notifySchema
      .optional()
      .describe(
        'Where "published" messages go when a merged release PR is published from a GitHub event: `{ slack: CHANNEL_ID }` or `{ discord: CHANNEL_ID }`',
      ),
    notes: notesSchema.optional().describe('Release notes and CHANGELOG sections of this line'),
    fragments: fragmentsSchema
      .optional()
      .describe('Notes and CHANGELOG sections come from towncrier news fragment files instead of commits'),
    nextVersion: nextVersionSchema
      .optional()
      .describe('A next-development-version placeholder advanced after each `.0` release'),
  })
  .superRefine(checkLineScheme)

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
      checkRangeOverlaps(lines, ctx)
    })
    .describe('The release lines of the repository'),
  auth: z
    .strictObject({
      release: ruleSchema.optional().describe('Who may cut releases'),
      approve: ruleSchema.optional().describe('Who may approve announcements'),
      announce: ruleSchema.optional().describe('Who may draft announcements'),
      promote: ruleSchema
        .optional()
        .describe('Who may promote a canary version to stable (absent: the `release` rule)'),
      rollback: ruleSchema
        .optional()
        .describe('Who may roll stable back to an earlier version (absent: the `release` rule)'),
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
      limits: z
        .strictObject({
          patch: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Body lines of a patch announcement (default 3)'),
          minor: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Body lines of a minor announcement (default 8)'),
          major: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Body lines of a major announcement (default 12)'),
          sentenceWords: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Words before a sentence is long (default 25)'),
          maxChars: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Characters a post may have, below the target’s limit'),
        })
        .optional()
        .describe('Length limits of announcements'),
      templates: z
        .strictObject({ cli: announceTemplate.optional(), platform: announceTemplate.optional() })
        .optional()
        .describe('Announcement templates per kind (slots: see docs/announcements.md, "Configuration")'),
      rules: z
        .record(z.string(), z.enum(['error', 'warning', 'off']))
        .optional()
        .describe('Severity per voice rule id; safety rules stay errors'),
    })
    .optional()
    .describe('Voice rules added to the defaults'),
})

export type ConfigInput = z.input<typeof configSchema>
export type Config = z.output<typeof configSchema>
export type LineInput = z.output<typeof lineSchema>
