/**
 * Finding, reading and validating the configuration. Returns a value, never
 * throws for a bad file: every problem names the file, the key path, the bad
 * value and what is allowed.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import type { z } from 'zod'
import { type ReleaseLine, resolveLine } from '../core/release-line.ts'
import { withRangeClaims } from '../core/version-scheme/index.ts'
import { configRows } from './reference.ts'
import { linesFromReleasePlease, MANIFEST_FILE } from './release-please.ts'
import { defaultAnnouncements, withRepoDefaults } from './repo-defaults.ts'
import { type Config, configSchema } from './schema.ts'

export type HeraldConfig = Omit<Config, 'lines'> & {
  lines: ReleaseLine[]
  /** How the lines without `announce` are announced, from the repository (empty without one). */
  defaultAnnounce: Record<string, NonNullable<ReleaseLine['announce']>>
  /** Where it came from: a file path, `release-please`, or `default`. */
  source: string
}

export type ConfigResult = { ok: true; config: HeraldConfig } | { ok: false; errors: string[] }

const CANDIDATES = ['herald.config.yaml', 'herald.config.yml', 'herald.config.json']

/**
 * The config for a repository: `explicitPath` (`--config`), else `HERALD_CONFIG`,
 * else `herald.config.{yaml,yml,json}` in the repository, else a release-please
 * manifest config there, else one line `v`.
 */
export function loadConfig(options: {
  explicitPath?: string | undefined
  repoDir: string
  env: NodeJS.ProcessEnv
}): ConfigResult {
  const chosen = options.explicitPath ?? options.env.HERALD_CONFIG
  if (chosen) {
    const path = resolve(chosen)
    if (!existsSync(path))
      return { ok: false, errors: [`config file not found: ${path} (check --config or HERALD_CONFIG)`] }
    return readConfigFile(path, options.repoDir)
  }
  for (const name of CANDIDATES) {
    const path = join(options.repoDir, name)
    if (existsSync(path)) return readConfigFile(path, options.repoDir)
  }
  const rp = join(options.repoDir, 'release-please-config.json')
  if (existsSync(rp)) return releasePleaseConfig(rp, options.repoDir)
  return validate({ lines: [{ name: 'v', tagPrefix: 'v' }] }, 'default', options.repoDir)
}

/** Lines from a release-please manifest config, each carrying its package. */
function releasePleaseConfig(path: string, repoDir: string): ConfigResult {
  const raw = readJson(path)
  if (!raw.ok) return raw
  const read = (file: string) => {
    try {
      return readFileSync(join(repoDir, file), 'utf8')
    } catch {
      return null
    }
  }
  const fromConfig = linesFromReleasePlease(raw.value, read)
  if (!fromConfig.ok) return { ok: false, errors: fromConfig.errors.map((e) => `${path}: ${e}`) }
  const validated = validate(
    { lines: fromConfig.lines.map((l) => l.input) },
    `${path} (release-please)`,
    repoDir,
  )
  if (!validated.ok) return validated
  const lines = validated.config.lines.map((line, i) => {
    const pkg = fromConfig.lines[i]!.pkg
    // A release PR keeps the manifest in step, so release-please and Herald can take turns.
    const manifest = fromConfig.manifest ? [{ path: MANIFEST_FILE, jsonKey: pkg.path }] : []
    return { ...line, releasePlease: pkg, versionFiles: [...line.versionFiles, ...manifest] }
  })
  return { ok: true, config: { ...validated.config, lines } }
}

// `yaml` is loaded only for YAML configs: most CLI runs (JSON configs, the
// default line) should not pay its start-up, and loading stays synchronous.
const requireFromHere = createRequire(import.meta.url)
function parseYaml(text: string): unknown {
  const yaml = requireFromHere('yaml') as typeof import('yaml')
  return yaml.parse(text, { prettyErrors: true })
}

/** A config file; with `repoDir`, what the config leaves out is taken from that repository. */
export function readConfigFile(path: string, repoDir?: string): ConfigResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return { ok: false, errors: [`cannot read config ${path}: ${(error as Error).message}`] }
  }
  let data: unknown
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    return {
      ok: false,
      errors: [
        `${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${firstLine((error as Error).message)}`,
      ],
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, errors: [`${path}: expected a mapping with a \`lines\` key at the top level`] }
  return validate(data, path, repoDir)
}

/**
 * Validate raw config data; `source` names it in messages. With `repoDir`,
 * each line's branch and announce settings default to what that repository
 * tells (`repo-defaults.ts`); without, the branch is `main` and `announce` stays unset.
 */
export function validate(data: unknown, source: string, repoDir?: string): ConfigResult {
  const input = repoDir ? withRepoDefaults(data, repoDir) : data
  const parsed = configSchema.safeParse(input, { reportInput: true })
  if (!parsed.success)
    return {
      ok: false,
      errors: withoutMisspelled(parsed.error.issues).map((i) => `${source}: ${formatIssue(i)}`),
    }
  const { lines, ...rest } = parsed.data
  const resolved = withRangeClaims(lines.map((line) => resolveLine(line, rest.preset)))
  const defaultAnnounce = repoDir ? defaultAnnouncements(resolved, repoDir) : {}
  return { ok: true, config: { ...rest, lines: resolved, defaultAnnounce, source } }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path)
  const where = path ? `${path}: ` : ''
  if (issue.code === 'unrecognized_keys') {
    const hints = issue.keys.flatMap((k) => {
      const near = nearestKey(k)
      return near ? [`did you mean ${near}?`] : []
    })
    const hint = hints.length ? `${hints.join(' ')} ` : ''
    return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (${hint}check the spelling; the config reference in docs/configuration.md lists every key)`
  }
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${preview(issue.input)})` : ''
  return `${where}${issue.message}${got}`
}

/** A required key reported missing because it was misspelled is said once: as the misspelling. */
function withoutMisspelled(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const meant = new Set(
    issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.flatMap((k) => {
            const near = nearestKey(k)
            return near ? [formatPath([...i.path, near])] : []
          })
        : [],
    ),
  )
  return issues.filter(
    (i) => !(i.code === 'invalid_type' && i.input === undefined && meant.has(formatPath(i.path))),
  )
}

/** A config key spelled like `key` but for case, `-`/`_`, or one or two letters. */
export function nearestKey(key: string): string | null {
  const known = new Set(configRows().map((r) => r.key.split('.').at(-1)!.replace('[]', '')))
  const fold = (k: string) => k.toLowerCase().replace(/[-_]/g, '')
  const same = [...known].find((k) => fold(k) === fold(key))
  if (same) return same
  const close = [...known].filter((k) => k.length > 3 && editDistance(fold(k), fold(key)) <= 2)
  return close.length === 1 ? close[0]! : null
}

/** Levenshtein distance; two short strings, so the plain table is enough (no package for this). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out ? `.${String(part)}` : String(part)
  }
  return out
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function readJson(path: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(path, 'utf8')) }
  } catch (error) {
    return { ok: false, errors: [`${path}: not valid JSON: ${firstLine((error as Error).message)}`] }
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}
