/** The release sign-off record and what it looks like in chat. */
import type { ChangelogCategory } from '../../core/changelog-consolidate.ts'
import type { Bump } from '../../core/release-line.ts'
import type { Who } from '../announce/announce-record.ts'
import { who } from '../announce/announce-views.ts'
import type { SignoffRecord } from '../signoff/signoff-log.ts'
import type { View, ViewAction, ViewBlock } from '../view.ts'
import type { ReleaseCheck } from './release-checks.ts'

export type ReleaseState =
  | 'planned'
  | 'confirmed'
  | 'cutting'
  | 'cut'
  | 'cut_failed'
  | 'cancelled'
  | 'expired'

export type ReleaseRequest = {
  line?: string | undefined
  bump: 'auto' | Bump
  version?: string | undefined
  prerelease?: string | undefined
}

/**
 * What confirming does: `tag` tags the branch head and publishes the release;
 * `pr` opens or updates the line's release PR; `publish` tags a merged
 * release PR's merge commit and publishes it.
 */
export type ReleaseAction = 'tag' | 'pr' | 'publish'

/** A line's release PR, as the preview showed it. */
export type ReleasePrRef = { number: number; url: string }

/** A CHANGELOG section as the preview showed it, and the `sha256` of its exact text. */
export type ShownSection = { section: string; hash: string }

/**
 * The CHANGELOG section of a final release that takes in pre-release sections
 * (`pr` previews): the flat consolidation and, when the LLM grouper gave a
 * proposal that holds, the grouped one. Only the chosen one is written.
 */
export type ReleaseChangelog = {
  path: string
  /** The section's date, pinned so the section written is the one shown. */
  date: string
  /** The pre-release versions taken in. */
  consolidated: string[]
  flat: ShownSection
  /** The grouped proposal and the subsections it applies (null: none offered). */
  grouped: (ShownSection & { categories: ChangelogCategory[]; by: string }) | null
  /** Why no grouping is offered although a grouper is configured (null: offered, or no grouper). */
  unavailable: string | null
  /** What was wrong with a rejected proposal. */
  problems: string[]
  choice: 'flat' | 'grouped'
  /** Who made the choice (null: the default, flat). */
  chosenBy: Who | null
}

export type ReleaseRecord = SignoffRecord & {
  state: ReleaseState
  /** Absent on records written before release PRs: `tag`. */
  action?: ReleaseAction | undefined
  request: ReleaseRequest
  requester: Who
  createdAt: string
  /** The pinned plan: exactly this is cut. */
  plan: {
    line: string
    tag: string
    version: string
    sha: string
    bump: Bump
    from: string | null
    notes: string
    notesHash: string
    commits: number
    drivers: string[]
  }
  /** `sha256` over tag, commit and notes hash: what the audit log records. */
  planHash: string
  /** The checks the preview showed (pinned: an override overrides exactly the failed ones seen). */
  checks?: ReleaseCheck[] | undefined
  /** `pr`: the open release PR that confirming updates (none: it opens one). `publish`: the merged one. */
  pr?: ReleasePrRef | null | undefined
  /** `pr` previews of a final release that consolidates pre-releases: the section shown and chosen. */
  changelog?: ReleaseChangelog | null | undefined
  confirmedBy: Who | null
  /** The failed checks the confirmer overrode (empty or absent: none). */
  overridden?: ReleaseCheck[] | undefined
  cutDeadline?: string | undefined
  result: {
    releaseUrl: string | null
    tagCreated: boolean
    /** `pr`: the release PR written. */
    pr?: (ReleasePrRef & { kind: 'opened' | 'updated' }) | undefined
    error: { code: string; message: string } | null
  } | null
  reason: string | null
}

export type ReleaseNotice = { level: 'info' | 'warning' | 'error'; text: string }

export const releaseIds = {
  cut: (id: string) => `r:cut:${id}`,
  override: (id: string) => `r:ov:${id}`,
  cancel: (id: string) => `r:x:${id}`,
  retry: (id: string) => `r:rt:${id}`,
  announce: (tag: string) => `r:ann:${tag}`,
  /** Choose the CHANGELOG section whose hash starts with `hash` (the one the click saw). */
  changelog: (id: string, choice: 'flat' | 'grouped', hash: string) =>
    `r:cl:${id}:${choice === 'grouped' ? 'g' : 'f'}:${shortHash(hash)}`,
}

/** The part of a section hash an action id carries: 16 hex digits. */
export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 16)
}

/** The section a record will write: the grouped one when chosen, else the flat one. */
export function chosenSection(changelog: ReleaseChangelog): ShownSection {
  return changelog.choice === 'grouped' && changelog.grouped ? changelog.grouped : changelog.flat
}

const TITLES: Record<ReleaseState, string> = {
  planned: 'preview, waiting for confirmation',
  confirmed: 'confirmed',
  cutting: 'cutting…',
  cut: 'released',
  cut_failed: 'cut failed',
  cancelled: 'closed',
  expired: 'expired',
}

