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
  const model = options.model ?? null
  const maxRepairs = options.maxRepairs ?? 2
  const maxChanges = options.maxChanges ?? 60
  return {
    async draftAnnouncement(request: DraftRequest): Promise<Draft> {
      const voice = request.voice ?? resolveVoice()
      const { facts, commits } = request
      const previousTag = facts.previousVersion
        ? facts.tag.replace(facts.version, facts.previousVersion)
        : null
      const skip = skipReason(commits, previousTag)
      const usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0 }
      const provenance = (source: DraftProvenance['source'], repairs = 0, reason: string | null = null) => ({
        source,
        model: model?.name ?? null,
        ...usage,
        repairs,
        fallbackReason: reason,
      })
      if (skip && !request.announceAnyway)
        return { text: '', structure: null, findings: [], ok: false, provenance: provenance('offline'), skip }

      const offline = (source: 'offline' | 'fallback', repairs = 0, reason: string | null = null): Draft => {
        const composed = composeAnnouncement(draftOffline(facts, commits, voice), facts, commits, voice)
        const findings = [...composed.findings, ...lintAnnouncement(composed.text, facts, voice).findings]
        return {
          text: composed.text,
          structure: composed.structure,
          findings,
          ok: !findings.some((f) => f.severity === 'error'),
          provenance: provenance(source, repairs, reason),
          skip: null,
        }
      }
      if (!model) return offline('offline')

      const input = modelInput(facts, commits, voice, maxChanges)
      let best: ModelDraft | null = null
      let repair: ModelInput['repair']
      let reason = ''
      let repairs = 0
      for (let round = 0; round <= maxRepairs; round++) {
        if (round > 0) repairs = round
        const reply = await model.propose({ ...input, repair })
        usage.calls += reply.usage.calls
        usage.promptTokens += reply.usage.promptTokens
        usage.completionTokens += reply.usage.completionTokens
        if (!reply.ok) {
          reason = `the model ${reply.kind === 'unavailable' ? 'failed' : 'gave no usable draft'}: ${reply.message}`
          if (reply.kind === 'unavailable') break
          repair = { previous: reply.raw ?? '', problems: [reply.message] }
          continue
        }
        const composed = composeAnnouncement(reply.structure, facts, commits, voice)
        const findings = [...composed.findings, ...lintAnnouncement(composed.text, facts, voice).findings]
        const errors = findings.filter((f) => f.severity === 'error')
        if (errors.length === 0) {
          return {
            text: composed.text,
            structure: composed.structure,
            findings,
            ok: true,
            provenance: provenance('model', repairs),
            skip: null,
          }
        }
        const attempt: ModelDraft = { text: composed.text, structure: composed.structure, findings }
        if (!best || better(attempt, best)) best = attempt
        reason = `the model’s draft still broke ${errors.length} rule${errors.length === 1 ? '' : 's'} (${[...new Set(errors.map((f) => f.rule))].join(', ')})`
        repair = { previous: JSON.stringify(reply.structure), problems: describe(findings) }
      }
      // The best attempt rides along, so the reviewer can choose it and fix what is left.
      return { ...offline('fallback', repairs, `${reason}; using the offline draft`), modelDraft: best }
    },
  }
}

/** Fewer errors first, then fewer warnings; a tie keeps the earlier attempt. */
function better(a: ModelDraft, b: ModelDraft): boolean {
  const errors = (d: ModelDraft) => d.findings.filter((f) => f.severity === 'error').length
  const warnings = (d: ModelDraft) => d.findings.length - errors(d)
  return errors(a) - errors(b) < 0 || (errors(a) === errors(b) && warnings(a) < warnings(b))
}

/** What the model is shown: bounded, sanitised, most important first. */
export function modelInput(
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
