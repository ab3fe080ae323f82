/** A line's channels (canary, stable) and where its signed release index lives (docs/channels.md). */
import { z } from 'zod'

/** `24h`, `90m`, `2d`, `30s`: a soak period (at most 90 days). */
export const DURATION = /^(\d{1,6})(s|m|h|d)$/
const DURATION_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Milliseconds of a duration the schema accepted. */
export function durationMs(text: string): number {
  const m = DURATION.exec(text)!
  return Number(m[1]) * DURATION_MS[m[2] as keyof typeof DURATION_MS]
}

export const channelsSchema = z.strictObject({
  canary: z
    .strictObject({
      soak: z
        .string()
        .regex(DURATION, 'expected a duration like 24h, 90m, 2d or 30s')
        .refine((v) => !DURATION.test(v) || durationMs(v) <= 90 * 86_400_000, {
          message: 'expected at most 90 days',
        })
        .default('24h')
        .describe('How long a canary version soaks before promoting it is allowed without an override'),
    })
    .optional()
    .describe('The canary channel (`/release canary`); absent: this line has no canary channel'),
  index: z
    .strictObject({
      branch: z
        .string()
        .regex(/^(?!.*\.\.)(?!-)[\w./-]+$/, 'expected a branch name like herald-index')
        .default('herald-index')
        .describe('Branch the signed index `<line>.json` is committed to'),
      assets: z
        .string()
        .min(1)
        .optional()
        .describe(
          'Local git forge: directory (in the repository) whose files are hashed into the index at a canary cut; on GitHub the Release assets are',
        ),
    })
    .default({ branch: 'herald-index' })
    .describe('Where the signed release index of this line lives'),
})
