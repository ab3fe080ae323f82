/**
 * A release line with every planning rule resolved: presets applied, defaults
 * filled, regexes compiled. Pure; built from the validated config.
 */
import type { LineInput, presetNames } from '../config/schema.ts'
import type { BreakingNotesMode } from './commit-message.ts'

export type Bump = 'major' | 'minor' | 'patch'
export type BumpOrNone = Bump | 'none'
export type Preset = (typeof presetNames)[number]

export type ReleaseLine = Omit<
  LineInput,
  'preset' | 'bumps' | 'preMajor' | 'breakingNotes' | 'ignoreCommits' | 'branch'
> & {
  branch: string
  bumps: { minor: string[]; patch: string[] }
  preMajor: { breaking: 'major' | 'minor'; feature: 'minor' | 'patch' }
  breakingNotes: BreakingNotesMode
  ignoreCommits: RegExp[]
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

type PlanningRules = Pick<ReleaseLine, 'bumps' | 'preMajor' | 'breakingNotes'>

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
  }
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
