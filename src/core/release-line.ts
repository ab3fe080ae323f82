/**
 * A release line with every planning rule resolved: presets applied, defaults
 * filled, regexes compiled. Pure; built from the validated config.
 */
import type { LineInput, presetNames } from '../config/schema.ts'
import type { BreakingNotesMode } from './commit-message.ts'
import type { Versioning } from './release-please-versioning.ts'
import type { VersionFile } from './version-files.ts'

export type Bump = 'major' | 'minor' | 'patch'
export type BumpOrNone = Bump | 'none'
export type Preset = (typeof presetNames)[number]

export type ReleaseLine = Omit<
  LineInput,
  'preset' | 'bumps' | 'preMajor' | 'breakingNotes' | 'ignoreCommits' | 'versionFiles' | 'branch'
> & {
  versionFiles: VersionFile[]
  branch: string
  bumps: { minor: string[]; patch: string[] }
  preMajor: { breaking: 'major' | 'minor'; feature: 'minor' | 'patch' }
  breakingNotes: BreakingNotesMode
  ignoreCommits: RegExp[]
  /** The preset the line's rules come from, if any (`herald plan` names it). */
  preset?: Preset | undefined
  /** `drop`: a commit and the commit reverting it in the same range both leave the analysis. */
  revertPairs?: 'drop' | undefined
  /** Set for a line read from `release-please-config.json`: the package it stands for. */
  releasePlease?: ReleasePleasePackage | undefined
  /** The ranges of the other lines with this tag prefix: their tags are not this line's. */
  otherRanges?: readonly string[] | undefined
}

/** A package of a release-please manifest config, as a line carries it. */
export type ReleasePleasePackage = {
  /** The package's path in the config (`packages/web`, `.`); `--line` and `line:` accept it. */
  path: string
  versioning: Versioning
  prereleaseType?: string | undefined
  /** The package's version in `.release-please-manifest.json`: the base when no tag of the line exists. */
  manifestVersion?: string | undefined
}

/**
 * Release commits are never part of a release: release-please's
 * `chore(main): release 1.2.3`, semantic-release's `chore(release): 1.2.3`,
 * a bare `release: 26.2.0`, and Herald's own (which follow release-please's form).
 */
export const DEFAULT_IGNORE_COMMITS = [
  String.raw`^chore(\([^)]*\))?!?: release\b`,
  String.raw`^chore\(release\)!?:`,
  String.raw`^release: v?\d+\.\d+`,
]

type PlanningRules = Pick<ReleaseLine, 'bumps' | 'preMajor' | 'breakingNotes' | 'revertPairs'>

const HERALD_RULES: PlanningRules = {
  bumps: { minor: ['feat'], patch: ['fix', 'perf', 'revert'] },
  preMajor: { breaking: 'major', feature: 'minor' },
  breakingNotes: 'strict',
}

/** What `preset: …` means: each tool's out-of-the-box behaviour. */
export const PRESETS: Record<Preset, PlanningRules> = {
  // release-please's default strategy: every conventional commit is at least a patch.
  'release-please': {
    bumps: { minor: ['feat', 'feature'], patch: ['*'] },
    preMajor: { breaking: 'major', feature: 'minor' },
    breakingNotes: 'strict',
  },
  // @semantic-release/commit-analyzer with the angular preset.
  'semantic-release': {
    bumps: { minor: ['feat'], patch: ['fix', 'perf', 'revert'] },
    preMajor: { breaking: 'major', feature: 'minor' },
    breakingNotes: 'loose',
    // The commit analyzer filters reverted commits out, with the commits reverting them.
    revertPairs: 'drop',
  },
}

export function resolveLine(input: LineInput, defaultPreset?: Preset): ReleaseLine {
  const { preset: linePreset, bumps, preMajor, breakingNotes, ignoreCommits, ...rest } = input
  const presetName = linePreset ?? defaultPreset
  const base = presetName ? PRESETS[presetName] : HERALD_RULES
  return {
    ...rest,
    // Config loading fills in the repository's default branch; data validated without a repository gets `main`.
    branch: input.branch ?? 'main',
    bumps: bumps ?? base.bumps,
    preMajor: preMajor ?? base.preMajor,
    breakingNotes: breakingNotes ?? base.breakingNotes,
    ignoreCommits: (ignoreCommits ?? DEFAULT_IGNORE_COMMITS).map((source) => new RegExp(source)),
    ...(presetName ? { preset: presetName } : {}),
    ...(base.revertPairs ? { revertPairs: base.revertPairs } : {}),
  }
}

/**
 * Which rules decide a line's version, in words (`herald plan` prints it):
 * Herald's own, a preset's, or a release-please package's versioning strategy.
 */
export function rulesOf(line: Pick<ReleaseLine, 'preset' | 'releasePlease'>): string {
  const rp = line.releasePlease
  if (rp) {
    const type = rp.prereleaseType ? `, prerelease-type ${rp.prereleaseType}` : ''
    return `release-please-config.json package ${rp.path} (versioning ${rp.versioning}${type})`
  }
  return line.preset ? `preset ${line.preset}` : "Herald's default rules"
}

/**
 * Whether a tag of the line may be the release a plan counts from: stable
 * releases, and for release-please's `prerelease` strategy, pre-releases too
 * (it continues a series from its latest release).
 */
export function isBaseRelease(line: Pick<ReleaseLine, 'releasePlease'>, prerelease: boolean): boolean {
  return !prerelease || line.releasePlease?.versioning === 'prerelease'
}

/** Does a commit touching `files` count for this line? Lines without paths take every commit. */
export function touchesLine(
  line: Pick<ReleaseLine, 'paths' | 'excludePaths'>,
  files: readonly string[],
): boolean {
  if (line.paths.length === 0 && line.excludePaths.length === 0) return true
  return files.some(
    (file) =>
      (line.paths.length === 0 || line.paths.some((p) => underPath(file, p))) &&
      !line.excludePaths.some((p) => underPath(file, p)),
  )
}

/** Whether a line needs the files each commit touches. */
export function isPathScoped(line: Pick<ReleaseLine, 'paths' | 'excludePaths'>): boolean {
  return line.paths.length > 0 || line.excludePaths.length > 0
}

function underPath(file: string, path: string): boolean {
  const p = path.replace(/^\.\//, '').replace(/\/+$/, '')
  if (p === '' || p === '.') return true
  return file === p || file.startsWith(`${p}/`)
}
