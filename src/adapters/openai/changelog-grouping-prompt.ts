/**
 * The messages asking the model to group a final release's entries, from the
 * files in `prompts/`: code only fills the `{{slots}}`. Entry texts (commit
 * subjects, PR titles) are data: sanitised, length-capped, sent as JSON
 * between `<entries>` markers, under short keys (`e1`, `e2`, …) so nothing of
 * an entry's text comes back as a key.
 */
import { readFileSync } from 'node:fs'
import type { GroupingProposal, GroupingRequest } from '../../core/changelog-grouping.ts'
import { sanitiseTitle } from '../../core/voice/changes.ts'
import { type ChatMessage, DEFAULT_PROMPTS_DIR } from './announce-prompt.ts'

export type GroupingPromptFiles = { system: string; request: string }

/** The most entries one request may carry; a bigger release keeps its flat section. */
export const MAX_GROUPING_ENTRIES = 200
/** The longest entry text sent (characters). */
export const MAX_ENTRY_TEXT = 200

export function readGroupingPromptFiles(dir: URL | string = DEFAULT_PROMPTS_DIR): GroupingPromptFiles {
  const base = typeof dir === 'string' ? new URL(`file://${dir.endsWith('/') ? dir : `${dir}/`}`) : dir
  const read = (name: string) => readFileSync(new URL(name, base), 'utf8')
  return { system: read('changelog-grouping.md'), request: read('changelog-grouping-request.md') }
}

export type GroupingPrompt = {
  messages: ChatMessage[]
  /** The proposal in the request's own keys and category titles. */
  translate(proposal: GroupingProposal): GroupingProposal
}

export function buildGroupingPrompt(files: GroupingPromptFiles, request: GroupingRequest): GroupingPrompt {
  const keyOf = new Map<string, string>()
  const titleOf = new Map<string, string>()
  const lines = request.categories.map((c) => {
    const title = sanitiseTitle(c.title, 80)
    titleOf.set(title, c.title)
    const entries = c.entries.map((e) => {
      const key = `e${keyOf.size + 1}`
      keyOf.set(key, e.key)
      return { key, text: entryText(e.text) }
    })
    return JSON.stringify({ category: title, entries })
  })
  const messages: ChatMessage[] = [
    { role: 'system', content: files.system.trim() },
    {
      role: 'user',
      content: fill(files.request, {
        version: sanitiseTitle(request.version, 40),
        entries: lines.join('\n'),
      }).trim(),
    },
  ]
  return {
    messages,
    translate: (proposal) => ({
      categories: proposal.categories.map((c) => ({
        title: titleOf.get(c.title) ?? c.title,
        groups: c.groups.map((g) => ({ ...g, keys: g.keys.map((k) => keyOf.get(k) ?? k) })),
        other: c.other?.map((k) => keyOf.get(k) ?? k),
      })),
    }),
  }
}

/** A changelog list item as one line of inert text: no bullet, links kept as their labels. */
export function entryText(markdown: string): string {
  return sanitiseTitle(markdown.replace(/^\s*[*+-]\s+/, ''), MAX_ENTRY_TEXT)
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole)
}
