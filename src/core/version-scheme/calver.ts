/**
 * Calendar versions (`2026.1.3`, `2026.04.0`) with SemVer's pre-release
 * suffix (`2026.2.0-rc.1`). Ordering and pre-release numbering reuse the
 * `semver` package on the numbers the version holds.
 */
import semver from 'semver'
import { nextPrerelease, prereleaseId } from '../versions.ts'
import {
  type CalverFormat,
  fitsCalver,
  formatCalver,
  incrementCalver,
  initialCalver,
} from './calver-format.ts'
import { segmentBump, type VersionScheme } from './types.ts'

const SHAPE = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/

/** `2026.04.0-rc.1` as SemVer reads it (`2026.4.0-rc.1`), or null when it is no version of the format. */
function asSemver(format: CalverFormat, text: string): string | null {
  const m = SHAPE.exec(text)
  if (!m || !fitsCalver(format, [m[1]!, m[2]!, m[3]!])) return null
  const plain = `${Number(m[1])}.${Number(m[2])}.${Number(m[3])}${m[4] ? `-${m[4]}` : ''}`
  return semver.valid(plain) === plain ? plain : null
}

export function calverScheme(format: CalverFormat): VersionScheme {
  const sv = (v: string) => asSemver(format, v)!
  const scheme: VersionScheme = {
    name: 'calver',
    parse: (text) => (asSemver(format, text) ? text : null),
    normalise: (input) => scheme.parse(input.trim().replace(/^v(?=\d)/, '')),
    example: formatCalver(format, [format.year === 'YYYY' ? 2026 : 26, 1, 0]),
    compare: (a, b) => semver.compare(sv(a), sv(b)),
    isPrerelease: (v) => v.includes('-'),
    prereleaseId: (v) => prereleaseId(sv(v)),
    isPrereleaseId: (id) => /^[0-9A-Za-z-]+$/.test(id) && !/^\d+$/.test(id),
    prereleaseIds: 'letters, digits or "-", like rc or beta',
    core: (v) => v.split('-')[0]!,
    release: (v) => scheme.core(v).split('.').map(Number),
    fromRelease: (release) => formatCalver(format, release),
    increment: (v, bump, today) =>
      formatCalver(format, incrementCalver(format, scheme.release(v), bump, today)),
    bumpBetween: (from, to) => (from ? segmentBump(scheme.release(from), scheme.release(to)) : 'major'),
    nextPrerelease: (core, id, taken) => {
      const known = taken.flatMap((t) => asSemver(format, t) ?? [])
      const next = nextPrerelease(sv(core), id, known)
      return `${core}${next.slice(next.indexOf('-'))}`
    },
    initial: (today) => formatCalver(format, initialCalver(format, today)),
  }
  return scheme
}
