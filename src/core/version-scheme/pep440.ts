/**
 * Python's PEP 440 versions: `26.2.0`, `26.2.0rc2`, `1.0.0a1`, `1.0.0b3`,
 * `1.0.0.dev4`, `1.0.0.post1`. Parsing, normal form and ordering come from
 * `@renovatebot/pep440`; the next number of a series and the bump of the
 * release numbers (one rule for plain and calendar versions) are Herald's.
 * With a calver format the release segments follow it (`26.2.0rc2`).
 */
import { clean, explain, compare as pep440Compare, valid } from '@renovatebot/pep440'
import type { Bump } from '../release-line.ts'
import {
  type CalverFormat,
  fitsCalver,
  formatCalver,
  incrementCalver,
  initialCalver,
} from './calver-format.ts'
import { segmentBump, type VersionScheme } from './types.ts'

const PRE_IDS = ['a', 'b', 'rc', 'dev'] as const

function incrementNumeric([major = 0, minor = 0, patch = 0]: readonly number[], bump: Bump): number[] {
  if (bump === 'major') return [major + 1, 0, 0]
  if (bump === 'minor') return [major, minor + 1, 0]
  return [major, minor, patch + 1]
}

export function pep440Scheme(format?: CalverFormat): VersionScheme {
  const info = (v: string) => explain(v)!
  const scheme: VersionScheme = {
    name: 'pep440',
    parse: (text) => {
      // Tags are read in PEP 440's normal form only: `26.2.0rc2`, not `26.2.0-rc2`.
      if (!valid(text) || clean(text) !== text) return null
      const v = info(text)
      if (v.local !== null) return null
      return !format || fitsCalver(format, v.release.map(String)) ? text : null
    },
    normalise: (input) => {
      const text = input.trim().replace(/^v(?=\d)/, '')
      const normal = valid(text) ? clean(text) : null
      return normal ? scheme.parse(normal) : null
    },
    example: format ? `${formatCalver(format, [format.year === 'YYYY' ? 2026 : 26, 2, 0])}rc1` : '1.2.0rc1',
    compare: (a, b) => pep440Compare(a, b),
    isPrerelease: (v) => info(v).is_prerelease,
    prereleaseId: (v) => {
      const { pre, dev } = info(v)
      return pre ? String(pre[0]) : dev !== null ? 'dev' : null
    },
    isPrereleaseId: (id) => (PRE_IDS as readonly string[]).includes(id),
    prereleaseIds: 'a, b, rc or dev (PEP 440 pre-releases)',
    core: (v) => {
      const { epoch, release } = info(v)
      return `${epoch ? `${epoch}!` : ''}${release.join('.')}`
    },
    release: (v) => info(v).release,
    fromRelease: (release) => (format ? formatCalver(format, release) : release.join('.')),
    increment: (v, bump, today) => {
      const release = info(v).release
      return format
        ? formatCalver(format, incrementCalver(format, release, bump, today))
        : incrementNumeric(release, bump).join('.')
    },
    bumpBetween: (from, to) => (from ? segmentBump(scheme.release(from), scheme.release(to)) : 'major'),
    nextPrerelease: (core, id, taken) =>
      `${core}${id === 'dev' ? '.dev' : id}${highestInSeries(core, id, taken) + 1}`,
    initial: (today) => (format ? formatCalver(format, initialCalver(format, today)) : '1.0.0'),
  }

  /** The highest number of `core`'s series `id` (`rc2` → 2) among `taken`; 0 when none. */
  function highestInSeries(core: string, id: string, taken: readonly string[]): number {
    let highest = 0
    for (const t of taken) {
      if (!scheme.parse(t) || scheme.core(t) !== core) continue
      const { pre, dev, post } = info(t)
      const n =
        id === 'dev'
          ? pre || post !== null
            ? null
            : dev
          : pre && pre[0] === id && dev === null
            ? pre[1]
            : null
      if (typeof n === 'number' && n > highest) highest = n
    }
    return highest
  }
  return scheme
}
