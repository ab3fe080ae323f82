/**
 * The release sign-off record: planned → confirmed → cutting → cut |
 * cut_failed, or cancelled / expired. It pins the plan (commit, tag, notes
 * hash), the checks the preview showed and, for release PRs, the changelog
 * section chosen; confirming does exactly that. Here too: the rule that
 * moves it on when its time is up, and why a state refuses a click.
 */
import type { ChangelogCategory } from '../../core/changelog-consolidate.ts'
import type { Bump } from '../../core/release-line.ts'
import { passed, type SignoffKind } from '../signoff/signoff-kind.ts'
import { hashText, newId, type SignoffRecord } from '../signoff/signoff-log.ts'
import { type Who, who, whoOf } from '../signoff/who.ts'
import type { ReleaseCheck } from './release-checks.ts'
import type { Prepared } from './release-kind.ts'

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
  /** A channel move (`/release canary|promote|rollback`); absent: a plain release. */
  move?: ChannelMove | undefined
  /** The next development version to write instead of the advanced one (`next:27.1.0`). */
  next?: string | undefined
  /** Why (promote, rollback; an override of the soak check needs one). */
  reason?: string | undefined
  /** The change ticket, e.g. INC-42. */
  ticket?: string | undefined
}

export type ChannelMove = 'canary' | 'promote' | 'rollback'

/** A channel move as the preview pinned it: why, the ticket, and the index it was planned on. */
export type ChannelPin = {
  reason: string | null
  ticket: string | null
  /** The index sequence the preview read: promote and rollback land only on it. */
  sequence: number
  /** The stable version when the preview was made. */
  stable: string | null
  /** Promote, rollback: when the version was published (a tag from before the line had channels joins the index so). */
  publishedAt?: string | undefined
}

/**
 * What confirming does: `tag` tags the branch head and publishes the release;
 * `pr` opens or updates the line's release PR; `publish` tags a merged
 * release PR's merge commit and publishes it.
 */
export type ReleaseAction = 'tag' | 'pr' | 'publish' | 'lines' | ChannelMove

/**
 * One line of a release of several lines at once (`/release line:a,b`): its
 * pinned plan and checks, and once cut, what happened to it.
 */
export type LinePin = {
  plan: ReleaseRecord['plan']
  checks: ReleaseCheck[]
  /** The next development version the line's cut commits on top (`nextVersion`), when it moves. */
  next?: string | null | undefined
  result?: LineResult | null | undefined
}

/** How one line of a several-line release ended (`followUp`: its next development version's commit). */
export type LineResult =
  | {
      ok: true
      releaseUrl: string | null
      tagCreated: boolean
      at: string
      followUp?: { sha: string | null; error: string | null } | undefined
    }
  | { ok: false; code: string; message: string; at: string }

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
  /** Channel moves: what the preview pinned. */
  channel?: ChannelPin | null | undefined
  /** `lines`: every line's plan, checks and outcome (`plan` then sums them up). */
  lines?: LinePin[] | undefined
  /** The next development version the release writes (`nextVersion`): in the release PR, or a follow-up commit. */
  next?: string | null | undefined
  confirmedBy: Who | null
  /** The failed checks the confirmer overrode (empty or absent: none). */
  overridden?: ReleaseCheck[] | undefined
  cutDeadline?: string | undefined
  result: {
    releaseUrl: string | null
    tagCreated: boolean
    /** `pr`: the release PR written. */
    pr?: (ReleasePrRef & { kind: 'opened' | 'updated' }) | undefined
    /** Channel moves: the index sequence the move was written at. */
    sequence?: number | undefined
    /** `tag` lines with `nextVersion`: the follow-up commit on the branch, or why it was not made. */
    followUp?: { sha: string | null; error: string | null } | undefined
    error: { code: string; message: string } | null
  } | null
  reason: string | null
}

export type ReleaseNotice = { level: 'info' | 'warning' | 'error'; text: string }

