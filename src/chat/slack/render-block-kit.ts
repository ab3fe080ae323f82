/**
 * A `View` as Slack Block Kit, within Slack's limits
 * (https://api.slack.com/reference/block-kit/blocks): 50 blocks a message,
 * 3,000 characters a section text, 150 a header, 10 fields of 2,000, 25 buttons
 * of 75. Long code is split across blocks, everything else is cut with `…`.
 */
import type { View, ViewAction, ViewBlock } from '../../flows/view.ts'
import { encodeActionId, wireIdFor } from '../platform/action-ids.ts'
import { inertBackticks, type MdToken, parseLightMarkdown } from '../platform/light-markdown.ts'
import { defuseMassMentions, splitText, truncate } from '../platform/text.ts'

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  fields: 10,
  fieldText: 2_000,
  buttons: 25,
  buttonText: 75,
  fallbackText: 3_000,
  modalTitle: 24,
  inputText: 3_000,
} as const

type TextObject = { type: 'mrkdwn'; text: string; verbatim: true } | { type: 'plain_text'; text: string }
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'actions'; elements: SlackButton[] }
export type SlackButton = {
  type: 'button'
  action_id: string
  text: { type: 'plain_text'; text: string }
  style?: 'primary' | 'danger'
}
export type SlackMessage = { text: string; blocks: SlackBlock[] }

export function renderSlackMessage(view: View): SlackMessage {
  const blocks = view.blocks.flatMap(renderBlock)
  const actions = view.actions.length ? [renderActions(view.actions)] : []
  const room = SLACK_LIMITS.blocks - actions.length
  const body =
    blocks.length > room
      ? [...blocks.slice(0, room - 1), mrkdwnContext('_…the rest did not fit in one Slack message._')]
      : blocks
  return { text: fallbackText(view), blocks: [...body, ...actions] }
}

/** Light markdown (`**bold**`, `` `code` ``, `[label](https://…)`, escapes) as escaped Slack mrkdwn. */
export function renderMrkdwn(text: string): string {
  return parseLightMarkdown(text).map(slackToken).join('')
}

function slackToken(t: MdToken): string {
  if (t.kind === 'code') return `\`${escapeMrkdwn(inertBackticks(t.text))}\``
  if (t.kind === 'bold') return `*${escapeMrkdwn(inertBackticks(t.text))}*`
  if (t.kind === 'link') return `<${escapeMrkdwn(t.url)}|${escapeMrkdwn(t.label).replace(/\|/g, '¦')}>`
  return escapeMrkdwn(inertBackticks(t.text))
}

/**
 * Slack's three control characters, escaped so no text can form `<!channel>`,
 * `<@U…>` or a link of its own; then visible mass mentions are defused.
 */
export function escapeMrkdwn(text: string): string {
  return defuseMassMentions(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
}

function renderBlock(block: ViewBlock): SlackBlock[] {
  switch (block.kind) {
    case 'header':
      return [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: truncate(defuseMassMentions(block.text), SLACK_LIMITS.headerText),
          },
        },
      ]
    case 'text':
      return splitMrkdwn(block.text).map((t) => ({ type: 'section', text: mrkdwn(t) }))
    case 'code':
      return splitCode(block.text).map((t) => ({ type: 'section', text: mrkdwn(t) }))
    case 'fields': {
      const fields = block.fields.map((f) =>
        mrkdwn(
          truncate(
            `*${escapeMrkdwn(truncate(f.label, 100))}*\n${renderMrkdwn(truncate(f.value, 1_500))}`,
            SLACK_LIMITS.fieldText,
          ),
        ),
      )
      const sections: SlackBlock[] = []
      for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields)
        sections.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fields) })
      return sections
    }
    case 'notice': {
      const icon = { info: ':information_source:', warning: ':warning:', error: ':x:' }[block.level]
      return splitMrkdwn(block.text, `${icon} `).map((t) => ({ type: 'section', text: mrkdwn(t) }))
    }
  }
}

function renderActions(actions: readonly ViewAction[]): SlackBlock {
  return {
    type: 'actions',
    elements: actions.slice(0, SLACK_LIMITS.buttons).map((a) => ({
      type: 'button',
      action_id: wireIdFor(a),
      text: { type: 'plain_text', text: truncate(defuseMassMentions(a.label), SLACK_LIMITS.buttonText) },
      ...(a.style === 'secondary' ? {} : { style: a.style }),
    })),
  }
}

/** Converted text in pieces of at most 3,000 characters; splits happen in the source, between lines. */
function splitMrkdwn(text: string, prefix = ''): string[] {
  return splitMeasured(text, SLACK_LIMITS.sectionText - prefix.length, renderMrkdwn).map(
    (piece, i) => (i === 0 ? prefix : '') + renderMrkdwn(piece),
  )
}

/** Verbatim text as ``` blocks of at most 3,000 characters each. */
function splitCode(text: string): string[] {
  // A ``` inside the text would close the block early; a zero-width space keeps it visible but inert.
  const safe = text.replace(/```/g, '`\u200b``')
  const wrap = (piece: string) => `\`\`\`\n${escapeMrkdwn(piece)}\n\`\`\``
  return splitMeasured(safe, SLACK_LIMITS.sectionText, wrap).map(wrap)
}

/**
 * Splits `text` so that `render(piece)` fits in `max`. Escaping only makes text
 * longer (at most 5 times: `&` -> `&amp;`), so a piece that does not fit is
 * split again with half the budget until it does.
 */
function splitMeasured(
  text: string,
  max: number,
  render: (piece: string) => string,
  budget = max - render('').length,
): string[] {
  return splitText(text, Math.max(2, budget)).flatMap((piece) =>
    render(piece).length <= max ? [piece] : splitMeasured(piece, max, render, Math.floor(budget / 2)),
  )
}

function mrkdwn(text: string): TextObject {
  return { type: 'mrkdwn', text, verbatim: true }
}

function mrkdwnContext(text: string): SlackBlock {
  return { type: 'context', elements: [mrkdwn(text)] }
}

/** Notification text: the header, else the first text. */
function fallbackText(view: View): string {
  const first = view.blocks.find((b) => b.kind === 'header') ?? view.blocks.find((b) => 'text' in b)
  const text = first && 'text' in first ? first.text : 'Herald'
  return truncate(defuseMassMentions(text), SLACK_LIMITS.fallbackText)
}

/** What a modal submit carries back, in the view's `private_metadata` (Slack returns it signed). */
export type EditModalMetadata = { responseUrl: string }

/** The modal of an edit action, or undefined when the text is longer than Slack's input allows. */
export function renderEditModal(
  action: ViewAction & { edit: NonNullable<ViewAction['edit']> },
  metadata: EditModalMetadata,
) {
  const maxLength = Math.min(action.edit.maxLength, SLACK_LIMITS.inputText)
  if (action.edit.text.length > maxLength) return undefined
  return {
    type: 'modal' as const,
    callback_id: encodeActionId('submit', action.id),
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text' as const, text: truncate(action.edit.title, SLACK_LIMITS.modalTitle) },
    submit: { type: 'plain_text' as const, text: 'Save' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input' as const,
        block_id: 'text',
        label: { type: 'plain_text' as const, text: 'Text' },
        element: {
          type: 'plain_text_input' as const,
          action_id: 'text',
          multiline: true,
          initial_value: action.edit.text,
          max_length: maxLength,
        },
      },
    ],
  }
}
