/** A new announcement draft's record: revision 1 of what the drafter wrote, waiting for sign-off. */
import type { Draft } from '../../ports/drafter.ts'
import type { FoundRelease } from '../find-release.ts'
import { newId } from '../signoff/signoff-log.ts'
import type { Who } from '../signoff/who.ts'
import type { AnnounceDeps } from './announce-flow.ts'
import type { AnnounceRecord } from './announce-record.ts'
import { makeRevision } from './announce-revision.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The record of `found`'s draft; `found.tag` names every release of a combined announcement (`v0.12.4,v2026.1.4`). */
export function newDraftRecord(
  deps: Pick<AnnounceDeps, 'voice' | 'lint' | 'pendingTtlMs'>,
  now: Date,
  by: Who,
  found: FoundRelease,
  draft: Draft,
): AnnounceRecord {
  const revision = makeRevision(
    { n: 1, source: 'drafted', by, at: now, facts: found.facts, voice: deps.voice, lint: deps.lint },
    { text: draft.text, provenance: draft.provenance, modelDraft: draft.modelDraft },
  )
  return {
    id: newId(),
    seq: 0,
    state: 'drafted',
    expiresAt: new Date(now.getTime() + (deps.pendingTtlMs ?? DAY_MS)).toISOString(),
    tag: found.tag,
    line: found.line.name,
    facts: found.facts,
    requester: by,
    createdAt: now.toISOString(),
    revisions: [revision],
    approved: null,
    posting: null,
    outcome: null,
  }
}
