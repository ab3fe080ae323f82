import { TAG_ARG } from '../src/flows/actions.ts'
import type { CommandDefinition } from './types.ts'

/** `/announce-release [tag]`: the latest release of any line when no tag is given. */
export const announceReleaseCommand: CommandDefinition = {
  name: 'announce-release',
  description: 'Draft the announcement of a release for sign-off',
  example: '/announce-release cli-v1.4.0',
  options: [
    {
      name: 'tag',
      description: 'Release tag to announce (default: the latest release)',
      required: false,
      // The one tag rule chat uses everywhere, buttons included.
      pattern: TAG_ARG.pattern,
      placeholder: '<tag>',
      positional: { rank: 1 },
      maxLength: TAG_ARG.maxLength,
    },
  ],
}
