/**
 * What a line's package config adds to a release, read through the forge at
 * the released commit and from the build output: the version its
 * `version.file` says, the versions of its other `packages` (the changelog
 * header names them when they differ), and its `checksums` (a bullet per
 * binary in the Release, and `checksums.txt` attached to it).
 */
import { packageLabel, readPackageFile } from '../core/package-files.ts'
import type { ReleasePlan } from '../core/plan-release.ts'
import {
  type AssetChecksum,
  type PackageVersion,
  parseChecksums,
  renderChecksums,
  sortAssets,
} from '../core/release-assets.ts'
import type { ReleaseLine } from '../core/release-line.ts'
import { err, ok, type Result } from '../core/result.ts'
import { type SchemedLine, schemeOf } from '../core/version-scheme/index.ts'
import type { BuildOutput } from '../ports/build-output.ts'
import type { FileReader } from '../ports/release-host.ts'

export type FileVersion = { path: string; version: string; label: string }

/** The version a line's `version.file` holds at a commit; null for a line without one. */
export async function lineFileVersion(
  files: FileReader,
  line: Pick<ReleaseLine, 'version'> & SchemedLine,
  sha: string,
): Promise<Result<FileVersion, string> | null> {
  if (!line.version) return null
  const read = await readPackage(files, line.version.file, sha)
  if (!read.ok) return read
  const scheme = schemeOf(line)
  const version = scheme.normalise(read.value.version)
  if (!version)
    return err(
      `${line.version.file}: version "${read.value.version}" is not a ${scheme.name === 'semver' ? 'semantic' : scheme.name} version like ${scheme.example}: fix the file`,
    )
  return ok({ ...read.value, version })
}

/**
 * A plan whose version came from the line's version file: its reason says so,
 * and a refusal says which file to bump (a version already tagged, or below
 * the last release).
 */
export function explainFilePlan(plan: ReleasePlan, file: FileVersion, tagPrefix: string): ReleasePlan {
  const reason = plan.reason === 'explicit-version' ? 'version-file' : plan.reason
  const refusal = plan.refusal
  if (!refusal || (refusal.code !== 'tag-exists' && refusal.code !== 'version-not-greater'))
    return { ...plan, reason }
  const tag = `${tagPrefix}${file.version}`
  const tagged = refusal.code === 'tag-exists' || plan.base?.tag === tag
  const why = tagged
    ? `tag ${tag} already exists`
    : `that is not above the last release ${plan.base?.tag ?? ''}`.trimEnd()
  return {
    ...plan,
    reason,
    refusal: {
      code: tagged ? 'tag-exists' : refusal.code,
      message: `${file.path} says ${file.version}, and ${why}: bump ${file.path} first`,
    },
  }
}

/**
 * Every package a release ships, for the changelog header: the line's
 * `packages` in order, then its `version.file`. Empty for a line with neither.
 */
export async function linePackageVersions(
  files: FileReader,
  line: Pick<ReleaseLine, 'version' | 'packages'> & SchemedLine,
  sha: string,
): Promise<Result<PackageVersion[], string>> {
  const scheme = schemeOf(line)
  const paths = [...(line.packages ?? []), ...(line.version ? [line.version.file] : [])]
  const read = await Promise.all(paths.map((path) => readPackage(files, path, sha)))
  const versions: PackageVersion[] = []
  for (const r of read) {
    if (!r.ok) return r
    versions.push({ name: r.value.label, version: scheme.normalise(r.value.version) ?? r.value.version })
  }
  return ok(versions)
}

async function readPackage(
  files: FileReader,
  path: string,
  sha: string,
): Promise<Result<FileVersion, string>> {
  const text = await files.readFile(path, sha)
  if (text === null)
    return err(
      `${path} is not in commit ${sha.slice(0, 12)}: fix the path in the line's config, or commit the file`,
    )
  const parsed = readPackageFile(path, text)
  if (!parsed.ok) return parsed
  return ok({ path, version: parsed.value.version, label: packageLabel(path, parsed.value) })
}

