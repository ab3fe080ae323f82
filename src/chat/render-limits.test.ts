/** Both renderers stay within their platform's limits whatever the view holds, and never render a ping. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { View, ViewBlock } from '../flows/view.ts'
import { DISCORD_LIMITS, renderDiscordMessage } from './discord/render-discord.ts'
import { renderSlackMessage, SLACK_LIMITS } from './slack/render-block-kit.ts'

const nasty = fc.constantFrom(
  '&',
  '<',
  '>',
  '<!channel>',
  '@everyone',
  '@here',
  '```',
  '**',
  '\n',
  '😀',
  'é',
  '|',
  '[x](https://e.x/y)',
)
const text = (max: number) =>
  fc
    .array(fc.oneof(fc.string({ maxLength: 40 }), nasty, fc.string({ unit: 'grapheme', maxLength: 20 })), {
      maxLength: max,
    })
    .map((p) => p.join(''))
const longText = fc.oneof(
  text(20),
  text(400),
  fc.integer({ min: 2_000, max: 9_000 }).map((n) => '&<x> '.repeat(n / 5)),
)
const block: fc.Arbitrary<ViewBlock> = fc.oneof(
  fc.record({ kind: fc.constant('header' as const), text: longText }),
  fc.record({ kind: fc.constant('text' as const), text: longText }),
  fc.record({ kind: fc.constant('code' as const), text: longText }),
  fc.record({
    kind: fc.constant('notice' as const),
    level: fc.constantFrom('info', 'warning', 'error'),
    text: longText,
  }),
  fc.record({
    kind: fc.constant('fields' as const),
    fields: fc.array(fc.record({ label: text(10), value: longText }), { maxLength: 30 }),
  }),
)
const view: fc.Arbitrary<View> = fc.record({
  private: fc.boolean(),
  blocks: fc.array(block, { maxLength: 12 }),
  actions: fc.array(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 99 }),
      label: text(10),
      style: fc.constantFrom('primary', 'danger', 'secondary'),
    }),
    { maxLength: 30 },
  ),
})

describe('renderSlackMessage', () => {
  it('stays within Block Kit limits and never forms a mass mention', () => {
    fc.assert(
      fc.property(view, (v) => {
        const { blocks, text: fallback } = renderSlackMessage(v)
        expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
        expect(fallback.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText)
        for (const b of blocks) {
          if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText)
          if (b.type === 'section' && b.text)
            expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
          if (b.type === 'section' && b.fields) {
            expect(b.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields)
            for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText)
          }
          if (b.type === 'actions') {
            expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.buttons)
            for (const e of b.elements)
              expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText)
          }
        }
        expect(JSON.stringify(blocks)).not.toMatch(/@(everyone|here|channel)/)
        // plain_text is shown literally; only mrkdwn could form Slack's <!channel> syntax.
        const mrkdwn = JSON.stringify(blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? []
        for (const t of mrkdwn) expect(t).not.toContain('<!')
      }),
      { numRuns: 300 },
    )
  })

  it('keeps every character of a long code block, split across blocks', () => {
    fc.assert(
      fc.property(longText, (code) => {
        const { blocks } = renderSlackMessage({
          private: true,
          blocks: [{ kind: 'code', text: code }],
          actions: [],
        })
        const shown = blocks
          .map((b) => (b.type === 'section' && b.text ? b.text.text : ''))
          .map((t) => t.replace(/^```\n/, '').replace(/\n```$/, ''))
          .join('')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&')
          .replace(/\u200b/g, '')
        expect(shown).toBe(code)
      }),
    )
  })
})

describe('renderDiscordMessage', () => {
  it('stays within message limits and never pings', () => {
    fc.assert(
      fc.property(view, (v) => {
        const m = renderDiscordMessage(v)
        expect(m.allowed_mentions).toEqual({ parse: [] })
        expect(m.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content)
        expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds)
        let total = 0
        for (const e of m.embeds) {
          expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title)
          expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description)
          expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields)
          for (const f of e.fields ?? []) {
            expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName)
            expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue)
            expect(f.value.length).toBeGreaterThan(0)
            total += f.name.length + f.value.length
          }
          total += (e.title?.length ?? 0) + (e.description?.length ?? 0)
        }
        expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal)
        expect(m.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.rows)
        for (const row of m.components) {
          expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow)
          for (const b of row.components) {
            expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId)
            expect(b.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel)
          }
        }
        expect(JSON.stringify([m.embeds, m.components])).not.toMatch(/@(everyone|here)/)
        expect(m.flags === 64).toBe(v.private)
      }),
      { numRuns: 300 },
    )
  })
})
