/** The announcement sign-off record and its states (issue 4). */
import type { AnnouncementFacts } from '../../core/voice/facts.ts'
import type { Finding } from '../../core/voice/finding.ts'
import type { DraftProvenance } from '../../ports/drafter.ts'
import type { SignoffRecord } from '../signoff/signoff-log.ts'

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

/** Who did something, as the platform said. */
export type Who = { platform: string; userId: string; name?: string | undefined }

/** Who acted, as stored in a record and the audit log: the platform's ids, the name only for display. */
export function whoOf(actor: Who): Who {
  return { platform: actor.platform, userId: actor.userId, name: actor.name ?? undefined }
}

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
export const EXPIRING: ReadonlySet<string> = new Set([...EDITABLE, 'approved', 'post_failed'])

export function currentRevision(record: AnnounceRecord): Revision {
  return record.revisions[record.revisions.length - 1]!
}

export const HERALD: Who = { platform: 'herald', userId: 'herald', name: 'Herald' }
