/**
 * The config keys of a line's version scheme and range (`scheme`, `calver`,
 * `range`), and the checks across them and `initialVersion`.
 */
import { z } from 'zod'
import { type CalverFormat, parseCalverFormat } from '../core/version-scheme/calver-format.ts'
import { schemeNames, schemeOf } from '../core/version-scheme/index.ts'
import { inRange, parseRange, type VersionRange } from '../core/version-scheme/range.ts'

export const schemeKeys = {
  scheme: z
    .enum(schemeNames)
    .optional()
    .describe(
      'How versions are written and ordered: `semver` (default, 1.2.3-rc.1), `calver` (with `calver`), `pep440` (26.2.0rc2, 1.0.0.post1)',
    ),
  calver: z
    .string()
    .superRefine((text, ctx) => {
      const format = parseCalverFormat(text)
      if (typeof format === 'string') ctx.addIssue({ code: 'custom', message: format })
    })
    .optional()
    .describe(
      'Calendar version format with `scheme: calver` or `pep440`: YYYY.MINOR.MICRO, YY.MINOR.MICRO, YYYY.0M.MICRO (a new year resets MINOR)',
    ),
  range: z
    .string()
    .superRefine((text, ctx) => {
      const range = parseRange(text)
      if (typeof range === 'string') ctx.addIssue({ code: 'custom', message: range })
    })
    .optional()
    .describe(
      'Versions the line may release, like `1.2.x` or `2026.1.x`; tags in it belong to this line, releases leaving it are refused',
    ),
}

type SchemeFields = {
  scheme?: (typeof schemeNames)[number] | undefined
  calver?: string | undefined
  range?: string | undefined
  initialVersion?: string | undefined
  tagPrefix: string
}

/** The checks across a line's scheme keys, each one message saying what to change. */
export function checkLineScheme(line: SchemeFields, ctx: z.RefinementCtx): void {
  const problem = lineSchemeProblem(line)
  // The key's own value is what the message quotes (never the whole line).
  if (problem)
    ctx.addIssue({ code: 'custom', path: [problem.key], message: problem.message, input: line[problem.key] })
}

type Problem = { key: 'calver' | 'range' | 'initialVersion'; message: string } | null

function lineSchemeProblem(line: SchemeFields): Problem {
  const scheme = line.scheme ?? 'semver'
  const format = line.calver === undefined ? null : parseCalverFormat(line.calver)
  const range = line.range === undefined ? null : parseRange(line.range)
  // A bad format or range is reported by its own key.
  if (typeof format === 'string' || typeof range === 'string') return null
  const calver = (message: string): Problem => ({ key: 'calver', message })
  if (format && scheme === 'semver')
    return calver('a calver format needs `scheme: calver` (or `scheme: pep440` for 26.2.0rc1-style versions)')
  if (!format && scheme === 'calver')
    return calver(
      'scheme calver needs a format: add `calver: YYYY.MINOR.MICRO` (or YY.MINOR.MICRO, YYYY.0M.MICRO)',
    )
  if (format && scheme === 'pep440' && (format.year === '0Y' || format.second === '0M'))
    return calver('PEP 440 writes numbers without leading zeros: use YY instead of 0Y and MM instead of 0M')
  const rangeProblem = range && format ? calverRangeProblem(range, format) : null
  if (rangeProblem) return { key: 'range', message: rangeProblem }
  return line.initialVersion === undefined ? null : initialVersionProblem(line, line.initialVersion, range)
}

function initialVersionProblem(line: SchemeFields, text: string, range: VersionRange | null): Problem {
  const versions = schemeOf({ ...line, otherRanges: [] })
  const initial = versions.parse(text)
  if (!initial)
    return {
      key: 'initialVersion',
      message:
        versions.name === 'semver'
          ? 'expected a semantic version like 1.0.0'
          : `expected a ${versions.name} version like ${versions.example}`,
    }
  if (range && !inRange(range, versions.release(initial)))
    return {
      key: 'initialVersion',
      message: `${initial} is outside the line's range ${range.text}: pick a version in it`,
    }
  return null
}

function calverRangeProblem(range: VersionRange, format: CalverFormat): string | null {
  const [year, second] = range.fixed
  const fourDigits = year !== undefined && year >= 1000 && year <= 9999
  if (year !== undefined && (format.year === 'YYYY') !== fourDigits)
    return `range "${range.text}" does not fit calver ${format.text}: it starts with the year as the format writes it, like ${format.year === 'YYYY' ? '2026' : '26'}.1.x`
  if (second !== undefined && format.second !== 'MINOR' && (second < 1 || second > 12))
    return `range "${range.text}" does not fit calver ${format.text}: its second number is a month, 1 to 12`
  return null
}

/** Two lines of one tag prefix whose ranges overlap would both take a tag: refused. */
export function checkRangeOverlaps(
  lines: readonly { name: string; tagPrefix: string; range?: string | undefined }[],
  ctx: z.RefinementCtx,
): void {
  const ranged = lines.flatMap((line, i) => {
    const range = line.range === undefined ? null : parseRange(line.range)
    return range && typeof range !== 'string' ? [{ line, i, range }] : []
  })
  for (const [k, b] of ranged.entries()) {
    const a = ranged
      .slice(0, k)
      .find((a) => a.line.tagPrefix === b.line.tagPrefix && overlap(a.range, b.range))
    if (a)
      ctx.addIssue({
        code: 'custom',
        path: [b.i, 'range'],
        input: b.line.range,
        message: `range ${b.range.text} overlaps line "${a.line.name}"'s range ${a.range.text} under the same tag prefix "${b.line.tagPrefix}": a tag belongs to one line; narrow one of the ranges`,
      })
  }
}

function overlap(a: VersionRange, b: VersionRange): boolean {
  return a.fixed.every((n, i) => i >= b.fixed.length || b.fixed[i] === n)
}
