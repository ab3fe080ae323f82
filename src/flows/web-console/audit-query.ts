/**
 * The web console's audit log filters, pure: a query read from the page's
 * parameters (each checked, with one message saying what to fix), the
 * entries it keeps (newest first) and one page of them.
 */
import { err, ok, type Result } from '../../core/result.ts'
import { lineVersionOfTag, type SchemedLine } from '../../core/version-scheme/index.ts'
import type { AuditEntry } from '../../ports/store.ts'

export const PAGE_SIZE = 50

export type AuditQuery = {
  line?: string | undefined
  action?: string | undefined
  /** A user id, or a part of a display name (case-insensitive). */
  actor?: string | undefined
  /** `YYYY-MM-DD`, inclusive, UTC. */
  from?: string | undefined
  to?: string | undefined
  page: number
}

type LineRef = SchemedLine & { name: string }

const DATE = /^\d{4}-\d{2}-\d{2}$/
const WORD = /^[A-Za-z0-9_.@ -]{1,64}$/

/** Reads the filters; empty values mean "any". */
export function parseAuditQuery(
  params: URLSearchParams,
  lines: readonly LineRef[],
): Result<AuditQuery, string> {
  const value = (name: string) => {
    const v = params.get(name)?.trim()
    return v ? v : undefined
  }
  const query: AuditQuery = {
    line: value('line'),
    action: value('action'),
    actor: value('actor'),
    from: value('from'),
    to: value('to'),
    page: 1,
  }
  if (query.line && !lines.some((l) => l.name === query.line))
    return err(`Unknown line "${query.line}": choose one of ${lines.map((l) => l.name).join(', ')}.`)
  for (const name of ['action', 'actor'] as const) {
    const v = query[name]
    if (v && !WORD.test(v))
      return err(
        `The ${name} filter takes letters, digits, spaces and . _ @ - (up to 64): "${v.slice(0, 64)}".`,
      )
  }
  for (const name of ['from', 'to'] as const) {
    const v = query[name]
    if (v && (!DATE.test(v) || Number.isNaN(Date.parse(v))))
      return err(`The ${name} date must look like 2025-01-31: "${v.slice(0, 32)}".`)
  }
  const page = value('page')
  if (page !== undefined) {
    if (!/^\d{1,6}$/.test(page) || Number(page) < 1)
      return err(`The page must be a number from 1: "${page.slice(0, 16)}".`)
    query.page = Number(page)
  }
  return ok(query)
}

/** The entries the query keeps, newest first. */
export function filterAudit(
  entries: readonly AuditEntry[],
  query: AuditQuery,
  lines: readonly LineRef[],
): AuditEntry[] {
  const line = query.line ? lines.find((l) => l.name === query.line) : undefined
  const actor = query.actor?.toLowerCase()
  const to = query.to ? `${query.to}T23:59:59.999Z` : undefined
  return entries
    .filter(
      (e) =>
        (!line || mentionsLine(e, line)) &&
        (!query.action || e.action === query.action) &&
        (!actor ||
          e.actor.userId.toLowerCase() === actor ||
          (e.actor.name ?? '').toLowerCase().includes(actor)) &&
        (!query.from || e.at >= query.from) &&
        (!to || e.at <= to),
    )
    .reverse()
}

/** An entry belongs to a line when its detail names one of the line's tags (`v1.2.0: approved`). */
function mentionsLine(entry: AuditEntry, line: LineRef): boolean {
  return (entry.detail ?? '')
    .split(/[\s:,;()]+/)
    .some((word) => word.startsWith(line.tagPrefix) && lineVersionOfTag(line, word) !== null)
}

/**
 * The release tag an entry is about (the first word of its detail, `v1.2.0: approved`; the
 * first tag of a combined announcement, `v0.12.4,v2026.1.4: …`), if it is one of a line's.
 */
export function tagOfEntry(entry: AuditEntry, lines: readonly LineRef[]): string | null {
  const first = /^([^\s:,;()]+)(?:,[^\s:,;()]+)*:/.exec(entry.detail ?? '')?.[1]
  if (!first) return null
  return lines.some((l) => first.startsWith(l.tagPrefix) && lineVersionOfTag(l, first) !== null)
    ? first
    : null
}

export type AuditPage = { entries: AuditEntry[]; page: number; pages: number; total: number }

export function pageOf(entries: readonly AuditEntry[], page: number): AuditPage {
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE))
  const current = Math.min(page, pages)
  return {
    entries: entries.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE),
    page: current,
    pages,
    total: entries.length,
  }
}
