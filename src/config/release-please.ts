/**
 * A repository that already uses release-please needs no Herald config: its
 * `release-please-config.json` gives the lines (one per package) with the same
 * tag names, bump rules and versioning strategies release-please uses, and
 * `.release-please-manifest.json` the version of a package that has no tag yet.
 */
import { valid as validSemver } from 'semver'
import type { ReleasePleasePackage } from '../core/release-line.ts'
import { VERSIONING_STRATEGIES, type Versioning } from '../core/release-please-versioning.ts'
import { isPrereleaseId } from '../core/versions.ts'
import type { ConfigInput } from './schema.ts'

type LineInput = ConfigInput['lines'][number]

export const MANIFEST_FILE = '.release-please-manifest.json'

type PackageConfig = {
  component?: string
  'package-name'?: string
  'release-type'?: string
  versioning?: string
  'prerelease-type'?: string
  'include-component-in-tag'?: boolean
  'include-v-in-tag'?: boolean
  'tag-separator'?: string
  'bump-minor-pre-major'?: boolean
  'bump-patch-for-minor-pre-major'?: boolean
  'exclude-paths'?: string[]
  'changelog-path'?: string
}

/** A line read from the config, and the release-please package it stands for. */
export type ReleasePleaseLine = { input: LineInput; pkg: ReleasePleasePackage }

/** Reads a file of the repository by its path there; null when it does not exist. */
export type ReadRepoFile = (path: string) => string | null

export function linesFromReleasePlease(
  raw: unknown,
  read: ReadRepoFile,
): { ok: true; lines: ReleasePleaseLine[]; manifest: boolean } | { ok: false; errors: string[] } {
  if (
    !raw ||
    typeof raw !== 'object' ||
    !('packages' in raw) ||
    typeof raw.packages !== 'object' ||
    !raw.packages
  )
    return { ok: false, errors: ['expected a "packages" object (release-please manifest config)'] }
  const top = raw as PackageConfig & { packages: Record<string, PackageConfig> }
  const paths = Object.keys(top.packages)
  if (paths.length === 0) return { ok: false, errors: ['"packages" is empty: list at least one package'] }
  const manifest = readManifest(read)
  if (!manifest.ok) return manifest
  const errors: string[] = []
  const lines = paths.map((path) => {
    const pkg = { ...top, ...top.packages[path] } as PackageConfig
    const line = packageLine(path, pkg, paths, read, errors)
    const version = manifest.versions[path]
    if (version) line.pkg.manifestVersion = version
    return line
  })
  return errors.length ? { ok: false, errors } : { ok: true, lines, manifest: manifest.found }
}

function packageLine(
  path: string,
  pkg: PackageConfig,
  paths: string[],
  read: ReadRepoFile,
  errors: string[],
): ReleasePleaseLine {
  const root = path === '.' || path === ''
  const where = `packages["${path}"]`
  const versioning = pkg.versioning ?? 'default'
  if (!(VERSIONING_STRATEGIES as readonly string[]).includes(versioning))
    errors.push(
      `${where}.versioning: Herald plans with ${VERSIONING_STRATEGIES.join(', ')} (got ${JSON.stringify(versioning)}): use one of them, or write a herald.config.yaml`,
    )
  const prereleaseType = pkg['prerelease-type']
  if (prereleaseType !== undefined && !isPrereleaseId(prereleaseType))
    errors.push(
      `${where}.prerelease-type: expected letters, digits or "-", like beta (got ${JSON.stringify(prereleaseType)})`,
    )
  const component = componentOf(path, pkg, read)
  const withComponent = (pkg['include-component-in-tag'] ?? true) && Boolean(component)
  const v = (pkg['include-v-in-tag'] ?? true) ? 'v' : ''
  const tagPrefix = withComponent ? `${component}${pkg['tag-separator'] ?? '-'}${v}` : v
  const nested = root ? paths.filter((p) => p !== path) : []
  const input: LineInput = {
    name: component ?? (root ? 'root' : path.split('/').pop()!),
    tagPrefix,
    paths: root ? [] : [path],
    excludePaths: [...nested, ...(pkg['exclude-paths'] ?? [])],
    preset: 'release-please' as const,
    preMajor: {
      breaking: pkg['bump-minor-pre-major'] ? ('minor' as const) : ('major' as const),
      feature: pkg['bump-patch-for-minor-pre-major'] ? ('patch' as const) : ('minor' as const),
    },
    ...(pkg['changelog-path']
      ? { changelog: root ? pkg['changelog-path'] : `${path}/${pkg['changelog-path']}` }
      : {}),
  } as LineInput
  return {
    input,
    pkg: { path, versioning: versioning as Versioning, ...(prereleaseType ? { prereleaseType } : {}) },
  }
}

/**
 * release-please's component of a package: `component`, else `package-name`,
 * else (node packages, the default release type) the `name` in its
 * package.json; a node package's `@scope/` is left out.
 */
function componentOf(path: string, pkg: PackageConfig, read: ReadRepoFile): string | undefined {
  if (pkg.component) return pkg.component
  const node = (pkg['release-type'] ?? 'node') === 'node'
  const name = pkg['package-name'] ?? (node ? packageJsonName(path, read) : undefined)
  if (!name) return undefined
  return node ? name.replace(/^@[\w-]+\//, '') : name
}

function packageJsonName(path: string, read: ReadRepoFile): string | undefined {
  const file = path === '.' || path === '' ? 'package.json' : `${path.replace(/\/+$/, '')}/package.json`
  const text = read(file)
  if (text === null) return undefined
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name
    return typeof name === 'string' && name ? name : undefined
  } catch {
    return undefined
  }
}

function readManifest(
  read: ReadRepoFile,
): { ok: true; found: boolean; versions: Record<string, string> } | { ok: false; errors: string[] } {
  const text = read(MANIFEST_FILE)
  if (text === null) return { ok: true, found: false, versions: {} }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return {
      ok: false,
      errors: [`${MANIFEST_FILE}: not valid JSON: ${(error as Error).message.split('\n')[0]}`],
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, errors: [`${MANIFEST_FILE}: expected an object of package path -> version`] }
  const versions: Record<string, string> = {}
  const errors: string[] = []
  for (const [path, version] of Object.entries(data)) {
    if (typeof version === 'string' && validSemver(version) === version) versions[path] = version
    else
      errors.push(
        `${MANIFEST_FILE}: "${path}": expected a version like 1.2.3 (got ${JSON.stringify(version)}): fix the manifest`,
      )
  }
  return errors.length ? { ok: false, errors } : { ok: true, found: true, versions }
}
