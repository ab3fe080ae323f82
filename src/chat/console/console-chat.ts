/**
 * The console chat: the embedded default front-end. The same commands and
 * flows as Slack and Discord, in a terminal: views are printed as text,
 * buttons become numbered choices, an edit action reads the new text until a
 * line with a single `.`.
 */
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { COMMAND_DEFINITIONS, findCommand } from '../../../commands/index.ts'
import { parseCommandText, renderUsage } from '../../../commands/parse-args.ts'
import type { Actor, ChatFlows, View, ViewAction } from '../../flows/view.ts'
import { parseLightMarkdown } from '../platform/light-markdown.ts'

export const CONSOLE_ACTOR: Actor = {
  platform: 'console',
  userId: 'console',
  roles: [],
  groups: [],
  name: 'you',
}

export type ConsoleChatOptions = {
  input: Readable
  write: (text: string) => void
  flows: ChatFlows
  /** Printed once at the start (which repository, which lines). */
  banner?: string | undefined
  /** Show a `> ` prompt (an interactive terminal). */
  prompt?: boolean | undefined
}

export async function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { flows, write } = options
  const lines = createInterface({
    input: options.input,
    crlfDelay: Number.POSITIVE_INFINITY,
    terminal: false,
  })
  const iterator = lines[Symbol.asyncIterator]()
  const next = async (): Promise<string | null> => {
    if (options.prompt) write('> ')
    const r = await iterator.next()
    return r.done ? null : r.value
  }
  let actions: ViewAction[] = []
  const show = (view: View) => {
    write(renderViewText(view))
    actions = view.actions
    if (actions.length) write(`${renderChoices(actions)}\n`)
  }

  if (options.banner) write(`${options.banner}\n`)
  write(`${helpText()}\n`)
  for (;;) {
    const raw = await next()
    if (raw === null) break
    const line = raw.trim()
    if (!line) continue
    if (line === '/quit' || line === '/exit' || line === 'quit' || line === 'exit') break
    if (line === '/help' || line === 'help' || line === '?') {
      write(`${helpText()}\n`)
      continue
    }
    try {
      if (/^\d+$/.test(line)) {
        const action = actions[Number(line) - 1]
        if (!action) {
          write(
            actions.length
              ? `Choose 1 to ${actions.length}.\n`
              : 'Nothing to choose right now: type a command.\n',
          )
          continue
        }
        let text: string | undefined
        if (action.edit) {
          text = await readEdit(action, write, next)
          if (text === undefined) {
            write('Edit cancelled; nothing changed.\n')
            continue
          }
        }
        show(await flows.action(CONSOLE_ACTOR, action.id, text === undefined ? undefined : { text }))
        continue
      }
      const m = /^\/([a-z-]+)(?:\s+(.*))?$/.exec(line)
      const def = m ? findCommand(m[1]!) : undefined
      if (!m || !def) {
        write(`Unknown command "${clip(line)}": type /release, /announce-release or /help.\n`)
        continue
      }
      const args = parseCommandText(def, m[2] ?? '')
      if (!args.ok) {
        write(`${args.error}\n`)
        continue
      }
      show(await flows.command(CONSOLE_ACTOR, def.name as 'release' | 'announce-release', args.value))
    } catch (error) {
      // A flow failing unexpectedly must not end the session; the state it left is in the audit log.
      write(`Something went wrong: ${(error as Error).message}\n`)
    }
  }
  lines.close()
}

async function readEdit(
  action: ViewAction,
  write: (text: string) => void,
  next: () => Promise<string | null>,
): Promise<string | undefined> {
  const edit = action.edit!
  write(`${edit.title}. The current text:\n${quote(edit.text)}\n`)
  write('Type the new text; end with a line holding only "." (or "/cancel" to keep the current text).\n')
  const out: string[] = []
  for (;;) {
    const line = await next()
    if (line === null || line.trim() === '/cancel') return undefined
    if (line === '.') break
    out.push(line)
  }
  const text = out.join('\n')
  if (text.length > edit.maxLength) {
    write(`That text has ${text.length} characters; the limit is ${edit.maxLength}.\n`)
    return undefined
  }
  return text
}

export function helpText(): string {
  return [
    'Commands:',
    ...COMMAND_DEFINITIONS.map((d) => `  ${renderUsage(d).padEnd(64)} ${d.description}`),
    '  /help, /quit',
    'Choose a button by typing its number.',
  ].join('\n')
}

/** A view as terminal text. Everything is sanitised: commit subjects and PR titles are data. */
export function renderViewText(view: View): string {
  const out: string[] = []
  for (const block of view.blocks) {
    switch (block.kind) {
      case 'header':
        out.push('', `== ${clean(block.text)} ==`)
        break
      case 'text':
        out.push(clean(plainText(block.text)))
        break
      case 'code':
        out.push(quote(block.text))
        break
      case 'fields':
        for (const f of block.fields) out.push(`${clean(f.label)}: ${clean(plainText(f.value))}`)
        break
      case 'notice':
        out.push(
          `${block.level === 'error' ? '✗' : block.level === 'warning' ? '⚠' : 'ℹ'} ${clean(plainText(block.text))}`,
        )
        break
    }
  }
  return `${out.join('\n')}\n`
}

/** The terminal shows no markdown: **bold** loses its stars, code keeps its backticks, links stay readable. */
function plainText(text: string): string {
  return parseLightMarkdown(text)
    .map((t) => (t.kind === 'code' ? `\`${t.text}\`` : t.kind === 'link' ? `[${t.label}](${t.url})` : t.text))
    .join('')
}

export function renderChoices(actions: readonly ViewAction[]): string {
  return actions.map((a, i) => `[${i + 1}] ${clean(a.label)}`).join('   ')
}

function quote(text: string): string {
  return clean(text)
    .split('\n')
    .map((l) => `  │ ${l}`)
    .join('\n')
}

// ANSI escape sequences and other control characters would let a commit
// subject rewrite the terminal (clear it, fake a prompt): print them inert.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\)|\u001b./g
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

export function clean(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '')
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