/** A new `planned` record of what a kind prepared, for `requester`, expiring `ttlMs` from `now`. */
export function newReleaseRecord(
  prepared: Extract<Prepared, { ok: true }>,
  request: ReleaseRequest,
  requester: Who,
  now: Date,
  ttlMs: number,
): ReleaseRecord {
  const { plan } = prepared
  return {
    id: newId(),
    seq: 0,
    state: 'planned',
    action: prepared.action,
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    request,
    requester: whoOf(requester),
    createdAt: now.toISOString(),
    plan,
    planHash: hashText(`${plan.tag}\n${plan.sha}\n${plan.notesHash}`),
    checks: prepared.checks,
    pr: prepared.pr,
    changelog: prepared.changelog ?? null,
    channel: prepared.channel ?? null,
    ...(prepared.lines ? { lines: prepared.lines } : {}),
    next: prepared.next ?? null,
    confirmedBy: null,
    result: null,
    reason: null,
  }
}

/** The section a record will write: the grouped one when chosen, else the flat one. */
export function chosenSection(changelog: ReleaseChangelog): ShownSection {
  return changelog.choice === 'grouped' && changelog.grouped ? changelog.grouped : changelog.flat
}

/** The failed checks of a record's preview. */
export function failedOf(record: ReleaseRecord): ReleaseCheck[] {
  return (record.checks ?? []).filter((c) => c.status === 'fail')
}

/** Whether GitHub can still change this record by itself: a pending preview whose CI check is read from GitHub. */
export function awaitsCi(record: ReleaseRecord): boolean {
  // Several lines: each line's CI check, on its own commit.
  const checks = record.lines ? record.lines.flatMap((p) => p.checks) : (record.checks ?? [])
  return record.state === 'planned' && checks.some((c) => c.id === 'ci_head' && c.status !== 'skip')
}

/** The error a cut left in flight gets in `cut_failed`. */
const INTERRUPTED_CUT =
  'The cut did not finish (Herald may have stopped): retry it; a tag already on the pinned commit is reused, never moved.'

export const releaseKind: SignoffKind<ReleaseRecord> = {
  name: 'release',
  inFlight: new Set(['cutting']),
  pending: new Set(['planned', 'cut_failed']),
  overdue(record, now) {
    if (record.state === 'cutting' && passed(now, record.cutDeadline))
      return {
        patch: {
          state: 'cut_failed',
          result: {
            releaseUrl: null,
            tagCreated: false,
            error: { code: 'interrupted', message: INTERRUPTED_CUT },
          },
        },
        deadline: record.cutDeadline!,
        interrupted: true,
      }
    if (record.state === 'planned' && passed(now, record.expiresAt))
      return {
        patch: { state: 'expired', reason: 'expired' },
        deadline: record.expiresAt,
        interrupted: false,
      }
    return null
  },
  inFlightDeadline: (record) => record.cutDeadline,
  labelOf: (record) => record.plan.tag,
  lineOf: (record) => record.plan.line,
  hashOf: (record) => record.planHash,
  interruptedMessage: (record, subject) =>
    `interrupted: the cut of ${record.plan.tag} (${subject}) did not finish before its deadline; now cut_failed: press Retry cut on its preview (a tag already on the pinned commit is reused) or run /release again`,
}

/** Why a record's state does not allow the click, for people. */
export function releaseStateRefusal(record: ReleaseRecord): string {
  switch (record.state) {
    case 'expired':
      return `This preview expired at ${record.expiresAt} without confirmation: run /release again for a fresh one.`
    case 'cancelled':
      return `This preview was closed (${record.reason ?? 'cancelled'}): run /release again.`
    case 'cut':
      return record.action === 'pr'
        ? `The release PR for ${record.plan.tag} is written${record.pr ? ` (#${record.pr.number})` : ''}: review and merge it, then run /release again to publish (or to update it with newer commits).`
        : `${record.plan.tag} is already cut; nothing more to do.`
    case 'confirmed':
    case 'cutting':
      return `${record.plan.tag} is being cut right now (confirmed by ${record.confirmedBy ? who(record.confirmedBy) : 'someone'}).`
    case 'cut_failed':
      return `Cutting ${record.plan.tag} failed; retry it or cancel.`
    default:
      return 'This release has not been cut yet.'
  }
}
