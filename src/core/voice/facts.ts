/**
 * What the linter and the drafter know about a release: the facts file of
 * `herald lint --facts`, or what `factsFromPlan` derives from a plan. Pure.
 */
import { z } from 'zod'
import type { PlannedCommit } from '../plan-release.ts'
import type { ReleaseLine } from '../release-line.ts'
import { coreOf, isPrerelease, normaliseVersion } from '../versions.ts'
import { isAnnounceable } from './changes.ts'
import { renderSlots } from './template.ts'

const version = z.string().regex(
  // SemVer and calendar versions, or PEP 440's (`26.2.0rc2`, `1.0.0.post1`, `1.0.0.dev4`).
  /^\d+\.\d+\.\d+(?:(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?|(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?)$/,
  'expected a version like 1.2.3, without v',
)

export const factsSchema = z.strictObject({
  product: z.string().min(1).describe('Product name the headline names, e.g. widget-cli'),
  line: z.string().min(1).describe('Release line name'),
  kind: z
    .enum(['cli', 'platform'])
    .describe('`cli`: "is out!" + upgrade command; `platform`: "is rolling out!"'),
  tag: z.string().min(1).describe('The release tag, e.g. cli-v1.4.0'),
  version,
  previousVersion: version.nullable().describe('Version of the previous release of the line, or null'),
  bump: z.enum(['major', 'minor', 'patch']),
  fixOnly: z.boolean().describe('Every announced change is a fix'),
  calendar: z
    .boolean()
    .optional()
    .describe('The line numbers its versions by the calendar (2027.0.0 is a new year, no milestone)'),
  releaseUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .describe('The GitHub Release page; null when the release has none (nothing is linked)'),
  action: z
    .string()
    .min(1)
    .nullable()
    .describe('Upgrade command (cli) or rollout sentence (platform); null for none'),
  target: z
    .enum(['discord', 'slack'])
    .optional()
    .describe('Where it is posted (length limit); default discord'),
  also: z
    .array(
      z.strictObject({
        line: z.string().min(1),
        tag: z.string().min(1),
        version,
        previousVersion: version.nullable(),
        releaseUrl: z.url({ protocol: /^https?$/ }).nullable(),
      }),
    )
    .max(4)
    .optional()
    .describe(
      'Releases of other lines announced in the same message (`/announce-release tag:v0.12.4,v2026.1.4`): their versions and release pages are this announcement’s too',
    ),
})

export type AnnouncementFacts = z.output<typeof factsSchema>

/** Characters a post may have on each target (Discord's content limit; Slack's advised text size). */
export const TARGET_LIMITS = { discord: 2000, slack: 4000 } as const

/** 1.0.0, 2.0.0 …: a milestone gets 🎉; a calendar line's first release of a year is none. */
export function isMilestone(version: string, calendar = false): boolean {
  // Only a SemVer version (`26.2.0rc2` is none) can be a milestone.
  return (
    !calendar &&
    normaliseVersion(version) === version &&
    !isPrerelease(version) &&
    /^[1-9]\d*\.0\.0$/.test(coreOf(version))
  )
}

export function headlineEmoji(facts: Pick<AnnouncementFacts, 'version' | 'fixOnly' | 'calendar'>): string {
  if (isMilestone(facts.version, facts.calendar)) return '🎉'
  return facts.fixOnly ? '🐛' : '🚀'
}

export type FactsInput = {
  line: ReleaseLine
  tag: string
  version: string
  previousVersion: string | null
  bump: 'major' | 'minor' | 'patch'
  commits: readonly PlannedCommit[]
  /** `https://github.com/owner/name`; null when the repository has no web page (nothing is linked). */
  repoWebUrl: string | null
  target?: 'discord' | 'slack' | undefined
}

export type FactsResult = { ok: true; facts: AnnouncementFacts } | { ok: false; message: string }

/** The facts of a planned or existing release of a line whose `announce` is configured. */
export function factsFromPlan(input: FactsInput): FactsResult {
  const announce = input.line.announce
  if (!announce)
    return {
      ok: false,
      message: `line "${input.line.name}" has no announce settings: add \`announce: {product: ${input.line.name}}\` to it in herald.config.yaml`,
    }
  const announced = input.commits.filter(isAnnounceable)
  const fixOnly = announced.length > 0 && announced.every((c) => c.type === 'fix' && !c.breaking)
  return {
    ok: true,
    facts: {
      product: announce.product,
      line: input.line.name,
      kind: announce.kind,
      tag: input.tag,
      version: input.version,
      previousVersion: input.previousVersion,
      bump: input.bump,
      fixOnly,
      ...(isCalendarLine(input.line) ? { calendar: true } : {}),
      releaseUrl: input.repoWebUrl
        ? `${input.repoWebUrl.replace(/\/+$/, '')}/releases/tag/${encodeURIComponent(input.tag)}`
        : null,
      action: announce.action
        ? renderSlots(announce.action, { version: input.version, tag: input.tag })
        : null,
      target: input.target ?? announce.webhook?.kind ?? 'discord',
    },
  }
}

/** A line whose versions are calendar dates: `scheme: calver`, or `pep440` with `calver`. */
function isCalendarLine(line: ReleaseLine): boolean {
  return Boolean(line.calver) && (line.scheme === 'calver' || line.scheme === 'pep440')
}

/** Every version the announcement is about, with the previous ones: what it may name. */
export function knownVersions(
  facts: Pick<AnnouncementFacts, 'version' | 'previousVersion' | 'also'>,
): string[] {
  return [facts, ...(facts.also ?? [])].flatMap((r) =>
    r.previousVersion === null ? [r.version] : [r.version, r.previousVersion],
  )
}

/** The release pages the announcement may link: its own and those announced with it. */
export function releaseUrls(facts: Pick<AnnouncementFacts, 'releaseUrl' | 'also'>): string[] {
  return [facts, ...(facts.also ?? [])].flatMap((r) => (r.releaseUrl ? [r.releaseUrl] : []))
}

/**
 * The template's slots for these facts. Releases announced together fill
 * `{version}` with every version (`0.12.4 and v2026.1.4 (lts-2026.1)`, after
 * the template's own `v`) and `{releaseUrl}` with every release page.
 */
export function slotValues(facts: AnnouncementFacts): Record<string, string> {
  const also = facts.also ?? []
  const others = also.map((a) => `${a.tag} (${a.line})`)
  const version = also.length
    ? `${[facts.version, ...others.slice(0, -1)].join(', ')} and ${others[others.length - 1]}`
    : facts.version
  return {
    emoji: headlineEmoji(facts),
    product: facts.product,
    version,
    tag: facts.tag,
    action: facts.action ?? '',
    releaseUrl: releaseUrls(facts).join(' and '),
  }
}

/** The headline as the template fills it; several releases "are out", not "is out". */
export function renderHeadline(
  template: string,
  facts: AnnouncementFacts,
  values = slotValues(facts),
): string {
  const line = renderSlots(template, values)
  return facts.also?.length ? line.replace(/\bis (out|rolling out)\b/, 'are $1') : line
}
