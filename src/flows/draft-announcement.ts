/**
 * The drafter: skip policy, then the model's structure composed and linted,
 * repaired at most twice with the findings, and the offline draft as the
 * fallback (marked as such for the reviewer, with the model's best attempt
 * beside it). Without a model it is the
 * offline drafter. Talks to the model only through the `DraftModel` port.
 */
import type { PlannedCommit } from '../core/plan-release.ts'
import { kindOf, refOf, sanitiseTitle, skipReason } from '../core/voice/changes.ts'
import { composeAnnouncement } from '../core/voice/compose-announcement.ts'
import type { AnnouncementFacts } from '../core/voice/facts.ts'
import type { Finding } from '../core/voice/finding.ts'
import { lintAnnouncement } from '../core/voice/lint-announcement.ts'
import { draftOffline, rankChanges } from '../core/voice/offline-draft.ts'
import { resolveVoice, type VoiceOptions } from '../core/voice/voice-options.ts'
import type {
  Draft,
  Drafter,
  DraftModel,
  DraftProvenance,
  DraftRequest,
  ModelDraft,
  ModelInput,
  ModelUsage,
} from '../ports/drafter.ts'

export type DrafterOptions = {
  /** The LLM; null for the offline drafter. */
  model?: DraftModel | null | undefined
  /** Correction rounds after the first answer (default 2). */
  maxRepairs?: number | undefined
  /** Changes shown to the model, most important first; the rest are counted (default 60). */
  maxChanges?: number | undefined
}

export function createDrafter(options: DrafterOptions = {}): Drafter {
  const settings: Settings = {
    model: options.model ?? null,
    maxRepairs: options.maxRepairs ?? 2,
    maxChanges: options.maxChanges ?? 60,
  }
  return { draftAnnouncement: (request) => draftAnnouncement(settings, request) }
}

type Settings = { model: DraftModel | null; maxRepairs: number; maxChanges: number }

/** One draft: what the drafting needs, and the model usage it adds up. */
type Drafting = {
  facts: AnnouncementFacts
  commits: DraftRequest['commits']
  voice: VoiceOptions
  usage: ModelUsage
}

async function draftAnnouncement(s: Settings, request: DraftRequest): Promise<Draft> {
  const { facts, commits } = request
  const d: Drafting = {
    facts,
    commits,
    voice: request.voice ?? resolveVoice(),
    usage: { calls: 0, promptTokens: 0, completionTokens: 0 },
  }
  const provenance = (source: DraftProvenance['source'], repairs = 0, reason: string | null = null) => ({
    source,
    model: s.model?.name ?? null,
    ...d.usage,
    repairs,
    fallbackReason: reason,
  })
  const previousTag = facts.previousVersion ? facts.tag.replace(facts.version, facts.previousVersion) : null
  const skip = skipReason(commits, previousTag)
  if (skip && !request.announceAnyway)
    return { text: '', structure: null, findings: [], ok: false, provenance: provenance('offline'), skip }
  if (!s.model) return { ...offlineDraft(d), provenance: provenance('offline') }
  const rounds = await modelRounds(s.model, s, d)
  if (rounds.draft) return { ...rounds.draft, provenance: provenance('model', rounds.repairs) }
  const fallback = provenance('fallback', rounds.repairs, `${rounds.reason}; using the offline draft`)
  // The best attempt rides along, so the reviewer can choose it and fix what is left.
  return { ...offlineDraft(d), provenance: fallback, modelDraft: rounds.best }
}

/** The template drafter's announcement, composed and linted. */
function offlineDraft(d: Drafting): Omit<Draft, 'provenance'> {
  const composed = composeAnnouncement(draftOffline(d.facts, d.commits, d.voice), d.facts, d.commits, d.voice)
  const findings = [...composed.findings, ...lintAnnouncement(composed.text, d.facts, d.voice).findings]
  return {
    text: composed.text,
    structure: composed.structure,
    findings,
    ok: !findings.some((f) => f.severity === 'error'),
    skip: null,
  }
}

type Rounds = {
  /** A lint-clean model draft, or null. */
  draft: Omit<Draft, 'provenance'> | null
  repairs: number
  /** Why no model draft was accepted. */
  reason: string
  best: ModelDraft | null
}

/** Asks the model, then asks it to repair what the linter found, at most `maxRepairs` times. */
async function modelRounds(model: DraftModel, s: Settings, d: Drafting): Promise<Rounds> {
  const input = modelInput(d.facts, d.commits, d.voice, s.maxChanges)
  const out: Rounds = { draft: null, repairs: 0, reason: '', best: null }
  let repair: ModelInput['repair']
  for (let round = 0; round <= s.maxRepairs; round++) {
    if (round > 0) out.repairs = round
    const reply = await model.propose({ ...input, repair })
    d.usage.calls += reply.usage.calls
    d.usage.promptTokens += reply.usage.promptTokens
    d.usage.completionTokens += reply.usage.completionTokens
    if (!reply.ok) {
      out.reason = `the model ${reply.kind === 'unavailable' ? 'failed' : 'gave no usable draft'}: ${reply.message}`
      if (reply.kind === 'unavailable') break
      repair = { previous: reply.raw ?? '', problems: [reply.message] }
      continue
    }
    const composed = composeAnnouncement(reply.structure, d.facts, d.commits, d.voice)
    const findings = [...composed.findings, ...lintAnnouncement(composed.text, d.facts, d.voice).findings]
    const errors = findings.filter((f) => f.severity === 'error')
    if (errors.length === 0) {
      out.draft = { text: composed.text, structure: composed.structure, findings, ok: true, skip: null }
      return out
    }
    const attempt: ModelDraft = { text: composed.text, structure: composed.structure, findings }
    if (!out.best || better(attempt, out.best)) out.best = attempt
    out.reason = `the model’s draft still broke ${errors.length} rule${errors.length === 1 ? '' : 's'} (${[...new Set(errors.map((f) => f.rule))].join(', ')})`
    repair = { previous: JSON.stringify(reply.structure), problems: describe(findings) }
  }
  return out
}

/** Fewer errors first, then fewer warnings; a tie keeps the earlier attempt. */
function better(a: ModelDraft, b: ModelDraft): boolean {
  const errors = (d: ModelDraft) => d.findings.filter((f) => f.severity === 'error').length
  const warnings = (d: ModelDraft) => d.findings.length - errors(d)
  return errors(a) - errors(b) < 0 || (errors(a) === errors(b) && warnings(a) < warnings(b))
}

/** What the model is shown: bounded, sanitised, most important first. */
function modelInput(
  facts: AnnouncementFacts,
  commits: readonly PlannedCommit[],
  voice: VoiceOptions,
  maxChanges: number,
): ModelInput {
  const ranked = rankChanges(commits)
  const shown = ranked.slice(0, maxChanges)
  return {
    facts,
    changes: shown.map((c) => ({ ref: refOf(c), kind: kindOf(c), title: sanitiseTitle(c.subject) })),
    omitted: ranked.length - shown.length,
    maxBodyLines: voice.limits[facts.bump],
  }
}

function describe(findings: readonly Finding[]): string[] {
  return findings.map((f) => `line ${f.line}, column ${f.column}: ${f.message} [${f.rule}, ${f.severity}]`)
}
