import { TAG_LIST_ARG } from '../src/flows/actions.ts'
import type { CommandDefinition } from './types.ts'

/**
 * `/announce-release [tag]`: the latest release of any line when no tag is
 * given; several tags separated by commas announce those releases together.
 */
export const announceReleaseCommand: CommandDefinition = {
  name: 'announce-release',
  description: 'Draft the announcement of a release for sign-off',
  example: '/announce-release cli-v1.4.0',
  options: [
    {
      name: 'tag',
      description: 'Release tag to announce, or several: v0.12.4,v2026.1.4 (default: the latest release)',
      required: false,
      // The one tag rule chat uses everywhere, buttons included.
      pattern: TAG_LIST_ARG.pattern,
      placeholder: '<tag>',
      positional: { rank: 1 },
      maxLength: TAG_LIST_ARG.maxLength,
    },
  ],
}
