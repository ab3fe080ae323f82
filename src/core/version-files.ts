/**
 * The version bump a release PR writes into a line's version files
 * (`versionFiles`): package.json, pyproject.toml, a plain VERSION file, a
 * `_version.py`, or any file with a `{version}` pattern. Only the version is
 * replaced; the rest of the file is kept byte for byte. Pure.
 */
import { err, ok, type Result } from './result.ts'

/**
 * A version file: a path (its kind from its name), a path with the text
 * around the version, or a JSON object's top-level key holding a version (a
 * release-please manifest: `{"packages/web": "1.2.3"}`).
 */
export type VersionFile = string | { path: string; pattern: string } | { path: string; jsonKey: string }

const VERSION_TEXT = '[0-9A-Za-z][0-9A-Za-z.+-]*'

export function versionFilePath(file: VersionFile): string {
  return typeof file === 'string' ? file : file.path
}

/** The file's text with its version set to `version`, or why that cannot be done. */
export function bumpVersionFile(file: VersionFile, text: string, version: string): Result<string, string> {
  const path = versionFilePath(file)
  const name = path.split('/').pop() ?? path
  if (typeof file !== 'string')
    return 'jsonKey' in file
      ? bumpJsonKey(path, text, file.jsonKey, version)
      : replacePattern(path, text, file.pattern, version)
  if (name === 'package.json') return bumpPackageJson(path, text, version)
  if (name === 'pyproject.toml') return bumpPyproject(path, text, version)
  if (/^VERSION(\.txt)?$/.test(name)) {
    const eol = text.endsWith('\r\n') ? '\r\n' : '\n'
    return ok(`${version}${eol}`)
  }
  if (name.endsWith('.py')) {
    const m = /^(\s*(?:__version__|VERSION|version)\s*(?::\s*str\s*)?=\s*)(["'])([^"'\n]*)\2/m.exec(text)
    if (!m)
      return err(`${path}: no \`__version__ = "…"\` line to bump: add one, or give a {path, pattern} entry`)
    return ok(text.slice(0, m.index) + m[1] + m[2] + version + m[2] + text.slice(m.index + m[0].length))
  }
  return err(
    `${path}: Herald knows package.json, pyproject.toml, VERSION and *.py version files: give {path, pattern} for others`,
  )
}

function bumpPackageJson(path: string, text: string, version: string): Result<string, string> {
  let current: unknown
  try {
    current = (JSON.parse(text) as { version?: unknown }).version
  } catch {
    return err(`${path}: not valid JSON: fix the file first`)
  }
  if (typeof current !== 'string') return err(`${path}: no top-level "version" to bump: add one`)
  // The first "version" key holding the current value; nested ones (in scripts or config) come later.
  const re = new RegExp(`("version"\\s*:\\s*")${escapeRegExp(current)}(")`)
  const m = re.exec(text)
  if (!m) return err(`${path}: cannot find "version": "${current}" as written: fix the file's formatting`)
  return ok(text.slice(0, m.index) + m[1] + version + m[2] + text.slice(m.index + m[0].length))
}

function bumpJsonKey(path: string, text: string, key: string, version: string): Result<string, string> {
  let current: unknown
  try {
    current = (JSON.parse(text) as Record<string, unknown>)[key]
  } catch {
    return err(`${path}: not valid JSON: fix the file first`)
  }
  if (typeof current !== 'string') return err(`${path}: no "${key}" version to bump: add "${key}": "0.0.0"`)
  const re = new RegExp(`(${escapeRegExp(JSON.stringify(key))}\\s*:\\s*")${escapeRegExp(current)}(")`)
  const m = re.exec(text)
  if (!m) return err(`${path}: cannot find "${key}": "${current}" as written: fix the file's formatting`)
  return ok(text.slice(0, m.index) + m[1] + version + m[2] + text.slice(m.index + m[0].length))
}

function bumpPyproject(path: string, text: string, version: string): Result<string, string> {
  // `version` in [project] (PEP 621), else [tool.poetry].
  for (const table of ['project', 'tool.poetry']) {
    const header = new RegExp(`^\\[${escapeRegExp(table)}\\]\\s*$`, 'm').exec(text)
    if (!header) continue
    const start = header.index + header[0].length
    const next = /^\[/m.exec(text.slice(start))
    const end = next ? start + next.index : text.length
    const m = /^(version\s*=\s*)(["'])([^"'\n]*)\2/m.exec(text.slice(start, end))
    if (!m) continue
    const at = start + m.index
    return ok(text.slice(0, at) + m[1] + m[2] + version + m[2] + text.slice(at + m[0].length))
  }
  return err(
    `${path}: no version = "…" in [project] or [tool.poetry] (a dynamic version lives in another file: list that one)`,
  )
}

function replacePattern(
  path: string,
  text: string,
  pattern: string,
  version: string,
): Result<string, string> {
  const [before, after] = pattern.split('{version}') as [string, string]
  const re = new RegExp(`(${escapeRegExp(before)})${VERSION_TEXT}(${escapeRegExp(after)})`)
  const m = re.exec(text)
  if (!m) return err(`${path}: the pattern ${JSON.stringify(pattern)} matches nothing: check the pattern`)
  return ok(text.slice(0, m.index) + m[1] + version + m[2] + text.slice(m.index + m[0].length))
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
