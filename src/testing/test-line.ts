/** A release line for tests: line `v`, tag prefix `v`, branch `main`, tag mode, Herald's own rules. */
import { type ReleaseLine, resolveLine } from '../core/release-line.ts'

export function testLine(overrides: Partial<Parameters<typeof resolveLine>[0]> = {}): ReleaseLine {
  return resolveLine({
    name: 'v',
    tagPrefix: 'v',
    paths: [],
    excludePaths: [],
    ignoreTags: [],
    initialVersion: '1.0.0',
    branch: 'main',
    mode: 'tag',
    versionFiles: [],
    ...overrides,
  })
}
