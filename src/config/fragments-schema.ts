/**
 * A line's towncrier news fragments (`fragments`) and its next development
 * version placeholder (`nextVersion`). Kept apart from `schema.ts` so the
 * line schema only names them.
 */
import { z } from 'zod'

/** towncrier's fragment types; `dir` and these are its defaults too. */
export const DEFAULT_FRAGMENT_TYPES = ['feature', 'bugfix', 'doc', 'removal', 'misc'] as const

export const fragmentsSchema = z.strictObject({
  dir: z
    .string()
    .min(1)
    .regex(
      /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\0]+$/,
      'expected a folder inside the repository, like `changes`',
    )
    .describe('Folder of the fragment files (`<issue>.<type>.md`), e.g. `changes` or `newsfragments`'),
  types: z
    .array(z.string().regex(/^[a-z][\w-]*$/, 'expected a lower-case fragment type like feature'))
    .min(1, 'expected at least one fragment type')
    .default([...DEFAULT_FRAGMENT_TYPES])
    .describe(
      'Fragment types, in the order their sections print (default towncrier’s: feature, bugfix, doc, removal, misc)',
    ),
})

/** A regex source that compiles and has a named group `version`. */
const versionPattern = z.string().superRefine((source, ctx) => {
  let re: RegExp
  try {
    re = new RegExp(source)
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `pattern does not compile (${(error as Error).message}): write a regular expression like 'VERSION = "(?<version>[^"]+)"'`,
    })
    return
  }
  // A regex's named groups show in the source's match of an empty probe only when they exist:
  // compile `(?:source)|(?<probe>)` and look at the groups object's keys instead.
  const probe = new RegExp(`${re.source}|(?<heraldProbe>)`).exec('')
  if (!probe?.groups || !('version' in probe.groups))
    ctx.addIssue({
      code: 'custom',
      message:
        'pattern has no named group `version`: mark the version with (?<version>…), like \'VERSION = "(?<version>[^"]+)"\'',
    })
})

export const nextVersionSchema = z.strictObject({
  file: z
    .string()
    .min(1)
    .regex(
      /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\0]+$/,
      'expected a file inside the repository, like `src/meta.py`',
    )
    .describe('File holding the next development version, e.g. `src/meta.py`'),
  pattern: versionPattern.describe(
    'Regex finding the placeholder, with a named group `version`: `NEXT_RELEASE_VERSION = "(?<version>[^"]+)"`',
  ),
  advance: z
    .enum(['major', 'minor', 'patch'])
    .default('minor')
    .describe(
      "What is bumped on the released version, in the line's scheme and never by the date: `minor` turns 26.7.0 into 26.8.0",
    ),
  commit: z
    .enum(['pr', 'follow-up'])
    .optional()
    .describe(
      '`pr`: the release PR writes it; `follow-up`: a commit on the line’s branch after the cut (default: `pr` for `mode: pr`, `follow-up` for `mode: tag`)',
    ),
})

export type FragmentsConfig = z.output<typeof fragmentsSchema>
export type NextVersionConfig = z.output<typeof nextVersionSchema>
