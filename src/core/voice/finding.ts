/** What the voice linter reports, and applying its mechanical fixes. Pure. */
import { graphemeStarts } from './text-geometry.ts'

export type Severity = 'error' | 'warning'

/** A replacement of columns [column, endColumn) on `line` (1-based, grapheme clusters); equal columns insert. */
export type Fix = { line: number; column: number; endColumn: number; text: string }

export type Finding = {
  rule: string
  severity: Severity
  /** 1-based line. */
  line: number
  /** 1-based column in user-perceived characters (grapheme clusters). */
  column: number
  /** Column just after the finding (exclusive). */
  endColumn: number
  message: string
  fix?: Fix | undefined
}

export type LintReport = { ok: boolean; findings: Finding[] }

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error')
}

/** Sort by position, then rule id, so reports are stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule))
}

/**
 * Apply the fixes of `findings` to `text`, last first so earlier positions
 * stay valid; a fix overlapping one already applied is skipped (run the
 * linter again for it).
 */
export function applyFixes(text: string, findings: readonly Finding[]): string {
  const fixes = findings
    .map((f) => f.fix)
    .filter((f): f is Fix => f !== undefined)
    .sort((a, b) => b.line - a.line || b.column - a.column)
  const lines = text.split('\n')
  let lastLine = Number.POSITIVE_INFINITY
  let lastColumn = Number.POSITIVE_INFINITY
  for (const fix of fixes) {
    if (fix.line === lastLine && fix.endColumn > lastColumn) continue
    const current = lines[fix.line - 1]
    if (current === undefined) continue
    const starts = graphemeStarts(current)
    const at = (column: number) => starts[column - 1] ?? current.length
    lines[fix.line - 1] = current.slice(0, at(fix.column)) + fix.text + current.slice(at(fix.endColumn))
    lastLine = fix.line
    lastColumn = fix.column
  }
  return lines.join('\n')
}
