/**
 * Slack gives a slash command one line of text; Discord gives typed options.
 * Both end here, as the same `CommandArgs`, checked against the definition.
 */
import { err, ok, type Result } from '../src/core/result.ts'
import type { CommandArgs } from '../src/flows/view.ts'
import type { CommandDefinition, CommandOption } from './types.ts'

/** Slack's text is at most a few hundred characters in practice; anything longer is not a command. */
const MAX_TEXT = 500

/** `/release line:<name> [bump:auto|patch|minor|major] …`, for help and error messages. */
export function renderUsage(def: CommandDefinition): string {
  const parts = def.options.map((o) => {
    const shown = `${o.name}:${o.choices ? o.choices.join('|') : o.placeholder}`
    return o.required ? shown : `[${shown}]`
  })
  return [`/${def.name}`, ...parts].join(' ')
}

/** The one message a user sees on bad input: what was wrong, the usage, an example. */
export function renderUsageError(def: CommandDefinition, problem: string): string {
  return `${problem}\nUsage: \`${renderUsage(def)}\`, for example \`${def.example}\`.`
}

/**
 * Parses Slack's text: `name:value` (or `name=value`) pairs, and bare words for
 * positional options, by rank (see `CommandOption.positional`), so
 * `/release cli minor` and `/release minor cli` both mean line cli, bump minor.
 */
export function parseCommandText(def: CommandDefinition, text: string): Result<CommandArgs, string> {
  if (text.length > MAX_TEXT)
    return err(renderUsageError(def, `The arguments are too long (${text.length} characters).`))
  const args: CommandArgs = {}
  const bare: string[] = []
  for (const token of tokens(text)) {
    const m = /^([a-z][a-z-]*)[:=](.*)$/s.exec(token)
    if (!m) {
      bare.push(token)
      continue
    }
    const [, name = '', value = ''] = m
    const option = def.options.find((o) => o.name === name)
    if (!option) return err(renderUsageError(def, `Unknown option \`${name}\`.`))
    if (args[name] !== undefined) return err(renderUsageError(def, `\`${name}\` is given twice.`))
    args[name] = unquote(value)
  }
  const byRank = def.options
    .flatMap((o) => (o.positional ? [{ o, rank: o.positional.rank }] : []))
    .sort((a, b) => a.rank - b.rank)
    .map(({ o }) => o)
  for (const word of bare) {
    const option = byRank.find((o) => args[o.name] === undefined && accepts(o, word))
    if (!option) return err(renderUsageError(def, `Unexpected \`${clip(word)}\`.`))
    args[option.name] = word
  }
  return validateCommandArgs(def, args)
}

/**
 * Words of Slack's text; `name:"several words"` (straight or curly quotes) is
 * one, so a reason can be a sentence.
 */
function tokens(text: string): string[] {
  return text.trim().match(/[a-z][a-z-]*[:=]["“][^"”]*["”]|\S+/g) ?? []
}

function unquote(value: string): string {
  const m = /^["“]([^"”]*)["”]$/.exec(value)
  return m ? m[1]!.trim() : value
}

/** Checks arguments from either platform: known names, required present, values within bounds. */
export function validateCommandArgs(def: CommandDefinition, args: CommandArgs): Result<CommandArgs, string> {
  const out: CommandArgs = {}
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue
    const option = def.options.find((o) => o.name === name)
    if (!option) return err(renderUsageError(def, `Unknown option \`${clip(name)}\`.`))
    if (!accepts(option, value)) {
      const allowed = option.choices ? option.choices.join(', ') : option.placeholder
      return err(renderUsageError(def, `\`${name}\` cannot be \`${clip(value)}\` (expected ${allowed}).`))
    }
    out[name] = value
  }
  for (const option of def.options) {
    if (option.required && out[option.name] === undefined)
      return err(renderUsageError(def, `\`${option.name}\` is required.`))
  }
  return ok(out)
}

function accepts(option: CommandOption, value: string): boolean {
  if (value.length === 0 || value.length > option.maxLength) return false
  if (option.choices) return option.choices.includes(value)
  return option.pattern ? option.pattern.test(value) : true
}

/** Echoes user input back inside backticks: bounded, and without backticks of its own. */
function clip(value: string): string {
  const flat = value.replace(/`/g, "'").replace(/\s/g, ' ')
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat
}
