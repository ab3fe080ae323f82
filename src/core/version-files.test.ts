import { describe, expect, it } from 'vitest'
import { bumpVersionFile, type VersionFile } from './version-files.ts'

describe('bumpVersionFile', () => {
  it.each<[VersionFile, string, string]>([
    [
      'package.json',
      '{\n  "name": "x",\n  "version": "0.2.0",\n  "scripts": { "version": "0.2.0" }\n}\n',
      '{\n  "name": "x",\n  "version": "0.3.0",\n  "scripts": { "version": "0.2.0" }\n}\n',
    ],
    [
      'pyproject.toml',
      '[build-system]\nversion = "9"\n\n[project]\nname = "connexity-cli"\nversion = "0.2.0"\n',
      '[build-system]\nversion = "9"\n\n[project]\nname = "connexity-cli"\nversion = "0.3.0"\n',
    ],
    ['pyproject.toml', "[tool.poetry]\nversion = '0.2.0'\n", "[tool.poetry]\nversion = '0.3.0'\n"],
    ['VERSION', '0.2.0\n', '0.3.0\n'],
    [
      'backend/cli/_version.py',
      '# generated\n__version__ = "0.2.0"\n',
      '# generated\n__version__ = "0.3.0"\n',
    ],
    [
      { path: 'ml_team/api/app.py', pattern: 'FastAPI(version="{version}"' },
      'app = FastAPI(version="0.2.0", title="x")\n',
      'app = FastAPI(version="0.3.0", title="x")\n',
    ],
    [
      { path: '.release-please-manifest.json', jsonKey: 'packages/web' },
      '{\n  "packages/api": "0.2.0",\n  "packages/web":"0.2.0"\n}\n',
      '{\n  "packages/api": "0.2.0",\n  "packages/web":"0.3.0"\n}\n',
    ],
  ])('bumps %o to 0.3.0 and keeps the rest byte for byte', (file, before, after) => {
    expect(bumpVersionFile(file, before, '0.3.0')).toEqual({ ok: true, value: after })
  })

  it.each<[VersionFile, string, string]>([
    ['package.json', '{"name": "x"}', 'package.json: no top-level "version" to bump: add one'],
    ['package.json', '{', 'package.json: not valid JSON: fix the file first'],
    [
      { path: 'm.json', jsonKey: 'packages/web' },
      '{"packages/api": "1.0.0"}',
      'm.json: no "packages/web" version to bump: add "packages/web": "0.0.0"',
    ],
    [
      'pyproject.toml',
      '[project]\ndynamic = ["version"]\n',
      'pyproject.toml: no version = "…" in [project] or [tool.poetry] (a dynamic version lives in another file: list that one)',
    ],
    [
      { path: 'x.txt', pattern: 'v{version};' },
      'nothing here',
      'x.txt: the pattern "v{version};" matches nothing: check the pattern',
    ],
    [
      'Cargo.toml',
      '',
      'Cargo.toml: Herald knows package.json, pyproject.toml, VERSION and *.py version files: give {path, pattern} for others',
    ],
  ])('explains what to do when %o cannot be bumped', (file, text, message) => {
    expect(bumpVersionFile(file, text, '1.0.0')).toEqual({ ok: false, error: message })
  })
})
