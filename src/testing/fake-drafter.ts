/** A drafter that answers from a list of texts (the last one repeats) and counts its calls. */
import type { Draft, Drafter } from '../ports/drafter.ts'

export function drafterOf(texts: string[]): Drafter & { calls: number } {
  const drafter = {
    calls: 0,
    async draftAnnouncement(): Promise<Draft> {
      const text = texts[Math.min(drafter.calls++, texts.length - 1)]!
      return {
        text,
        structure: null,
        findings: [],
        ok: true,
        skip: null,
        provenance: {
          source: 'offline',
          model: null,
          calls: 0,
          promptTokens: 0,
          completionTokens: 0,
          repairs: 0,
          fallbackReason: null,
        },
      }
    },
  }
  return drafter
}