const PR_TITLES: Record<ReleaseState, string> = {
  ...TITLES,
  cutting: 'writing the release PR…',
  cut: 'release PR ready for review',
  cut_failed: 'release PR failed',
}

const MARK = { pass: '✅', fail: '❌', skip: '➖' } as const

/** The failed checks of a record's preview. */
export function failedOf(record: ReleaseRecord): ReleaseCheck[] {
  return (record.checks ?? []).filter((c) => c.status === 'fail')
}

export function describeChecks(checks: readonly ReleaseCheck[]): string {
  return checks.map((c) => `${c.id} (${c.text})`).join('; ')
}

export function renderRelease(record: ReleaseRecord, notices: ReleaseNotice[] = []): View {
  const { plan } = record
  const action = record.action ?? 'tag'
  const blocks: ViewBlock[] = notices.map((n) => ({ kind: 'notice', level: n.level, text: n.text }))
  const pr = record.pr ? prLink(record.pr) : null
  const header =
    action === 'pr'
      ? `Release PR for ${plan.tag} (line ${plan.line}): ${PR_TITLES[record.state]}`
      : action === 'publish'
        ? `${plan.tag} (line ${plan.line}) from release PR #${record.pr?.number}: ${TITLES[record.state]}`
        : `${plan.tag} (line ${plan.line}): ${TITLES[record.state]}`
  blocks.push({ kind: 'header', text: header })
  blocks.push({
    kind: 'fields',
    fields: [
      ...(action === 'publish'
        ? [{ label: 'Release PR', value: pr ?? '' }]
        : [{ label: 'From → to', value: `${plan.from ?? '(first release)'} → ${plan.tag}` }]),
      { label: 'Bump', value: plan.bump },
      { label: action === 'publish' ? 'Merge commit' : 'Commit', value: plan.sha.slice(0, 12) },
      ...(action === 'publish' ? [] : [{ label: 'Commits', value: String(plan.commits) }]),
      ...(action === 'pr' ? [{ label: 'Release PR', value: pr ?? 'none open yet' }] : []),
      { label: 'Requested by', value: who(record.requester) },
      ...(record.confirmedBy ? [{ label: 'Confirmed by', value: who(record.confirmedBy) }] : []),
    ],
  })
  const failed = failedOf(record)
  if (record.state === 'planned') {
    if (plan.drivers.length)
      blocks.push({
        kind: 'text',
        text: `${plan.from === null ? `First release of line ${plan.line}: it starts at the line's initial version. Releasable commits` : `Why ${plan.bump}`}:\n${plan.drivers.map((d) => `• \`${d}\``).join('\n')}`,
      })
    if (record.checks?.length)
      blocks.push({
        kind: 'text',
        text: `Checks:\n${record.checks.map((c) => `${MARK[c.status]} ${c.id}: ${c.text}`).join('\n')}`,
      })
    blocks.push({ kind: 'code', text: plan.notes || '(no notes)' })
    if (record.changelog) blocks.push(...changelogBlocks(record.changelog))
    blocks.push({ kind: 'text', text: `Pending until ${record.expiresAt}. ${whatConfirmDoes(record)}` })
    if (failed.length)
      blocks.push({
        kind: 'notice',
        level: 'error',
        text: `${failed.length === 1 ? 'A check failed' : `${failed.length} checks failed`} (${failed.map((c) => c.id).join(', ')}), so ${action === 'publish' ? 'publishing' : 'cutting'} is blocked. Fix ${failed.length === 1 ? 'it' : 'them'} and run /release again, or someone allowed to cut releases can **Override and cut**; the override is written to the audit log with the checks it overrode.`,
      })
  }
  if (record.overridden?.length && record.state !== 'planned')
    blocks.push({
      kind: 'notice',
      level: 'warning',
      text: `Cut despite failed checks, overridden by ${record.confirmedBy ? who(record.confirmedBy) : 'someone'}: ${describeChecks(record.overridden)}`,
    })
  if (record.state === 'cut') blocks.push({ kind: 'text', text: doneText(record) })
  if (record.state === 'cut_failed' && record.result?.error) {
    blocks.push({
      kind: 'notice',
      level: 'error',
      text: `${record.result.error.message} (${record.result.error.code})`,
    })
  }
  return { private: record.state !== 'cut', blocks, actions: actionsFor(record) }
}

