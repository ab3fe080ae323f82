import { describe, expect, it } from 'vitest'
import { packageLabel, packageNameOf, readPackageFile } from './package-files.ts'

describe('readPackageFile', () => {
  it('reads [project] of a pyproject.toml, TOML quoting and comments included', () => {
    const text = `# build\n[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = 'acme-proxy' # the proxy\nversion = "0.2.0"\n[tool.poetry]\nversion = "9.9.9"\n`
    expect(readPackageFile('packages/proxy/pyproject.toml', text)).toEqual({
      ok: true,
      value: { name: 'acme-proxy', version: '0.2.0' },
    })
  })

  it('falls back to [tool.poetry]', () => {
    const text = '[tool.poetry]\nname = "agent"\nversion = "0.1.1"\n'
    expect(readPackageFile('pyproject.toml', text)).toEqual({
      ok: true,
      value: { name: 'agent', version: '0.1.1' },
    })
  })

  it('reads package.json and Cargo.toml', () => {
    expect(readPackageFile('web/package.json', '{"name": "@acme/web", "version": "3.1.0"}')).toEqual({
      ok: true,
      value: { name: '@acme/web', version: '3.1.0' },
    })
    const cargo =
      '[package]\nname = "proxy"\nversion = "0.4.2"\nedition = "2021"\n\n[dependencies]\nserde = { version = "1" }\n'
    expect(readPackageFile('crates/proxy/Cargo.toml', cargo)).toEqual({
      ok: true,
      value: { name: 'proxy', version: '0.4.2' },
    })
  })

  it('names the file and says what to do when the version is missing, dynamic or unparseable', () => {
    const cases: [string, string, string][] = [
      [
        'p/pyproject.toml',
        '[project]\nname = "p"\n',
        'p/pyproject.toml: no version = "…" in [project] or [tool.poetry]: add one',
      ],
      [
        'p/pyproject.toml',
        '[project]\nname = "p"\ndynamic = ["version"]\n',
        'p/pyproject.toml: the version is dynamic (set by the build backend): write version = "…" into [project] to release it with Herald',
      ],
      ['p/pyproject.toml', '[project\nversion = 1', 'p/pyproject.toml: not valid TOML ('],
      [
        'p/pyproject.toml',
        '[project]\nversion = 2\n',
        'p/pyproject.toml: no version string: add one, like version = "0.1.0"',
      ],
      ['w/package.json', '{"name": "w"', 'w/package.json: not valid JSON ('],
      ['w/package.json', '{"name": "w"}', 'w/package.json: no "version" string: add one'],
      [
        'c/Cargo.toml',
        '[package]\nname = "c"\nversion.workspace = true\n',
        "c/Cargo.toml: the version is inherited from the workspace (version.workspace = true): name the workspace's Cargo.toml",
      ],
      [
        'c/Cargo.toml',
        '[workspace]\nmembers = []\n',
        "c/Cargo.toml: no [package] table: name the crate's own Cargo.toml",
      ],
    ]
    for (const [path, text, message] of cases) {
      const read = readPackageFile(path, text)
      expect(read.ok).toBe(false)
      if (!read.ok) expect(read.error.startsWith(message), read.error).toBe(true)
    }
  })
})

describe('packageLabel', () => {
  it('is the directory holding the file; the package name at the root', () => {
    expect(packageLabel('packages/core/pyproject.toml', { name: 'acme-core', version: '1' })).toBe('core')
    expect(packageLabel('pyproject.toml', { name: 'acme', version: '1' })).toBe('acme')
    expect(packageLabel('package.json', { name: null, version: '1' })).toBe('package.json')
  })
})

describe('packageNameOf', () => {
  it.each([
    ['pyproject.toml', '[project]\nname = "dyn"\ndynamic = ["version"]\n', 'dyn'],
    ['pyproject.toml', 'project.name = "dotted" # a comment\n', 'dotted'],
    ['pyproject.toml', "[tool.poetry]\nname = 'poetic'\n", 'poetic'],
    ['sub/Cargo.toml', '[package]\nname = "crab"\n', 'crab'],
    ['package.json', '{"name": "@acme/w"}', '@acme/w'],
    ['Cargo.toml', '[workspace]\nmembers = []\n', null],
    ['pyproject.toml', '[project\nname = "broken"', null],
    ['package.json', '{"name": ""}', null],
  ])('%s %j names %j', (path, text, name) => {
    expect(packageNameOf(path, text)).toBe(name)
  })
})
