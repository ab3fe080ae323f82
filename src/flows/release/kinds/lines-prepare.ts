/**
 * Several lines in one sign-off (`/release line:main,lts-1.x`): every line is
 * planned at the tip of its own branch (never at HEAD of another one), with
 * its own checks, and pinned in one record so one click cuts them all. The
 * request is refused up front, naming every line that cannot be released and
 * why, when any one of them cannot: a preview that silently leaves a line out
 * would read as "both are done" to whoever approves it.
 */
import type { Bump, ReleaseLine } from '../../../core/release-line.ts'
import { bumpRank } from '../../../core/versions.ts'
import { fragmentChecks } from '../../fragments.ts'
import { chooseLine } from '../../plan-line.ts'
import { hashText } from '../../signoff/signoff-log.ts'
import { tagNextVersion } from '../next-version.ts'
import type { ReleaseCheck } from '../release-checks.ts'
import type { Freshness, Prepared, ReleaseDeps } from '../release-kind.ts'
import type { LinePin, ReleaseRecord, ReleaseRequest } from '../release-record.ts'
import { checksOf, checksStillHold, pinnedPlan, staleness } from './pinned.ts'
import { planTag } from './tag-kind.ts'

/** At most this many lines in one request: one preview stays readable, one click stays reviewable. */
const MAX_LINES = 5

/** The line names of a request naming several (`main,lts-1.x`); null for one line or none. */
export function severalLines(request: Pick<ReleaseRequest, 'line'>): string[] | null {
  const names = request.line?.split(',').map((n) => n.trim())
  return names && names.length > 1 ? names : null
}

/** Why these lines cannot be released together from this request, or the lines. */
function linesOf(deps: ReleaseDeps, request: ReleaseRequest, names: string[]): ReleaseLine[] | string {
  if (names.some((n) => n === '')) return 'a line name is empty: write `line:main,lts-1.x` (no spaces).'
  if (names.length > MAX_LINES)
    return `at most ${MAX_LINES} lines can be released together: split the request.`
  if (new Set(names).size < names.length) return 'a line is named twice: name each line once.'
  if (request.move) return `/release ${request.move} moves one line: name one line.`
  if (request.next)
    return '`next:` sets one line’s next development version: release that line on its own with it.'
  if (request.version)
    return '`version:` sets one line’s version: release several lines without it (each line’s version comes from its commits), or release that line on its own.'
  const lines: ReleaseLine[] = []
  for (const name of names) {
    const line = chooseLine(deps.lines, name, 'chat')
    if ('ok' in line) return line.message
    if ((line.mode ?? 'tag') !== 'tag')
      return `line ${line.name} releases through a release PR (mode: pr), which is not cut together with other lines: release it on its own with /release line:${line.name}.`
    lines.push(line)
  }
  return lines
}

/** The preview of several lines: each planned at its branch's tip, or why not one of them can be. */
export async function prepareLines(
  deps: ReleaseDeps,
  request: ReleaseRequest,
  names: string[],
): Promise<Prepared> {
  const lines = linesOf(deps, request, names)
  if (typeof lines === 'string') return { ok: false, level: 'error', message: lines }
  const pins: LinePin[] = []
  const refusals: { line: string; why: string }[] = []
  let level: 'info' | 'error' = 'info'
  // One line after the other: a forge is asked one thing at a time (GitHub's rate limits).
  for (const line of lines) {
    const planned = await planTag(deps, line, request, true)
    if (!planned.ok) {
      if (planned.kind === 'input') level = 'error'
      refusals.push({ line: line.name, why: planned.message })
      continue
    }
    const { plan, notes } = planned
    if (!plan.to || plan.refusal) {
      refusals.push({ line: line.name, why: plan.refusal?.message ?? 'nothing to release' })
      continue
    }
    // A line keeping a next development version commits it on top after its cut, as on its own.
    const next = await tagNextVersion(deps.forge, line, plan.to, undefined)
    if (!next.ok) {
      level = 'error'
      refusals.push({ line: line.name, why: next.error })
      continue
    }
    const checks = [...(await checksOf(deps, line, plan.to, true)), ...fragmentChecks(planned.fragments)]
    pins.push({ plan: pinnedPlan(plan, notes), checks, ...(next.value ? { next: next.value } : {}) })
  }
  if (refusals.length) return { ok: false, level, message: refusedLines(pins, refusals) }
  return { ok: true, action: 'lines', plan: summary(pins), checks: allChecks(pins), pr: null, lines: pins }
}

