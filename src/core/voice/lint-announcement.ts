/**
 * The voice linter: checks an announcement against the release's facts and
 * the project's voice rules. Pure; the same function lints a model's draft, an
 * offline draft and a person's edit.
 */
import type { AnnouncementFacts } from './facts.ts'
import { type Finding, hasErrors, type LintReport, sortFindings } from './finding.ts'
import { collector, readDocument } from './lint-document.ts'
import { lintProse } from './prose-rules.ts'
import { lintSafety } from './safety-rules.ts'
import { lintShape } from './shape-rules.ts'
import { resolveVoice, type VoiceOptions } from './voice-options.ts'

export function lintAnnouncement(
  text: string,
  facts: AnnouncementFacts,
  voice: VoiceOptions = resolveVoice(),
): LintReport {
  const doc = readDocument(text, facts, voice)
  const { report, findings } = collector(voice)
  lintSafety(doc, report)
  lintShape(doc, report)
  lintProse(doc, report)
  const sorted = sortFindings(dedupe(findings))
  return { ok: !hasErrors(sorted), findings: sorted }
}

/** One finding per rule and range (a phrase can match two overlapping patterns). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.rule}:${f.line}:${f.column}:${f.endColumn}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** `file:line:column: severity message [rule]` lines, for people. */
export function renderFindings(findings: readonly Finding[], file = '<text>'): string {
  return findings
    .map(
      (f) =>
        `${file}:${f.line}:${f.column}: ${f.severity} ${f.message} [${f.rule}]${f.fix ? ' (fixable)' : ''}`,
    )
    .join('\n')
}
