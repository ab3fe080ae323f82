/**
 * One audit log entry per backport asked for in chat, made or refused: who
 * asked, the pull request and the line, and what happened (the backport's
 * pull request or branch, or the refusal's code and reason). There is no
 * record to move, so `from` and `to` stay empty; `herald audit` and the web
 * console list it with the sign-off entries.
 */
import type { Clock } from '../../ports/clock.ts'
import type { AuditEntry, StateStore } from '../../ports/store.ts'
import { whoOf } from '../signoff/who.ts'
import type { Actor } from '../view.ts'
import type { BackportDone } from './backport.ts'

export type BackportAuditDeps = { store: StateStore; clock: Clock }

/** What a chat backport came to: made, or refused with a code (`conflict`, `exists`, `not_allowed`, …). */
export type BackportOutcome = BackportDone | { ok: false; code: string; message: string }

/** The action every backport entry carries, made or refused. */
const BACKPORT_ACTION = 'backported'

function backportAuditEntry(
  at: Date,
  actor: Actor,
  request: { pr: number; line: string | undefined },
  outcome: BackportOutcome,
): AuditEntry {
  const line = outcome.ok ? outcome.line : request.line
  const what = line ? `#${request.pr} to ${line}` : `#${request.pr}`
  return {
    at: at.toISOString(),
    actor: whoOf(actor),
    subject: line ? `backport:${request.pr}-to-${line}` : `backport:${request.pr}`,
    action: BACKPORT_ACTION,
    outcome: outcome.ok ? 'done' : 'refused',
    from: null,
    to: null,
    detail: outcome.ok ? `${what}: ${made(outcome)}` : `${what}: ${outcome.code}: ${outcome.message}`,
  }
}

/** Appends the entry; the answer is given even if the log is unreachable (as for the other refusals). */
export async function auditBackport(
  deps: BackportAuditDeps,
  actor: Actor,
  request: { pr: number; line: string | undefined },
  outcome: BackportOutcome,
): Promise<void> {
  await deps.store.appendAudit(backportAuditEntry(deps.clock.now(), actor, request, outcome)).catch(() => {})
}

function made(done: BackportDone): string {
  const where = done.backportPr
    ? `opened pull request #${done.backportPr.number} ${done.backportPr.url} from ${done.branch} into ${done.target}`
    : `created branch ${done.branch} on ${done.target}`
  return `${where} at ${done.sha.slice(0, 12)} (${done.picked.length} picked, ${done.skipped.length} already there)`
}
