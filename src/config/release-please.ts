/**
 * A repository that already uses release-please needs no Herald config: its
 * `release-please-config.json` gives the lines (one per package) with the same
 * tag names and bump rules release-please uses.
 */
import type { ConfigInput } from './schema.ts'

type LineInput = ConfigInput['lines'][number]

type PackageConfig = {
  component?: string
  'package-name'?: string
  'include-component-in-tag'?: boolean
  'include-v-in-tag'?: boolean
  'tag-separator'?: string
  'bump-minor-pre-major'?: boolean
  'bump-patch-for-minor-pre-major'?: boolean
  'exclude-paths'?: string[]
  'changelog-path'?: string
}

export function linesFromReleasePlease(
  raw: unknown,
): { ok: true; lines: LineInput[] } | { ok: false; errors: string[] } {
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
  const lines: LineInput[] = paths.map((path) => {
    const pkg = { ...top, ...top.packages[path] } as PackageConfig
    const root = path === '.' || path === ''
    const component =
      pkg.component ?? (pkg['package-name'] ? pkg['package-name'].replace(/^@[^/]+\//, '') : undefined)
    const withComponent = (pkg['include-component-in-tag'] ?? true) && Boolean(component)
    const v = (pkg['include-v-in-tag'] ?? true) ? 'v' : ''
    const tagPrefix = withComponent ? `${component}${pkg['tag-separator'] ?? '-'}${v}` : v
    const nested = root ? paths.filter((p) => p !== path) : []
    return {
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
    }
  })
  return { ok: true, lines }
}
