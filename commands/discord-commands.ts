/**
 * Discord application commands generated from the definitions, in the shape
 * of `PUT /applications/{id}/commands` (a bulk overwrite: what is not listed is removed).
 */
import type { CommandDefinition } from './types.ts'

/** Discord's `ApplicationCommandOptionType.String`. */
const STRING_OPTION = 3
/** `ApplicationCommandType.ChatInput`: a slash command. */
const CHAT_INPUT = 1
/** `InteractionContextType.Guild`: member roles exist only in a server, and flows authorise on them. */
const GUILD_CONTEXT = 0
/** `ApplicationIntegrationType.GuildInstall`. */
const GUILD_INSTALL = 0

export type DiscordCommandOption = {
  type: typeof STRING_OPTION
  name: string
  description: string
  required: boolean
  min_length: number
  max_length: number
  choices?: { name: string; value: string }[]
  autocomplete?: boolean
}

export type DiscordCommand = {
  type: typeof CHAT_INPUT
  name: string
  description: string
  contexts: number[]
  integration_types: number[]
  options: DiscordCommandOption[]
}

export function renderDiscordCommands(defs: readonly CommandDefinition[]): DiscordCommand[] {
  return defs.map((def) => ({
    type: CHAT_INPUT,
    name: def.name,
    description: def.description,
    contexts: [GUILD_CONTEXT],
    integration_types: [GUILD_INSTALL],
    // Discord wants required options first; the definitions already list them so.
    options: def.options.map((o) => ({
      type: STRING_OPTION,
      name: o.name,
      description: o.description,
      required: o.required,
      min_length: 1,
      max_length: o.maxLength,
      ...(o.choices ? { choices: o.choices.map((c) => ({ name: c, value: c })) } : {}),
      // Discord refuses choices and autocomplete on the same option.
      ...(o.autocomplete && !o.choices ? { autocomplete: true } : {}),
    })),
  }))
}
