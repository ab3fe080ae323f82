/** A new revision of an announcement draft: its text, hash, author, and the linter's findings on it. */
import type { AnnouncementFacts } from '../../core/voice/facts.ts'
import type { Finding } from '../../core/voice/finding.ts'
import { lintAnnouncement } from '../../core/voice/lint-announcement.ts'
import type { VoiceOptions } from '../../core/voice/voice-options.ts'
import type { Drafter } from '../../ports/drafter.ts'
import type { ReleaseFinder } from '../find-release.ts'
import { hashText } from '../signoff/signoff-log.ts'
import type { Who } from '../signoff/who.ts'
import type { Revision } from './announce-record.ts'
import { findAnnounced } from './announce-together.ts'

/** The voice linter a flow runs (default `lintAnnouncement`); the post gate runs whatever it says. */
export type Linter = (text: string, facts: AnnouncementFacts, voice: VoiceOptions) => { findings: Finding[] }

/** What a revision is made of: its text, where it came from, and findings the linter alone cannot see. */
export type Produced = {
  text: string
  provenance: Revision['provenance']
  /** The model's best attempt beside a fallback draft. */
  modelDraft?: { text: string; findings: Finding[] } | null | undefined
  /** Findings to keep on top of the linter's (the drafter's composition errors). */
  carried?: readonly Finding[] | undefined
  /** Said in the audit log after `rev N`. */
  detail?: string | undefined
}

export type RevisionInput = {
  n: number
  source: Revision['source']
  by: Who
  at: Date
  facts: AnnouncementFacts
  voice: VoiceOptions
  lint?: Linter | undefined
}

export function makeRevision(input: RevisionInput, produced: Produced): Revision {
  const lint = (t: string, carried: readonly Finding[] = []) =>
    mergeFindings((input.lint ?? lintAnnouncement)(t, input.facts, input.voice).findings, carried)
  const model = produced.modelDraft
  return {
    n: input.n,
    text: produced.text,
    hash: hashText(produced.text),
    source: input.source,
    by: input.by,
    at: input.at.toISOString(),
    // The drafter's findings ride along (composition errors the text cannot show), never fewer.
    findings: lint(produced.text, produced.carried),
    provenance: produced.provenance,
    ...(model ? { modelDraft: { text: model.text, findings: lint(model.text, model.findings) } } : {}),
  }
}

/** `a` plus whatever of `b` it does not already report. */
function mergeFindings(a: Finding[], b: readonly Finding[]): Finding[] {
  const key = (f: Finding) => `${f.rule}:${f.line}:${f.column}:${f.message}`
  const seen = new Set(a.map(key))
  return [...a, ...b.filter((f) => !seen.has(key(f)))]
}

/** **Regenerate**: the release (or releases, `v0.12.4,v2026.1.4`) found again and drafted again, announced even where the skip policy would not. */
export async function redraft(
  deps: { finder: ReleaseFinder; drafter: Drafter; voice: VoiceOptions },
  tag: string,
): Promise<Produced | { error: string }> {
  const found = await findAnnounced(deps.finder, tag)
  if (!found.ok) return { error: found.message }
  const draft = await deps.drafter.draftAnnouncement({
    facts: found.facts,
    commits: found.commits,
    voice: deps.voice,
    announceAnyway: true,
  })
  return { text: draft.text, provenance: draft.provenance, modelDraft: draft.modelDraft }
}

/**
 * "Use the model's draft": the model's best attempt kept beside a fallback
 * revision, with its findings carried, so it cannot be approved while it has
 * errors.
 */
export function keptModelDraft(rev: Revision): Produced | { error: string } {
  if (!rev.modelDraft) return { error: 'This revision has no model draft to use: Edit or Regenerate it.' }
  const provenance = rev.provenance && { ...rev.provenance, source: 'model' as const, fallbackReason: null }
  return {
    text: rev.modelDraft.text,
    provenance,
    carried: rev.modelDraft.findings,
    detail: `the model's draft kept beside rev ${rev.n}`,
  }
}
