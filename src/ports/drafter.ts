/**
 * The drafter port: turn a release into an announcement draft that has been
 * linted against the voice rules. The offline drafter and the LLM drafter
 * (with its repair loop and offline fallback) both implement `Drafter`; the
 * announce flow calls it, shows `text` + `findings`, and re-lints a human
 * edit with `lintAnnouncement` from `src/core/voice/lint-announcement.ts`.
 */
import type { PlannedCommit } from '../core/plan-release.ts'
import type { DraftStructure } from '../core/voice/draft-structure.ts'
import type { AnnouncementFacts } from '../core/voice/facts.ts'
import type { Finding } from '../core/voice/finding.ts'
import type { VoiceOptions } from '../core/voice/voice-options.ts'

export type DraftRequest = {
  facts: AnnouncementFacts
  /** The release's commits, as the planner lists them (`plan.commits`). */
  commits: readonly PlannedCommit[]
  /** Resolved voice rules (`resolveVoice(config.voice)`); defaults when omitted. */
  voice?: VoiceOptions | undefined
  /** Draft even when the skip policy says the release is not worth announcing. */
  announceAnyway?: boolean | undefined
}

/** Why a release is not announced by default: only docs, only CI or tooling, or no change at all. */
export type SkipReason = { code: 'docs-only' | 'tooling-only' | 'no-changes'; reason: string }

export type DraftProvenance = {
  /** `model`: the LLM's draft; `offline`: the template drafter; `fallback`: offline after the LLM failed. */
  source: 'model' | 'offline' | 'fallback'
  /** Model name when one was asked. */
  model: string | null
  /** HTTP requests made to the model (retries included). */
  calls: number
  promptTokens: number
  completionTokens: number
  /** Correction rounds after the first answer (at most 2). */
  repairs: number
  /** Why the LLM's draft was not used, for the reviewer (fallback only). */
  fallbackReason: string | null
}

export type Draft = {
  /** The composed announcement; empty when skipped. */
  text: string
  /** What the text was composed from; null when skipped. */
  structure: DraftStructure | null
  findings: Finding[]
  /** No error findings and not skipped: may be offered for sign-off. */
  ok: boolean
  provenance: DraftProvenance
  /** Set when the skip policy holds and `announceAnyway` was not given. */
  skip: SkipReason | null
  /**
   * Fallback only: the model's best attempt (fewest errors, then fewest
   * warnings) with its findings, so the reviewer can choose it over the
   * offline text and fix it. Never `ok`: an error-free attempt is the draft.
   */
  modelDraft?: ModelDraft | null | undefined
}

/** A model attempt the linter rejected, kept for the reviewer. */
export type ModelDraft = { text: string; structure: DraftStructure; findings: Finding[] }

export interface Drafter {
  draftAnnouncement(request: DraftRequest): Promise<Draft>
}

/** What the model is shown: facts, the announceable changes (sanitised), and earlier findings to repair. */
export type ModelInput = {
  facts: AnnouncementFacts
  changes: ModelChange[]
  /** Changes left out to keep the prompt bounded. */
  omitted: number
  /** Body lines the draft should stay within (summary + bullets + note). */
  maxBodyLines: number
  /** Set on a repair round: the previous answer and what was wrong with it. */
  repair?: { previous: string; problems: string[] } | undefined
}

export type ModelChange = {
  /** `#123` for a pull request, else a short sha. */
  ref: string
  kind: 'breaking' | 'feature' | 'fix' | 'performance' | 'revert' | 'other'
  /** Sanitised title: no control or zero-width characters, links or mentions; length-capped. */
  title: string
}

export type ModelUsage = { calls: number; promptTokens: number; completionTokens: number }

export type ModelReply =
  | { ok: true; structure: DraftStructure; raw: string; usage: ModelUsage }
  /**
   * `invalid`: the model answered but not with a usable structure (junk, schema
   * violation, refusal, cut off): worth a repair round. `unavailable`: the
   * service failed (timeout, 5xx after retries, auth): fall back at once.
   */
  | { ok: false; kind: 'invalid' | 'unavailable'; message: string; raw: string | null; usage: ModelUsage }

/** The LLM seam: one structured answer per call. Implemented by the OpenAI adapter. */
export interface DraftModel {
  readonly name: string
  propose(input: ModelInput): Promise<ModelReply>
}