/** Why nothing was planned: every line that cannot be released, and how to release the others. */
function refusedLines(pins: readonly LinePin[], refusals: readonly { line: string; why: string }[]): string {
  const others = pins.map((p) => p.plan.line)
  const them = refusals.length === 1 ? 'that line' : 'those lines'
  return [
    'Nothing was planned: the lines are released together or not at all.',
    ...refusals.map((r) => `• line ${r.line}: ${r.why}`),
    others.length
      ? `Release the others without ${them} (/release line:${others.join(',')}), or fix what is said above.`
      : 'Fix what is said above, then run /release again.',
  ].join('\n')
}

/** The record's `plan` over every line: the tags, the highest bump (the two-person rule), one notes text. */
function summary(pins: readonly LinePin[]): ReleaseRecord['plan'] {
  const plans = pins.map((p) => p.plan)
  const notes = plans.map((p) => `## ${p.line}: ${p.tag}\n\n${p.notes.trim() || '(no notes)'}`).join('\n\n')
  return {
    line: plans.map((p) => p.line).join(','),
    tag: plans.map((p) => p.tag).join(' + '),
    version: plans.map((p) => p.version).join(' + '),
    sha: plans.map((p) => p.sha).join(','),
    bump: plans.reduce<Bump>((top, p) => (bumpRank(p.bump) > bumpRank(top) ? p.bump : top), 'patch'),
    from: plans.map((p) => p.from ?? '(first release)').join(' + '),
    notes,
    notesHash: hashText(notes),
    commits: plans.reduce((n, p) => n + p.commits, 0),
    drivers: plans.flatMap((p) => p.drivers.map((d) => `${p.line}: ${d}`)),
  }
}

/** Every line's checks, each saying its line: an override overrides exactly these. */
export function allChecks(pins: readonly LinePin[]): ReleaseCheck[] {
  return pins.flatMap((p) => p.checks.map((c) => ({ ...c, text: `line ${p.plan.line}: ${c.text}` })))
}

/** Every line planned again at its branch's tip: stale when any one moved, changed or failed a new check. */
export async function verifyLines(deps: ReleaseDeps, record: ReleaseRecord): Promise<Freshness> {
  const failed: ReleaseCheck[] = []
  for (const pin of record.lines ?? []) {
    const name = pin.plan.line
    const line = deps.lines.find((l) => l.name === name)
    if (!line) return { stale: `line ${name} is no longer in the config`, failed: [] }
    const fresh = await planTag(deps, line, record.request, true)
    if (!fresh.ok && fresh.tag === pin.plan.tag)
      return { stale: `line ${name}: the tag ${pin.plan.tag} appeared since the preview`, failed: [] }
    if (!fresh.ok) return { stale: `line ${name}: ${fresh.message}`, failed: [] }
    const stale = staleness(pin, fresh.plan, fresh.notes)
    if (stale) return { stale: `line ${name}: ${stale}`, failed: [] }
    const held = await checksStillHold(deps, pin, line, fresh.plan.to!, true, fragmentChecks(fresh.fragments))
    if (held.stale) return { stale: `line ${name}: ${held.stale}`, failed: [] }
    failed.push(...held.failed.map((c) => ({ ...c, text: `line ${name}: ${c.text}` })))
  }
  return { stale: null, failed }
}
