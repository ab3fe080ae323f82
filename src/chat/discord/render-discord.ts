/**
 * A `View` as a Discord message: embeds for the blocks, buttons in action
 * rows, within Discord's limits (https://discord.com/developers/docs/resources/message):
 * 10 embeds and 6,000 characters in all, 4,096 a description, 256 a title,
 * 25 fields of 256/1,024; 5 rows of 5 buttons, labels of 80, custom_id of 100.
 * Never pings: `allowed_mentions.parse` is empty and mass mentions are defused.
 */
import type { View, ViewAction, ViewBlock } from '../../flows/view.ts'
import { encodeActionId, wireIdFor } from '../platform/action-ids.ts'
import { inertBackticks, type MdToken, parseLightMarkdown } from '../platform/light-markdown.ts'
import { defuseMassMentions, splitText, truncate } from '../platform/text.ts'

export const DISCORD_LIMITS = {
  content: 2_000,
  embeds: 10,
  embedTotal: 6_000,
  description: 4_096,
  title: 256,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  modalTitle: 45,
  inputText: 4_000,
} as const

/** `MessageFlags.Ephemeral`. */
export const EPHEMERAL = 64
const BUTTON_STYLE = { primary: 1, secondary: 2, danger: 4 } as const

export type DiscordEmbed = {
  title?: string
  description?: string
  fields?: { name: string; value: string; inline: boolean }[]
}
export type DiscordButton = { type: 2; style: 1 | 2 | 4; label: string; custom_id: string }
export type DiscordMessage = {
  content: string
  embeds: DiscordEmbed[]
  components: { type: 1; components: DiscordButton[] }[]
  allowed_mentions: { parse: [] }
  flags?: number
}

const TRUNCATED = '*…the rest did not fit in one Discord message.*'

export function renderDiscordMessage(view: View): DiscordMessage {
  const embeds: DiscordEmbed[] = []
  // Room for the truncation note is kept back from the start.
  let budget = DISCORD_LIMITS.embedTotal - TRUNCATED.length - 2
  let full = false
  let current: DiscordEmbed | undefined
  const fresh = () => {
    if (embeds.length >= DISCORD_LIMITS.embeds) return undefined
    current = {}
    embeds.push(current)
    return current
  }
  const addText = (segment: string) => {
    if (full) return
    const needed = segment.length + 2
    let embed =
      current && !current.fields && (current.description?.length ?? 0) + needed <= DISCORD_LIMITS.description
        ? current
        : fresh()
    if (!embed || segment.length > budget) {
      full = true
      embed ??= current
      if (embed) embed.description = joinDescription(embed.description, TRUNCATED)
      return
    }
    embed.description = joinDescription(embed.description, segment)
    budget -= needed
  }

  for (const block of view.blocks) {
    if (full) break
    if (block.kind === 'header') {
      const title = truncate(defuseMassMentions(block.text), DISCORD_LIMITS.title)
      if (title.length > budget) {
        addText(TRUNCATED)
        break
      }
      const embed = current && !current.title && !current.description && !current.fields ? current : fresh()
      if (!embed) break
      embed.title = title
      budget -= title.length
      continue
    }
    if (block.kind === 'fields') {
      for (const f of block.fields) {
        const name = truncate(defuseMassMentions(f.label), DISCORD_LIMITS.fieldName) || '\u200b'
        const value = truncate(renderDiscordMarkdown(f.value), DISCORD_LIMITS.fieldValue) || '\u200b'
        if (name.length + value.length > budget) {
          full = true
          break
        }
        const embed = current && (current.fields?.length ?? 0) < DISCORD_LIMITS.fields ? current : fresh()
        if (!embed) {
          full = true
          break
        }
        embed.fields = [...(embed.fields ?? []), { name, value, inline: true }]
        budget -= name.length + value.length
      }
      continue
    }
    for (const segment of segmentsOf(block)) addText(segment)
  }
  return {
    content: '',
    embeds,
    components: renderButtons(view.actions),
    allowed_mentions: { parse: [] },
    ...(view.private ? { flags: EPHEMERAL } : {}),
  }
}

/** A block's markdown in pieces that each fit one description. */
function segmentsOf(block: Exclude<ViewBlock, { kind: 'header' | 'fields' }>): string[] {
  const max = DISCORD_LIMITS.description
  switch (block.kind) {
    case 'text':
      return splitText(renderDiscordMarkdown(block.text), max)
    case 'notice': {
      const icon = { info: 'ℹ️', warning: '⚠️', error: '❌' }[block.level]
      return splitText(`${icon} ${renderDiscordMarkdown(block.text)}`, max)
    }
    case 'code': {
      // A ``` inside would close the fence early; a zero-width space keeps it visible but inert.
      const safe = defuseMassMentions(block.text).replace(/```/g, '`\u200b``')
      return splitText(safe, max - 8).map((piece) => `\`\`\`\n${piece}\n\`\`\``)
    }
  }
}

/**
 * Light markdown as Discord markdown. Literal text has every character Discord
 * would read as markup backslash-escaped (`*_~|` and backticks, `<` of mentions,
 * timestamps and emoji, `[` of masked links, `#` and `>` of headers and quotes,
 * a `-` opening a line), so data shows as written.
 */
export function renderDiscordMarkdown(text: string): string {
  return parseLightMarkdown(text).map(discordToken).join('')
}

function discordToken(t: MdToken): string {
  if (t.kind === 'code') return `\`${defuseMassMentions(inertBackticks(t.text))}\``
  if (t.kind === 'bold') return `**${escapeDiscord(t.text)}**`
  if (t.kind === 'link') return `[${escapeDiscord(t.label)}](${t.url})`
  return escapeDiscord(t.text)
}

function escapeDiscord(text: string): string {
  return defuseMassMentions(text)
    .replace(/[\\*_~|`<>[\]#]/g, '\\$&')
    .replace(/(^|\n)-/g, '$1\\-')
}

function joinDescription(description: string | undefined, segment: string): string {
  return description ? `${description}\n\n${segment}` : segment
}

function renderButtons(actions: readonly ViewAction[]): DiscordMessage['components'] {
  const buttons: DiscordButton[] = actions
    .filter((a) => wireIdFor(a).length <= DISCORD_LIMITS.customId)
    .slice(0, DISCORD_LIMITS.rows * DISCORD_LIMITS.buttonsPerRow)
    .map((a) => ({
      type: 2,
      style: BUTTON_STYLE[a.style],
      label: truncate(defuseMassMentions(a.label), DISCORD_LIMITS.buttonLabel),
      custom_id: wireIdFor(a),
    }))
  const rows: DiscordMessage['components'] = []
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow)
    rows.push({ type: 1, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) })
  return rows
}

/** The modal of an edit action (interaction response type 9), or undefined when the text is too long for Discord's input. */
export function renderEditModal(id: string, edit: NonNullable<ViewAction['edit']>) {
  const maxLength = Math.min(edit.maxLength, DISCORD_LIMITS.inputText)
  if (edit.text.length > maxLength) return undefined
  return {
    custom_id: encodeActionId('submit', id),
    title: truncate(edit.title, DISCORD_LIMITS.modalTitle),
    components: [
      {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: 'text',
            style: 2,
            label: 'Text',
            value: edit.text,
            max_length: maxLength,
            required: true,
          },
        ],
      },
    ],
  }
}
