import type { CommandDefinition } from './types.ts'

/** `/announce-release [tag]`: the latest release of any line when no tag is given (issue 5). */
export const announceReleaseCommand: CommandDefinition = {
  name: 'announce-release',
  description: 'Draft the announcement of a release for sign-off',
  example: '/announce-release cli-v1.4.0',
  options: [
    {
      name: 'tag',
      description: 'Release tag to announce (default: the latest release)',
      required: false,
      // Git's ref rules, narrowed: no spaces, no "..", no control characters.
      pattern: /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/@+-]*$/,
      placeholder: '<tag>',
      positional: { rank: 1 },
      maxLength: 100,
    },
  ],
}
