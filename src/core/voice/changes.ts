/**
 * Which changes of a release may be announced, whether the release is worth
 * announcing at all, and how commit text is made safe to show a model or a
 * channel. Pure.
 *
 * Dependency-bot PRs and `ignore-for-release` are excluded from notes; docs-only, CI/tooling-only and re-tags without changes
 * are not announced.
 */
import type { PlannedCommit } from '../plan-release.ts'

export type ChangeKind = 'breaking' | 'feature' | 'fix' | 'performance' | 'revert' | 'other'
export type SkipCode = 'docs-only' | 'tooling-only' | 'no-changes'

const DOCS_TYPES = new Set(['docs', 'doc'])
const TOOLING_TYPES = new Set(['chore', 'ci', 'build', 'test', 'tests', 'style', 'refactor', 'deps'])
const BOT_AUTHOR = /\b(dependabot|renovate|github-actions|greenkeeper|snyk-bot|pre-commit-ci)\b/i
const MERGE_HEADER = /^Merge (pull request|branch|remote-tracking branch) /

type Commit = Pick<PlannedCommit, 'type' | 'scope' | 'breaking' | 'author' | 'header'>

/** Why a commit is never announced, or null when it may be. */
export function exclusionOf(c: Commit): 'docs' | 'tooling' | 'dependencies' | 'merge' | null {
  if (MERGE_HEADER.test(c.header)) return 'merge'
  if (BOT_AUTHOR.test(c.author) || c.scope === 'deps' || c.scope === 'deps-dev') return 'dependencies'
  if (c.breaking) return null
  if (c.type !== null && DOCS_TYPES.has(c.type)) return 'docs'
  if (c.type !== null && TOOLING_TYPES.has(c.type)) return 'tooling'
  return null
}

export function isAnnounceable(c: Commit): boolean {
  return exclusionOf(c) === null
}

export function kindOf(c: Pick<PlannedCommit, 'type' | 'breaking'>): ChangeKind {
  if (c.breaking) return 'breaking'
  switch (c.type) {
    case 'feat':
    case 'feature':
      return 'feature'
    case 'fix':
      return 'fix'
    case 'perf':
      return 'performance'
    case 'revert':
      return 'revert'
    default:
      return 'other'
  }
}

/** The reason not to announce, or null. A person may still announce anyway. */
export function skipReason(
  commits: readonly Commit[],
  previousTag: string | null,
): { code: SkipCode; reason: string } | null {
  const real = commits.filter((c) => !MERGE_HEADER.test(c.header))
  if (real.length === 0)
    return {
      code: 'no-changes',
      reason: `re-tag with no changes${previousTag ? ` since ${previousTag}` : ''}: nothing for users to act on`,
    }
  if (real.some(isAnnounceable)) return null
  const reasons = new Set(real.map(exclusionOf))
  if (reasons.size === 1 && reasons.has('docs'))
    return { code: 'docs-only', reason: `docs-only release (${count(real.length, 'docs commit')})` }
  return {
    code: 'tooling-only',
    reason: `internal CI/tooling only (${count(real.length, 'commit')} of docs, CI, tooling or dependency updates)`,
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

/** The reference a bullet cites for a commit: its PR, else its short sha. */
export function refOf(c: Pick<PlannedCommit, 'pr' | 'sha'>): string {
  return c.pr !== null ? `#${c.pr}` : c.sha.slice(0, 7)
}

// Control characters (but tab), zero-width and bidi controls. ZWJ is kept
// only where it joins emoji, which titles do not need: strip it too.
const INVISIBLE =
  /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g
const LINKISH = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+|<[^>\s]*[|:][^>]*>|\[([^\]]*)\]\([^)]*\)/gi
const MENTION = /@(?=(everyone|here|channel)\b)|<[@#!][^>]*>/gi

/**
 * A commit subject or PR title made into inert data: invisible characters
 * stripped, links removed (a markdown link keeps its label), mentions
 * disarmed, `<`/`>` dropped so it cannot close a delimiter, whitespace
 * collapsed, and the length capped.
 */
export function sanitiseTitle(text: string, maxLength = 120): string {
  const clean = text
    .replace(INVISIBLE, ' ')
    .replace(LINKISH, (_m, label: string | undefined) => (label ? label : ' '))
    .replace(MENTION, '')
    .replace(/[<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if ([...clean].length <= maxLength) return clean
  return `${[...clean]
    .slice(0, maxLength - 1)
    .join('')
    .trimEnd()}…`
}