function changelogBlocks(c: ReleaseChangelog): ViewBlock[] {
  const takes = `takes in ${c.consolidated.join(', ')}; those sections are removed`
  const blocks: ViewBlock[] = []
  if (c.choice === 'grouped' && c.grouped) {
    blocks.push({
      kind: 'text',
      text: `${c.path}, as it will be written (the section ${takes}): **grouped** into subsections as proposed by ${c.grouped.by}, chosen by ${c.chosenBy ? who(c.chosenBy) : 'someone'}. **Keep flat changelog** writes the flat section instead.`,
    })
    blocks.push({ kind: 'code', text: c.grouped.section })
    return blocks
  }
  blocks.push({
    kind: 'text',
    text: `${c.path}, as it will be written (the section ${takes}): flat${c.chosenBy ? `, chosen by ${who(c.chosenBy)}` : ''}.`,
  })
  blocks.push({ kind: 'code', text: c.flat.section })
  if (c.grouped) {
    blocks.push({
      kind: 'text',
      text: `${c.grouped.by} proposes grouping the entries into subsections (checked: every entry placed once, none invented, plain titles). A proposal: review it; **Use grouped changelog** writes it instead of the flat section.`,
    })
    blocks.push({ kind: 'code', text: c.grouped.section })
  }
  if (c.unavailable)
    blocks.push({
      kind: 'notice',
      level: 'warning',
      text: `grouping unavailable: ${c.unavailable}. The flat section is used.${problemList(c.problems)}`,
    })
  return blocks
}

function problemList(problems: readonly string[]): string {
  if (!problems.length) return ''
  const more = problems.length > 5 ? `\n… and ${problems.length - 5} more` : ''
  return `\n${problems
    .slice(0, 5)
    .map((p) => `• ${p}`)
    .join('\n')}${more}`
}

function whatConfirmDoes(record: ReleaseRecord): string {
  const { plan } = record
  const sha = plan.sha.slice(0, 12)
  switch (record.action ?? 'tag') {
    case 'pr': {
      const c = record.changelog
      const section = c ? ` The ${c.path} section written is the ${c.choice} one shown above.` : ''
      return record.pr
        ? `**Update release PR** rewrites ${prLink(record.pr)} for \`${plan.tag}\` on top of commit \`${sha}\`.${section}`
        : `**Open release PR** opens a PR that bumps the version files${plan.notes ? ' and the changelog' : ''} for \`${plan.tag}\` on top of commit \`${sha}\`; merging it is the release.${section}`
    }
    case 'publish':
      return `**Publish release** tags the merge commit \`${sha}\` as \`${plan.tag}\` and publishes the release with the notes from the PR body.`
    default:
      return `**Cut release** tags exactly commit \`${sha}\` as \`${plan.tag}\`.`
  }
}

function doneText(record: ReleaseRecord): string {
  const { plan } = record
  const written = record.result?.pr
  if ((record.action ?? 'tag') === 'pr' && written)
    return `Release PR ${prLink(written)} ${written.kind} for \`${plan.tag}\`. Review and merge it, then run \`/release line:${plan.line}\` to tag the merge commit and publish the release.`
  const url = record.result?.releaseUrl
  const resumed =
    record.result?.tagCreated === false
      ? ' (the tag already pointed at the pinned commit; it was reused)'
      : ''
  return `Tagged \`${plan.tag}\` at \`${plan.sha.slice(0, 12)}\`${resumed}.${url ? ` [Release page](${url})` : ''}`
}

function prLink(pr: ReleasePrRef): string {
  return `[#${pr.number}](${pr.url})`
}

function actionsFor(record: ReleaseRecord): ViewAction[] {
  const action = record.action ?? 'tag'
  const cancel: ViewAction = { id: releaseIds.cancel(record.id), label: 'Cancel', style: 'danger' }
  switch (record.state) {
    case 'planned': {
      if (failedOf(record).length)
        return [
          { id: releaseIds.override(record.id), label: 'Override and cut', style: 'danger' },
          ...changelogActions(record),
          cancel,
        ]
      const label =
        action === 'pr'
          ? record.pr
            ? 'Update release PR'
            : 'Open release PR'
          : action === 'publish'
            ? 'Publish release'
            : 'Cut release'
      return [{ id: releaseIds.cut(record.id), label, style: 'primary' }, ...changelogActions(record), cancel]
    }
    case 'cut_failed':
      return [
        { id: releaseIds.retry(record.id), label: action === 'pr' ? 'Retry' : 'Retry cut', style: 'primary' },
        cancel,
      ]
    case 'cut':
      return action === 'pr'
        ? []
        : [{ id: releaseIds.announce(record.plan.tag), label: 'Announce', style: 'secondary' }]
    default:
      return []
  }
}

/** **Use grouped changelog** / **Keep flat changelog**, when a grouped proposal is offered. */
function changelogActions(record: ReleaseRecord): ViewAction[] {
  const c = record.changelog
  if (!c?.grouped) return []
  return [
    {
      id: releaseIds.changelog(record.id, 'grouped', c.grouped.hash),
      label: 'Use grouped changelog',
      style: 'secondary',
    },
    {
      id: releaseIds.changelog(record.id, 'flat', c.flat.hash),
      label: 'Keep flat changelog',
      style: 'secondary',
    },
  ]
}
