/**
 * The messages sent to the model, from the files in `prompts/`: code only
 * fills the `{{slots}}`. Commit titles arrive sanitised (no links, mentions,
 * control characters or angle brackets) and are sent as JSON inside
 * delimiters.
 */
import { readFileSync } from 'node:fs'
import type { ModelInput } from '../../ports/drafter.ts'

export type PromptFiles = { system: string; examples: string; request: string; repair: string }

export const DEFAULT_PROMPTS_DIR = new URL('../../../prompts/', import.meta.url)

export function readPromptFiles(dir: URL | string = DEFAULT_PROMPTS_DIR): PromptFiles {
  const base = typeof dir === 'string' ? new URL(`file://${dir.endsWith('/') ? dir : `${dir}/`}`) : dir
  const read = (name: string) => readFileSync(new URL(name, base), 'utf8')
  return {
    system: read('announce-system.md'),
    examples: read('announce-examples.md'),
    request: read('announce-request.md'),
    repair: read('announce-repair.md'),
  }
}

export type ChatMessage = { role: 'system' | 'user'; content: string }

export function buildMessages(files: PromptFiles, input: ModelInput): ChatMessage[] {
  const { facts } = input
  const system = fill(files.system, {
    maxBodyLines: String(input.maxBodyLines),
    examples: files.examples.trim(),
  })
  const changes = input.changes.map((c) => JSON.stringify(c)).join(',\n')
  const request = fill(files.request, {
    product: facts.product,
    bump: facts.bump,
    kindOfRelease: facts.fixOnly
      ? 'fixes only'
      : facts.bump === 'major'
        ? 'a major version'
        : 'features and fixes',
    breaking: input.changes.some((c) => c.kind === 'breaking') ? 'yes' : 'none',
    changes: `[${changes}]`,
    omitted: input.omitted > 0 ? `(${input.omitted} smaller changes are not listed; leave them out.)` : '',
  })
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: request.trim() },
  ]
  if (input.repair) {
    messages.push({
      role: 'user',
      content: fill(files.repair, {
        problems: input.repair.problems.map((p) => `- ${p}`).join('\n'),
        // The previous answer cannot close its own delimiter.
        previous: input.repair.previous.slice(0, 8000).replace(/<\/?previous>/gi, ''),
      }).trim(),
    })
  }
  return messages
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole)
}