export type LineChecksums = { assets: AssetChecksum[]; checksumsTxt: string }

/**
 * The line's checksum files (`checksums.from`) in the build output, merged:
 * every binary once, sorted by name. Null for a line without `checksums`.
 * `at`: the commit released; the build must be of it (the output's checkout
 * at that commit), or the sums would be another commit's binaries'.
 */
export async function lineChecksums(
  output: BuildOutput,
  line: Pick<ReleaseLine, 'checksums'>,
  at: string | null,
): Promise<Result<LineChecksums, string> | null> {
  if (!line.checksums) return null
  const built = at ? await builtAt(output, at) : null
  if (built) return err(built)
  const from = line.checksums.from
  const files = await output.glob(from)
  if (files.length === 0)
    return err(
      `checksums.from ${from} matches no file in ${output.root}: run the build first (Herald reads the checksum files from the directory it runs in)`,
    )
  // Each binary by the name it is attached under (folders stripped), with where it was listed.
  const byName = new Map<string, AssetChecksum & { listed: string; file: string }>()
  for (const file of files) {
    if (file.outside)
      return err(
        `${file.path} leads outside ${output.root} (a symbolic link): Herald reads checksum files only inside the checkout; write the file there instead of linking to it`,
      )
    if (file.text === null)
      return err(
        `${file.path} is over 1 MiB, not a checksum file: make checksums.from match only the *.sha256 files`,
      )
    const parsed = parseChecksums(file.text)
    if (!parsed.ok) return err(`${file.path}: ${parsed.error}`)
    for (const asset of parsed.value) {
      const name = asset.name.replace(/^.*[\\/]/, '')
      const seen = byName.get(name)
      if (seen && seen.sha256 !== asset.sha256)
        return err(twoSums(name, seen, { listed: asset.name, file: file.path }))
      byName.set(name, { name, sha256: asset.sha256, listed: asset.name, file: file.path })
    }
  }
  const assets = sortAssets([...byName.values()].map(({ name, sha256 }) => ({ name, sha256 })))
  const checksumsTxt = assets.map((a) => `${a.sha256}  ${a.name}\n`).join('')
  return ok({ assets, checksumsTxt })
}

/** Why the build output is not of commit `at` (null: it is). */
async function builtAt(output: BuildOutput, at: string): Promise<string | null> {
  const head = await output.commit()
  if (head === at) return null
  const where = head
    ? `${output.root}, which is at commit ${head.slice(0, 12)}`
    : `${output.root}, which is not a git checkout`
  return `the line's checksums are read from the build in ${where}, not at ${at.slice(0, 12)}, the commit this release tags: check ${at.slice(0, 12)} out there and build it, then release (or publish the release with the GitHub Action on the line's branch)`
}

/**
 * Why one binary name has two sums: two binaries whose names are the same once
 * their folders are stripped (the Release lists and attaches by bare name), or
 * one binary listed twice with different sums (a stale checksum file).
 */
function twoSums(name: string, a: { listed: string; file: string }, b: { listed: string; file: string }) {
  if (a.listed !== b.listed)
    return `${a.file} lists ${a.listed} and ${b.file} lists ${b.listed}: both are listed as ${name} in the Release (folders are stripped) and their sha256 sums differ: give different binaries unique file names (e.g. ${name}-linux-amd64), or, if they are one binary, delete the checksum files of older builds, rebuild, then release`
  const where = a.file === b.file ? `${a.file} lists ${name} twice` : `${a.file} and ${b.file} list ${name}`
  return `${where} with different sha256 sums: delete the checksum files of older builds, rebuild, then release`
}

/** Notes written before the build (a release PR's) with the build's checksums after them. */
export function withChecksums(notes: string, checksums: LineChecksums): string {
  const list = `### Checksums\n\n${renderChecksums(checksums.assets)}\n`
  return notes.trim() ? `${notes.trimEnd()}\n\n${list}` : list
}
