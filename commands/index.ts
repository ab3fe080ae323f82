import { announceReleaseCommand } from './announce-release.ts'
import { releaseCommand } from './release.ts'
import type { CommandDefinition } from './types.ts'

export type { CommandDefinition, CommandOption } from './types.ts'

/** Every slash command Herald offers, for both platforms. */
export const COMMAND_DEFINITIONS: readonly CommandDefinition[] = [releaseCommand, announceReleaseCommand]

export function findCommand(name: string): CommandDefinition | undefined {
  return COMMAND_DEFINITIONS.find((c) => c.name === name)
}
