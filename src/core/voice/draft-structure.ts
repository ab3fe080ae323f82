/**
 * What a drafter returns: a structure, never the final text. Checked with zod
 * (the OpenAI adapter sends the same schema as the response format). Pure.
 */
import { z } from 'zod'

// Every field is required (nullable where optional): OpenAI's strict
// structured outputs accept no optional properties.
export const draftBulletSchema = z.object({
  emoji: z.string().max(32).describe('Exactly one emoji for the bullet, e.g. ✨ feature, 🐛 fix, ⚡ speed'),
  text: z.string().max(300).describe('One short sentence on what changed for users, without emoji'),
  prs: z.array(z.number().int().positive()).max(30).describe('Pull request numbers this bullet stands on'),
  commits: z
    .array(z.string().regex(/^[0-9a-f]{7,40}$/))
    .max(30)
    .describe('Short shas, only for changes that have no pull request'),
})

export const draftStructureSchema = z.object({
  summary: z.string().max(400).describe('One sentence: what this release means for users'),
  bullets: z.array(draftBulletSchema).max(15).describe('The highlights, most important first'),
  breakingNote: z
    .string()
    .max(400)
    .nullable()
    .describe('What users must change, for a breaking release; null otherwise'),
})

export type DraftBullet = z.output<typeof draftBulletSchema>
export type DraftStructure = z.output<typeof draftStructureSchema>
