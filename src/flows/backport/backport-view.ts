/**
 * `/release backport pr:N line:NAME` in chat: the arguments checked, the
 * backport made (`backport.ts`), and what happened as a message. A backport
 * made is shown to the channel (someone reviews its pull request); a refusal
 * only to the requester. Every attempt, made or refused, is written to the
 * audit log (`backport-audit.ts`); a request whose arguments are wrong is not
 * an attempt.
 */
import { findCommand } from '../../../commands/index.ts'
import { renderUsageError } from '../../../commands/parse-args.ts'
import { parsePrNumber } from '../../core/backport.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { Actor, CommandArgs, View } from '../view.ts'
import { md, mdCode, messageView } from '../view.ts'
import { type BackportDeps, type BackportDone, backport } from './backport.ts'
import { auditBackport, type BackportAuditDeps } from './backport-audit.ts'

/** The options `/release backport` takes besides `action`. */
const OPTIONS = new Set(['action', 'pr', 'line'])

export async function backportCommand(
  deps: BackportDeps & BackportAuditDeps,
  actor: Actor,
  args: CommandArgs,
): Promise<View> {
  const usage = (problem: string) => messageView('error', renderUsageError(findCommand('release')!, problem))
  const extra = Object.keys(args).find((k) => !OPTIONS.has(k) && args[k] !== undefined)
  if (extra) return usage(`\`/release backport\` takes only \`pr\` and \`line\`, not \`${extra}\`.`)
  const pr = args.pr === undefined ? null : parsePrNumber(args.pr)
  if (pr === null)
    return usage('`/release backport` needs the merged pull request: `pr:123` (a positive number).')
  const request = { pr, line: args.line }
  const answer = await backport(deps, actor, request, 'chat').catch((error: unknown) => {
    // The forge could not answer (GitHub down, a permission missing): its message says what to do.
    if (error instanceof ForgeError)
      return { ok: false as const, code: 'unavailable', message: error.message }
    throw error
  })
  await auditBackport(deps, actor, request, answer)
  if (!answer.ok)
    return messageView(answer.code === 'exists' ? 'warning' : 'error', `${sentence(md(answer.message))}`)
  return doneView(answer)
}

function doneView(done: BackportDone): View {
  const count = `${done.picked.length} commit${done.picked.length === 1 ? '' : 's'} cherry-picked`
  const skipped = done.skipped.length ? `, ${done.skipped.length} already on ${mdCode(done.target)}` : ''
  const source = done.source.url ? `[#${done.pr}](${done.source.url})` : `#${done.pr}`
  const where = done.backportPr
    ? `opened [pull request #${done.backportPr.number}](${done.backportPr.url}) from ${mdCode(done.branch)} into ${mdCode(done.target)}`
    : `created branch ${mdCode(done.branch)} on ${mdCode(done.target)}: push it and open its pull request`
  return {
    private: false,
    blocks: [
      { kind: 'header', text: `Backport of #${done.pr} to ${done.line}` },
      { kind: 'text', text: `${md(done.title)}\nFrom ${source}: ${where} (${count}${skipped}).` },
    ],
    actions: [],
  }
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}
