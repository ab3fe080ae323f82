/**
 * A line with a `range` releases only versions in it: a maintenance line
 * `1.2.x` takes patches, never 1.3.0. Like semantic-release's maintenance
 * branches, a release that would leave the range is refused, naming the
 * commits that ask for more. A line's `bumps` can map a type lower (a
 * security-only line makes every type a patch), but a breaking change still
 * asks for a major and is refused. Pure.
 */
import type { Counted } from './bump-tally.ts'
import type { VersionChoice, VersionRefusal } from './next-version.ts'
import type { ReleaseLine } from './release-line.ts'
import { lineHolds } from './version-scheme/index.ts'

/** Named commits in a message: a few, then how many more. */
const NAMED = 3

export function rangeRefusal(
  line: ReleaseLine,
  choice: VersionChoice,
  counted: readonly Counted[],
): VersionRefusal | null {
  if (!line.range || lineHolds(line, choice.version)) return null
  const outside = `${choice.version} is outside line "${line.name}"'s range ${line.range}`
  const message = (() => {
    switch (choice.reason) {
      case 'explicit-version':
        return `${outside}: pick a version in ${line.range}`
      case 'release-as':
        return `${outside}, asked for by Release-As in ${describe(choice.drivers)}: remove the footer or release it from a line whose range holds it`
      case 'forced-bump':
        return `${outside}: a ${choice.bump} release leaves the range; force a smaller bump`
      case 'initial':
        return `${outside}: set the line's initialVersion in ${line.range}`
      default:
        return `${outside}: ${describe(choice.drivers.length ? choice.drivers : counted)} ask${choice.drivers.length === 1 ? 's' : ''} for a ${choice.bump} release; cut it from a line whose range holds it, or leave those commits out of this branch`
    }
  })()
  return { code: 'out-of-range', message }
}

function describe(commits: readonly Counted[]): string {
  const named = commits.slice(0, NAMED).map((c) => `${c.planned.sha.slice(0, 7)} "${c.planned.header}"`)
  const more = commits.length > NAMED ? ` and ${commits.length - NAMED} more` : ''
  return `${named.join(', ')}${more}`
}
