/**
 * A package's name and version, read from its package file: pyproject.toml
 * (`[project]`, else `[tool.poetry]`), package.json, Cargo.toml
 * (`[package]`). TOML through smol-toml (a small, dependency-free,
 * spec-complete parser) rather than patterns: tables, quoting and comments
 * are TOML's to decide. Pure.
 */
import { parse as parseToml } from 'smol-toml'
import { err, ok, type Result } from './result.ts'

export const PACKAGE_FILE_NAMES = ['pyproject.toml', 'package.json', 'Cargo.toml'] as const

export type PackageFile = {
  /** The name the file gives the package, when it gives one. */
  name: string | null
  version: string
}

type Table = Record<string, unknown>

/** The package a file describes, or what is wrong with it (naming the file). */
export function readPackageFile(path: string, text: string): Result<PackageFile, string> {
  const base = path.split('/').pop() ?? path
  if (base === 'package.json') return readPackageJson(path, text)
  const parsed = parseTomlFile(path, text)
  if (!parsed.ok) return parsed
  if (base === 'Cargo.toml') return readCargo(path, parsed.value)
  if (base === 'pyproject.toml') return readPyproject(path, parsed.value)
  return err(`${path}: Herald reads versions from ${PACKAGE_FILE_NAMES.join(', ')}`)
}

/**
 * The name a package file gives its package (`"name"`, `[package]`, `[project]`
 * else `[tool.poetry]`), or null, also for a file that does not parse: unlike
 * `readPackageFile` it asks for no version (a dynamic one is fine).
 */
export function packageNameOf(path: string, text: string): string | null {
  const base = path.split('/').pop() ?? path
  let data: unknown
  try {
    data = base === 'package.json' ? JSON.parse(text) : parseToml(text)
  } catch {
    return null
  }
  if (!isTable(data)) return null
  const tool = isTable(data['tool']) ? data['tool'] : {}
  const tables =
    base === 'Cargo.toml'
      ? [data['package']]
      : base === 'pyproject.toml'
        ? [data['project'], tool['poetry']]
        : [data]
  for (const table of tables) {
    const name = isTable(table) ? table['name'] : undefined
    if (typeof name === 'string' && name) return name
  }
  return null
}

/**
 * How a changelog header names a package: the directory holding its file
 * (`packages/core/pyproject.toml` is `core`), short and the same for every
 * ecosystem; the file's own package name for a file at the repository's root.
 */
export function packageLabel(path: string, file: PackageFile): string {
  const parts = path.split('/')
  return parts.length > 1 ? parts[parts.length - 2]! : (file.name ?? path)
}

function readPackageJson(path: string, text: string): Result<PackageFile, string> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return err(`${path}: not valid JSON (${(error as Error).message}): fix the file`)
  }
  if (!isTable(data)) return err(`${path}: expected a JSON object: fix the file`)
  return found(path, data, '"version"')
}

function readCargo(path: string, data: Table): Result<PackageFile, string> {
  const pkg = data['package']
  if (!isTable(pkg)) return err(`${path}: no [package] table: name the crate's own Cargo.toml`)
  if (isTable(pkg['version']))
    return err(
      `${path}: the version is inherited from the workspace (version.workspace = true): name the workspace's Cargo.toml`,
    )
  return found(path, pkg, 'version in [package]')
}

function readPyproject(path: string, data: Table): Result<PackageFile, string> {
  const tool = isTable(data['tool']) ? data['tool'] : {}
  for (const table of [data['project'], tool['poetry']]) {
    if (isTable(table) && table['version'] !== undefined) return found(path, table, 'version')
  }
  const project = data['project']
  const dynamic =
    isTable(project) && Array.isArray(project['dynamic']) && project['dynamic'].includes('version')
  return err(
    dynamic
      ? `${path}: the version is dynamic (set by the build backend): write version = "…" into [project] to release it with Herald`
      : `${path}: no version = "…" in [project] or [tool.poetry]: add one`,
  )
}

function found(path: string, table: Table, what: string): Result<PackageFile, string> {
  const version = table['version']
  if (typeof version !== 'string' || version.trim() === '')
    return err(`${path}: no ${what} string: add one, like version = "0.1.0"`)
  const name = typeof table['name'] === 'string' ? table['name'] : null
  return ok({ name, version: version.trim() })
}

function parseTomlFile(path: string, text: string): Result<Table, string> {
  try {
    return ok(parseToml(text) as Table)
  } catch (error) {
    const first = (error as Error).message.split('\n')[0]
    return err(`${path}: not valid TOML (${first}): fix the file`)
  }
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
