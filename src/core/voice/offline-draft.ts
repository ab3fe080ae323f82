/**
 * The offline drafter: a deterministic draft from the release's categorised
 * changes, no model involved. Used without `OPENAI_API_KEY` and as the
 * fallback when the model fails. Its drafts pass the linter: commit subjects
 * are sanitised, and a bullet that would still trip an error rule (an
 * internal name, a hedge in a commit subject) is folded into the "more
 * changes" line instead of being shown. Pure.
 */
import type { PlannedCommit } from '../plan-release.ts'
import { type ChangeKind, isAnnounceable, kindOf, sanitiseTitle } from './changes.ts'
import { composeAnnouncement, KIND_EMOJI } from './compose-announcement.ts'
import type { DraftBullet, DraftStructure } from './draft-structure.ts'
import type { AnnouncementFacts } from './facts.ts'
import { lintAnnouncement } from './lint-announcement.ts'
import type { VoiceOptions } from './voice-options.ts'

const ORDER: ChangeKind[] = ['breaking', 'feature', 'fix', 'performance', 'revert', 'other']
const NOUNS: Record<ChangeKind, [string, string]> = {
  breaking: ['breaking change', 'breaking changes'],
  feature: ['new feature', 'new features'],
  fix: ['fix', 'fixes'],
  performance: ['performance improvement', 'performance improvements'],
  revert: ['revert', 'reverts'],
  other: ['other change', 'other changes'],
}

/** Announceable changes, most important first, one per PR. */
export function rankChanges(commits: readonly PlannedCommit[]): PlannedCommit[] {
  const seen = new Set<number>()
  const out: PlannedCommit[] = []
  for (const kind of ORDER)
    for (const c of commits) {
      if (!isAnnounceable(c) || kindOf(c) !== kind) continue
      if (c.pr !== null) {
        if (seen.has(c.pr)) continue
        seen.add(c.pr)
      }
      out.push(c)
    }
  return out
}

export function draftOffline(
  facts: AnnouncementFacts,
  commits: readonly PlannedCommit[],
  voice: VoiceOptions,
): DraftStructure {
  const ranked = rankChanges(commits)
  const breaking = ranked.filter((c) => c.breaking)
  const note = breaking.length ? breakingNote(breaking) : null
  // Body lines: the summary, the bullets, the note.
  const room = Math.max(1, voice.limits[facts.bump] - 1 - (note ? 1 : 0))
  const candidates = ranked.map(toBullet).filter((b) => b.text !== '')
  const safe = candidates.filter((b) => bulletIsClean(b, facts, commits, voice))
  let shown = safe.slice(0, room)
  if (shown.length < ranked.length) {
    // Whatever is not shown is counted in one last bullet, so nothing is silently dropped.
    if (shown.length >= room) shown = shown.slice(0, room - 1)
    const rest = ranked.filter((c) => !shown.some((b) => cites(b, c)))
    if (rest.length > 0) shown = [...shown, moreBullet(rest)]
  }
  return { summary: summaryOf(ranked), bullets: shown, breakingNote: note }
}

function toBullet(c: PlannedCommit): DraftBullet {
  const title = sanitiseTitle(c.subject, 100).replace(/[.;:,]+$/, '')
  const text = title.charAt(0).toUpperCase() + title.slice(1)
  return {
    emoji: KIND_EMOJI[kindOf(c)],
    text,
    prs: c.pr !== null ? [c.pr] : [],
    commits: c.pr !== null ? [] : [c.sha.slice(0, 7)],
  }
}

function cites(b: DraftBullet, c: PlannedCommit): boolean {
  return c.pr !== null ? b.prs.includes(c.pr) : b.commits.some((s) => c.sha.startsWith(s))
}

function moreBullet(rest: readonly PlannedCommit[]): DraftBullet {
  const n = rest.length
  return {
    emoji: '➕',
    text: `${n} more ${n === 1 ? 'change' : 'changes'} in the full notes`,
    prs: rest.flatMap((c) => (c.pr !== null ? [c.pr] : [])),
    commits: rest.flatMap((c) => (c.pr === null ? [c.sha.slice(0, 7)] : [])),
  }
}

/** Would this bullet, alone in a draft, trip an error rule on its own line? */
function bulletIsClean(
  bullet: DraftBullet,
  facts: AnnouncementFacts,
  commits: readonly PlannedCommit[],
  voice: VoiceOptions,
): boolean {
  const probe = composeAnnouncement(
    { summary: 'Probe.', bullets: [bullet], breakingNote: null },
    facts,
    commits,
    voice,
  )
  const line =
    probe.text
      .split('\n')
      .indexOf(`${probe.structure.bullets[0]?.emoji} ${probe.structure.bullets[0]?.text}`) + 1
  if (line === 0 || probe.findings.length > 0) return false
  const report = lintAnnouncement(probe.text, facts, voice)
  return !report.findings.some((f) => f.severity === 'error' && f.line === line)
}

function summaryOf(ranked: readonly PlannedCommit[]): string {
  if (ranked.length === 0) return 'This release carries maintenance work only; nothing changes for users.'
  const counts = new Map<ChangeKind, number>()
  for (const c of ranked) counts.set(kindOf(c), (counts.get(kindOf(c)) ?? 0) + 1)
  const parts = ORDER.filter((k) => counts.has(k)).map((k) => {
    const n = counts.get(k)!
    return `${n} ${NOUNS[k][n === 1 ? 0 : 1]}`
  })
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
  return `This release brings ${list}.`
}

function breakingNote(breaking: readonly PlannedCommit[]): string {
  const first = breaking[0]!
  const what = sanitiseTitle(first.breakingNotes.find((n) => n.trim()) ?? first.subject, 160).replace(
    /[.]+$/,
    '',
  )
  const more = breaking.length > 1 ? ` (and ${breaking.length - 1} more; see the full notes)` : ''
  return `${what}${more}.`
}
