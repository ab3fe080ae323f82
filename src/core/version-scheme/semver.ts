/** SemVer, exactly as Herald has always planned it: the functions of versions.ts. */
import semver from 'semver'
import {
  bumpBetween,
  compareVersions,
  coreOf,
  incrementVersion,
  isPrerelease,
  isPrereleaseId,
  nextPrerelease,
  normaliseVersion,
  prereleaseId,
} from '../versions.ts'
import type { VersionScheme } from './types.ts'

export const semverScheme: VersionScheme = {
  name: 'semver',
  parse: (text) => (semver.valid(text) === text ? text : null),
  normalise: normaliseVersion,
  example: '1.2.3',
  compare: compareVersions,
  isPrerelease,
  prereleaseId,
  isPrereleaseId,
  prereleaseIds: 'letters, digits or "-", like rc or beta',
  core: coreOf,
  release: (version) => {
    const v = semver.parse(version)!
    return [v.major, v.minor, v.patch]
  },
  fromRelease: (release) => release.join('.'),
  increment: (version, bump) => incrementVersion(version, bump),
  bumpBetween,
  nextPrerelease,
  initial: () => '1.0.0',
}
