/**
 * What a release ships besides its changes: the
 * version of each package when one tag releases several at diverged
 * versions, and the sha256 of each asset. Pure.
 */
import type { Result } from './result.ts'
import { err, ok } from './result.ts'

export type PackageVersion = { name: string; version: string }
export type AssetChecksum = { name: string; sha256: string }

/**
 * `core 0.1.1, agent 0.2.0, proxy 0.2.0` when the packages' versions differ
 * from each other or from the release's own version; null when they all agree
 * (then the version alone is not ambiguous).
 */
export function divergedVersions(packages: readonly PackageVersion[], version: string): string | null {
  if (packages.length === 0) return null
  if (packages.every((p) => p.version === version)) return null
  return packages.map((p) => `${p.name} ${p.version}`).join(', ')
}

/**
 * `checksums.txt` as `shasum -a 256` / `sha256sum` write it: `<hex>  <file>`
 * per line (`*` before the name in binary mode). Sorted by file name, as the
 * release jobs commonly sort it.
 */
export function parseChecksums(text: string): Result<AssetChecksum[], string> {
  const assets: AssetChecksum[] = []
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line || line.startsWith('#')) continue
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line)
    // The line itself is not quoted: a message may reach a chat channel, and the file may be anything.
    if (!m) return err(`checksums line ${i + 1} is not "<sha256 hex>  <file name>"`)
    assets.push({ name: m[2]!.trim(), sha256: m[1]!.toLowerCase() })
  }
  return ok(sortAssets(assets))
}

export function sortAssets(assets: readonly AssetChecksum[]): AssetChecksum[] {
  return [...assets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The per-asset bullets of the release body: - `<file>` — `sha256:<hex>`. */
export function renderChecksums(assets: readonly AssetChecksum[]): string {
  return sortAssets(assets)
    .map((a) => `- \`${a.name.replace(/`/g, "'")}\` — \`sha256:${a.sha256}\``)
    .join('\n')
}

/** `NAME=VERSION` (a `--package` argument). */
export function parsePackageVersion(arg: string): Result<PackageVersion, string> {
  const m = /^([\w@./-]+)=v?(\d+\.\d+\.\d+(?:[-+.][\w.+-]*)?)$/.exec(arg.trim())
  if (!m) return err(`expected NAME=VERSION like core=0.1.1 (got ${JSON.stringify(arg)})`)
  return ok({ name: m[1]!, version: m[2]! })
}
