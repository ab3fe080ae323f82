/**
 * Every rule of the voice linter: id, default severity, and what it checks.
 * Safety rules are always errors; `voice.rules` in the config cannot change them.
 * docs/announcements.md ("Rules") lists the same table.
 */
import type { Severity } from './finding.ts'

export type RuleInfo = { severity: Severity; safety: boolean; summary: string }

const rule = (severity: Severity, summary: string, safety = false): RuleInfo => ({
  severity,
  safety,
  summary,
})

export const RULES = {
  'mass-mention': rule('error', '@everyone, @here, <!channel>, <!here>, <!subteam^…>, <@id>, <@&id>', true),
  'foreign-link': rule('error', 'a link other than the release URL and voice.linkDomains', true),
  'wrong-release-link': rule('error', 'a release link that is not this release’s URL', true),
  'wrong-version': rule('error', 'a version that is not this release’s (or the previous one)', true),
  'too-long': rule('error', 'more characters than the target allows (Discord 2,000)', true),
  'hidden-character': rule('error', 'control, zero-width or bidi characters outside emoji', true),
  'first-person': rule('error', '"we", not "I" (I, me, my, mine)'),
  hedge: rule('error', 'hedge words: should, might, hopefully, kind of, we think, maybe …'),
  marketing: rule('error', 'marketing words: supercharge, unleash, seamless, game-changing …'),
  'internal-term': rule('error', 'a name from voice.internalTerms'),
  'ticket-id': rule('error', 'an issue-tracker id such as OPS-42'),
  'file-path': rule('error', 'a repository file path such as backend/cli/_version.py'),
  'long-sentence': rule('warning', 'a sentence longer than voice.limits.sentenceWords words'),
  length: rule('warning', 'more body lines than the bump allows (~3 patch, ~8 minor, ~12 major)'),
  'headline-emoji': rule('error', '🐛 fix-only, 🎉 milestone (1.0.0, 2.0.0 …), 🚀 otherwise'),
  'headline-product': rule('error', 'the headline names the product'),
  'headline-version': rule('error', 'the headline names this version'),
  'headline-wording': rule('warning', 'the headline as the template writes it'),
  'release-link': rule('error', 'the release URL is present'),
  'user-action': rule('error', 'the upgrade command or the rollout sentence is present'),
  'bullet-emoji-count': rule('error', 'one emoji per bullet'),
  'bullet-missing-emoji': rule('warning', 'a bullet starts with its emoji'),
  'emoji-run': rule('error', 'never two emoji in a row'),
  'emoji-only-bullet': rule('error', 'never an emoji-only bullet'),
  'uncited-bullet': rule('error', 'every bullet cites a PR or commit of the release'),
  'unknown-ref': rule('error', 'a cited PR or commit is not in the release'),
  'excluded-change': rule('error', 'docs, CI and dependency-bot changes are never announced'),
  'invalid-draft': rule('error', 'the model’s answer was not a valid draft structure'),
} satisfies Record<string, RuleInfo>

export type RuleId = keyof typeof RULES

/** The severity a rule reports with under the project's overrides; null when turned off. */
export function severityOf(id: RuleId, overrides: Record<string, Severity | 'off'>): Severity | null {
  const info: RuleInfo = RULES[id]
  if (info.safety) return 'error'
  const override = overrides[id]
  if (override === 'off') return null
  return override ?? info.severity
}
