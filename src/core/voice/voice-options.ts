/**
 * The voice rules' data: word lists, limits, templates and severities, with
 * Herald's defaults (docs/announcements.md, "The voice rules") and a project's
 * overrides from `voice:` in the config. Pure.
 */
import type { Severity } from './finding.ts'

/** A phrase a word rule looks for; `delete` when removing it leaves a sound sentence. */
export type Phrase = {
  text: string
  fix?: 'delete' | undefined
  /** Not a match after these words ("every kind of" is no hedge). */
  notAfter?: string[] | undefined
}

const DETERMINERS = [
  'a',
  'an',
  'the',
  'this',
  'that',
  'what',
  'which',
  'any',
  'every',
  'each',
  'some',
  'one',
  'no',
  'same',
]

export type Limits = {
  /** About how many body lines (summary, bullets, note) each kind of release gets. */
  patch: number
  minor: number
  major: number
  /** Words in a sentence before it counts as long. */
  sentenceWords: number
  /** Characters the post may have; the target's own limit applies when lower. */
  maxChars: number | null
}

export type Templates = { cli: string; platform: string }

export type VoiceOptions = {
  hedges: Phrase[]
  marketing: Phrase[]
  internalTerms: string[]
  /** Ticket-like prefixes that are not tickets (UTF-8, SHA-256). */
  notTickets: string[]
  linkDomains: string[]
  limits: Limits
  templates: Templates
  /** Per-rule severity overrides; safety rules ignore them. */
  severities: Record<string, Severity | 'off'>
}

/** The `voice:` section of the config, as validated. */
export type VoiceConfig = {
  internalTerms?: string[] | undefined
  extraHedges?: string[] | undefined
  extraMarketing?: string[] | undefined
  allow?: string[] | undefined
  linkDomains?: string[] | undefined
  limits?: Partial<Limits> | undefined
  templates?: Partial<Templates> | undefined
  rules?: Record<string, Severity | 'off'> | undefined
}

// Hedges: should, might, hopefully, "kind of", "we think" and the like. Modal
// verbs get no automatic fix: deleting them breaks the sentence.
export const DEFAULT_HEDGES: Phrase[] = [
  { text: 'should' },
  { text: 'might' },
  { text: 'hopefully', fix: 'delete' },
  { text: 'kind of', fix: 'delete', notAfter: DETERMINERS },
  { text: 'sort of', fix: 'delete', notAfter: DETERMINERS },
  { text: 'we think', fix: 'delete' },
  { text: 'we believe', fix: 'delete' },
  { text: 'I think', fix: 'delete' },
  { text: 'maybe', fix: 'delete' },
  { text: 'perhaps', fix: 'delete' },
  { text: 'probably', fix: 'delete' },
  { text: 'possibly', fix: 'delete' },
  { text: 'somewhat', fix: 'delete' },
  { text: 'arguably', fix: 'delete' },
  { text: 'seems to' },
  { text: 'more or less', fix: 'delete' },
]

const marketingWords = [
  'revolutionize',
  'revolutionizes',
  'revolutionary',
  'supercharge',
  'supercharges',
  'supercharged',
  'unleash',
  'unleashes',
  'empower',
  'empowers',
  'elevate',
  'elevates',
  'leverage',
  'leverages',
  'game-changing',
  'game changer',
  'cutting-edge',
  'best-in-class',
  'world-class',
  'next-generation',
  'groundbreaking',
  'seamless',
  'seamlessly',
  'blazing fast',
  'blazingly fast',
  'lightning fast',
  'effortless',
  'effortlessly',
  'unlock',
  'unlocks',
  'amazing',
  'awesome',
  'incredible',
  'stunning',
  'magical',
  'delightful',
  'synergy',
]
export const DEFAULT_MARKETING: Phrase[] = marketingWords.map((text) => ({ text }))

export const DEFAULT_NOT_TICKETS = [
  'UTF',
  'SHA',
  'ISO',
  'CVE',
  'RFC',
  'AES',
  'HTTP',
  'TLS',
  'IPV',
  'GPT',
  'COVID',
]

export const DEFAULT_TEMPLATES: Templates = {
  cli: '{emoji} {product} v{version} is out!\n\n{summary}\n\n{bullets}\n\n{note}\n\nUpgrade: `{action}`\nFull notes: {releaseUrl}',
  platform:
    '{emoji} {product} v{version} is rolling out!\n\n{summary}\n\n{bullets}\n\n{note}\n\n{action}\nFull notes: {releaseUrl}',
}

export const DEFAULT_LIMITS: Limits = { patch: 3, minor: 8, major: 12, sentenceWords: 25, maxChars: null }

export function resolveVoice(config?: VoiceConfig | undefined): VoiceOptions {
  const allow = new Set((config?.allow ?? []).map((w) => w.toLowerCase()))
  const keep = (list: Phrase[]) => list.filter((p) => !allow.has(p.text.toLowerCase()))
  const extra = (words: string[] | undefined) => (words ?? []).map((text) => ({ text }))
  return {
    hedges: keep([...DEFAULT_HEDGES, ...extra(config?.extraHedges)]),
    marketing: keep([...DEFAULT_MARKETING, ...extra(config?.extraMarketing)]),
    internalTerms: config?.internalTerms ?? [],
    notTickets: [...DEFAULT_NOT_TICKETS, ...(config?.allow ?? []).map((w) => w.toUpperCase())],
    linkDomains: (config?.linkDomains ?? []).map((d) => d.toLowerCase()),
    limits: { ...DEFAULT_LIMITS, ...stripUndefined(config?.limits ?? {}) },
    templates: { ...DEFAULT_TEMPLATES, ...stripUndefined(config?.templates ?? {}) },
    severities: config?.rules ?? {},
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
