/**
 * The announcement sign-off record and its states: drafted → (edited |
 * regenerated)* → approved → posting → posted | post_failed | post_unknown,
 * or cancelled / expired; and the rule that moves it on when its time is up.
 */
import type { AnnouncementFacts } from '../../core/voice/facts.ts'
import type { Finding } from '../../core/voice/finding.ts'
import type { DraftProvenance } from '../../ports/drafter.ts'
import { passed, type SignoffKind } from '../signoff/signoff-kind.ts'
import type { SignoffRecord } from '../signoff/signoff-log.ts'
import type { Who } from '../signoff/who.ts'

export type AnnounceState =
  | 'drafted'
  | 'edited'
  | 'regenerated'
  | 'approved'
  | 'posting'
  | 'posted'
  | 'post_failed'
  | 'post_unknown'
  | 'cancelled'
  | 'expired'

export type Revision = {
  /** 1-based; an approval names it. */
  n: number
  text: string
  hash: string
  source: 'drafted' | 'edited' | 'regenerated'
  by: Who
  at: string
  findings: Finding[]
  provenance: DraftProvenance | null
  /**
   * On a fallback revision: the model's best attempt, linted, which the
   * reviewer may make the next revision ("Use the model's draft").
   */
  modelDraft?: { text: string; findings: Finding[] } | null | undefined
}

export type AnnounceRecord = SignoffRecord & {
  state: AnnounceState
  tag: string
  line: string
  facts: AnnouncementFacts
  requester: Who
  createdAt: string
  revisions: Revision[]
  approved: { revision: number; hash: string; by: Who; at: string } | null
  posting: { attempt: number; startedAt: string; deadline: string; by: Who } | null
  outcome: { code: string; message: string; messageUrl: string | null } | null
}

/** States in which the text may still change and be approved. */
export const EDITABLE: ReadonlySet<string> = new Set(['drafted', 'edited', 'regenerated'])
/** States from which the approved text may be (re)posted by a person. */
export const POSTABLE: ReadonlySet<string> = new Set(['approved', 'post_failed', 'post_unknown'])
/** States that end after `expiresAt`. `post_unknown` never expires by itself: a person must look first. */
const EXPIRING: ReadonlySet<string> = new Set([...EDITABLE, 'approved', 'post_failed'])

export function currentRevision(record: AnnounceRecord): Revision {
  return record.revisions[record.revisions.length - 1]!
}

/** The message a post left in flight gets in `post_unknown`. */
const INTERRUPTED_POST =
  'Posting did not finish in time (Herald may have stopped mid-post): the message may or may not be in the channel.'

export const announceKind: SignoffKind<AnnounceRecord> = {
  name: 'announce',
  inFlight: new Set(['posting']),
  pending: new Set([...EDITABLE, ...POSTABLE]),
  overdue(record, now) {
    if (record.state === 'posting' && record.posting && passed(now, record.posting.deadline))
      return {
        patch: {
          state: 'post_unknown',
          outcome: { code: 'interrupted', message: INTERRUPTED_POST, messageUrl: null },
        },
        deadline: record.posting.deadline,
        interrupted: true,
      }
    if (EXPIRING.has(record.state) && passed(now, record.expiresAt))
      return { patch: { state: 'expired' }, deadline: record.expiresAt, interrupted: false }
    return null
  },
  inFlightDeadline: (record) => record.posting?.deadline,
  labelOf: (record) => record.tag,
  lineOf: (record) => record.line,
  hashOf: (record) => record.approved?.hash,
  interruptedMessage: (record, subject) =>
    `interrupted: the post of the ${record.tag} announcement (${subject}) did not finish before its deadline; now post_unknown: check the channel, then press "It is in the channel" or "It is not there: post again" on the draft`,
}

/** Why a draft's state does not allow the click, for people. */
export function announceStateRefusal(record: AnnounceRecord): string {
  switch (record.state) {
    case 'expired':
      return `This draft expired at ${record.expiresAt} without sign-off: run /announce-release ${record.tag} again.`
    case 'cancelled':
      return 'This draft was cancelled: run /announce-release again to start over.'
    case 'posted':
      return 'This announcement is already posted; nothing more to do.'
    case 'posting':
      return 'This announcement is being posted right now.'
    case 'approved':
    case 'post_failed':
    case 'post_unknown':
      return `This draft is already approved (revision ${record.approved?.revision}); it can only be posted or closed now.`
    default:
      return 'The draft is still waiting for sign-off: approve it first.'
  }
}
