/**
 * A slash command, defined once as data. Discord registration
 * (`herald register-commands`), the Slack app manifest (`herald manifest slack`)
 * and the parsing of Slack's free-text arguments are all generated from it.
 */
export type CommandOption = {
  /** Lowercase, 1–32 characters (Discord's rule, the stricter of the two platforms). */
  name: string
  /** 1–100 characters (Discord's limit). */
  description: string
  required: boolean
  /** The only values allowed, when the set is closed (`bump`). */
  choices?: readonly string[] | undefined
  /** What a value must match, when the set is open (`version`, `tag`). Anchored. */
  pattern?: RegExp | undefined
  /** Human form of `pattern` for the usage line: `X.Y.Z`. */
  placeholder: string
  /** Discord asks the flow for choices as the user types. */
  autocomplete?: boolean | undefined
  /**
   * May be given without `name:` in Slack text (`/release cli minor`): a bare
   * word goes to the free option with the lowest rank that accepts it, so narrow
   * options (bump words, versions) are tried before a catch-all (line names).
   */
  positional: false | { rank: number }
  /** Longest accepted value; every value is bounded, whatever the platform sends. */
  maxLength: number
}

export type CommandDefinition = {
  name: 'release' | 'announce-release'
  /** 1–100 characters (Discord's limit). */
  description: string
  options: readonly CommandOption[]
  /** One example for the usage message. */
  example: string
}
