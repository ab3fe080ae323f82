/**
 * Posting an approved announcement, exactly once: claim `posting` (with a
 * deadline that leaves the poster a margin, so a live post is never declared
 * unknown), check the stored text against the approved hash, send it, record
 * the outcome. A poster that throws may have sent the request: the outcome is
 * unknown and never retried by itself.
 */
import type { Poster } from '../../ports/poster.ts'
import { hashText } from '../signoff/signoff-log.ts'
import type { SignoffMachine } from '../signoff/signoff-machine.ts'
import { HERALD, whoOf } from '../signoff/who.ts'
import type { Actor } from '../view.ts'
import type { AnnounceRecord } from './announce-record.ts'

export type PostOutcome =
  | { ok: true; record: AnnounceRecord }
  /** Someone else moved the draft first; `warning`: the poster's outcome arrived after that. */
  | { ok: false; current: AnnounceRecord; warning?: string | undefined }

export async function postApproved(
  m: SignoffMachine<AnnounceRecord>,
  record: AnnounceRecord,
  actor: Actor,
  poster: Poster,
  budgetMs: number,
): Promise<PostOutcome> {
  const approved = record.approved!
  const now = m.now()
  const posting = {
    attempt: (record.posting?.attempt ?? 0) + 1,
    startedAt: now.toISOString(),
    deadline: new Date(now.getTime() + budgetMs + 5_000).toISOString(),
    by: whoOf(actor),
  }
  const claimed = await m.move(record, { state: 'posting', posting }, actor, `attempt ${posting.attempt}`, {
    hash: approved.hash,
  })
  if (!claimed.ok) return claimed
  const text = claimed.record.revisions[approved.revision - 1]?.text
  if (text === undefined || hashText(text) !== approved.hash) {
    const outcome = {
      code: 'integrity',
      message: 'The stored text does not match the approved hash: nothing was posted. Draft again.',
      messageUrl: null,
    }
    return m.move(claimed.record, { state: 'post_failed', outcome }, HERALD, 'integrity', {
      hash: approved.hash,
    })
  }
  const result = await poster.post(text, budgetMs).catch((error: unknown) => ({
    status: 'unknown' as const,
    code: 'poster_error',
    message: `Posting stopped on an unexpected error (${error instanceof Error ? error.name : 'error'}): the message may or may not be in the channel.`,
  }))
  const next: Partial<AnnounceRecord> =
    result.status === 'posted'
      ? { state: 'posted', outcome: { code: 'posted', message: 'Posted.', messageUrl: result.messageUrl } }
      : {
          state: result.status === 'failed' ? 'post_failed' : 'post_unknown',
          outcome: { code: result.code, message: result.message, messageUrl: null },
        }
  const detail = result.status === 'posted' ? (result.messageUrl ?? 'posted') : result.code
  const settled = await m.move(claimed.record, next, HERALD, detail, { hash: approved.hash })
  if (settled.ok) return settled
  const said = result.status === 'posted' ? 'reports the message was posted' : `reports: ${result.message}`
  return {
    ok: false,
    current: settled.current,
    warning: `${poster.targetName} ${said}, but the draft had already moved on.`,
  }
}
