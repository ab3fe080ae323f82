/**
 * From a draft structure to the announcement text, through the line's
 * template. What can be right by construction is: the headline, emoji, link
 * and user action come from the facts, each bullet gets exactly one emoji,
 * and model text cannot add lines. What it cites is checked against the
 * release. Pure.
 */
import type { PlannedCommit } from '../plan-release.ts'
import { type ChangeKind, exclusionOf, kindOf, refOf } from './changes.ts'
import type { DraftStructure } from './draft-structure.ts'
import { type AnnouncementFacts, renderHeadline, slotValues } from './facts.ts'
import type { Finding } from './finding.ts'
import { renderSlots } from './template.ts'
import { graphemes, isEmoji } from './text-geometry.ts'
import type { VoiceOptions } from './voice-options.ts'

export const KIND_EMOJI: Record<ChangeKind, string> = {
  breaking: '💥',
  feature: '✨',
  fix: '🐛',
  performance: '⚡',
  revert: '⏪',
  other: '🛠️',
}

export type Composed = { text: string; structure: DraftStructure; findings: Finding[] }

export function composeAnnouncement(
  draft: DraftStructure,
  facts: AnnouncementFacts,
  commits: readonly PlannedCommit[],
  voice: VoiceOptions,
): Composed {
  const problems: { bullet: number; rule: Finding['rule']; message: string }[] = []
  const bullets = draft.bullets
    .map((b) => ({ ...b, text: stripLeadingEmoji(cleanLine(b.text)) }))
    .filter((b) => b.text !== '')
  const normalised = bullets.map((b, i) => {
    const cited = citedCommits(b, commits, (message, rule) => problems.push({ bullet: i, rule, message }))
    const emoji = singleEmoji(b.emoji) ?? KIND_EMOJI[mainKind(cited)]
    return { ...b, emoji }
  })
  const structure: DraftStructure = {
    summary: cleanLine(draft.summary),
    bullets: normalised,
    breakingNote: draft.breakingNote ? cleanLine(draft.breakingNote) || null : null,
  }
  const text = renderAnnouncement(structure, facts, voice)
  const lines = text.split('\n')
  const findings = problems.map(({ bullet, rule, message }): Finding => {
    const b = structure.bullets[bullet]!
    const index = lines.indexOf(`${b.emoji} ${b.text}`)
    const line = index + 1 || 1
    return {
      rule,
      severity: 'error',
      line,
      column: 1,
      endColumn: graphemes(lines[line - 1] ?? '').length + 1,
      message,
    }
  })
  return { text, structure, findings }
}

/**
 * The template filled in; empty slots leave no blank runs behind. A template
 * line holding the action or the release link is left out when the release
 * has none (no install command known, no release page).
 */
export function renderAnnouncement(s: DraftStructure, facts: AnnouncementFacts, voice: VoiceOptions): string {
  const note = s.breakingNote
    ? `⚠️ ${/^breaking\b/i.test(s.breakingNote) ? s.breakingNote : `Breaking: ${s.breakingNote}`}`
    : ''
  const values = {
    ...slotValues(facts),
    summary: s.summary,
    bullets: s.bullets.map((b) => `${b.emoji} ${b.text}`).join('\n'),
    note,
  }
  const [headline = '', ...rest] = templateFor(facts, voice).split('\n')
  const filled = [renderHeadline(headline, facts, values), renderSlots(rest.join('\n'), values)].join('\n')
  return filled
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The line's template without the lines whose slot the release cannot fill. */
export function templateFor(
  facts: Pick<AnnouncementFacts, 'kind' | 'action' | 'releaseUrl'>,
  voice: VoiceOptions,
): string {
  const absent = [facts.action ? null : '{action}', facts.releaseUrl ? null : '{releaseUrl}'].filter(
    (slot) => slot !== null,
  )
  return voice.templates[facts.kind]
    .split('\n')
    .filter((line) => !absent.some((slot) => line.includes(slot)))
    .join('\n')
}

function citedCommits(
  bullet: DraftStructure['bullets'][number],
  commits: readonly PlannedCommit[],
  problem: (message: string, rule: 'uncited-bullet' | 'unknown-ref' | 'excluded-change') => void,
): PlannedCommit[] {
  const out: PlannedCommit[] = []
  if (bullet.prs.length === 0 && bullet.commits.length === 0)
    problem(`bullet "${bullet.text}" cites no PR or commit of the release`, 'uncited-bullet')
  const refs = [
    ...bullet.prs.map((n) => ({ ref: `#${n}`, match: (c: PlannedCommit) => c.pr === n })),
    ...bullet.commits.map((sha) => ({
      ref: sha,
      match: (c: PlannedCommit) => sha.length >= 7 && c.sha.startsWith(sha.toLowerCase()),
    })),
  ]
  for (const { ref, match } of refs) {
    const found = commits.filter(match)
    if (found.length === 0) {
      problem(`bullet "${bullet.text}" cites ${ref}, which is not in this release`, 'unknown-ref')
      continue
    }
    const excluded = found.map(exclusionOf).find((e) => e !== null)
    if (excluded && found.every((c) => exclusionOf(c) !== null))
      problem(
        `bullet "${bullet.text}" announces ${refOf(found[0]!)}, a ${excluded} change that is never announced`,
        'excluded-change',
      )
    out.push(...found)
  }
  return out
}

const ORDER: ChangeKind[] = ['breaking', 'feature', 'fix', 'performance', 'revert', 'other']

function mainKind(commits: readonly PlannedCommit[]): ChangeKind {
  const kinds = new Set(commits.map(kindOf))
  return ORDER.find((k) => kinds.has(k)) ?? 'other'
}

function singleEmoji(text: string): string | null {
  const clusters = graphemes(text.trim())
  return clusters.length === 1 && isEmoji(clusters[0]!.segment) ? clusters[0]!.segment : null
}

function stripLeadingEmoji(text: string): string {
  let out = text
  for (;;) {
    const first = graphemes(out)[0]
    if (!first || !isEmoji(first.segment)) return out
    out = out.slice(first.segment.length).trimStart()
  }
}

/** Model or commit text on one line: no line breaks, no control or zero-width characters. */
export function cleanLine(text: string): string {
  return text
    .replace(
      /[\u0000-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim()
}
