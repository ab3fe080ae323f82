/**
 * The shared release histories (`../shared/bench/histories/`), rebuilt as git
 * repositories once and cached in the temp dir under herald-bench/ (the same
 * cache `plan-accuracy.mjs` uses), with their lines resolved from Herald's
 * config schema. Used by the changelog benchmark and the round-trip test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { validate } from '../src/config/load-config.ts'
import type { ReleaseLine } from '../src/core/release-line.ts'

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/bench')
export const historiesDir = join(shared, 'histories')

export type History = { name: string; repo: string; webUrl: string; lines: ReleaseLine[] }

export function historyNames(): string[] {
  if (!existsSync(historiesDir)) return []
  return readdirSync(historiesDir)
    .filter((f) => f.endsWith('.lines.json'))
    .map((f) => f.replace('.lines.json', ''))
    .sort()
}

export async function loadHistory(name: string): Promise<History> {
  const spec = JSON.parse(readFileSync(join(historiesDir, `${name}.lines.json`), 'utf8')) as {
    repo: string
    lines: unknown[]
  }
  const config = validate({ lines: spec.lines }, `${name}.lines.json`)
  if (!config.ok) throw new Error(config.errors.join('\n'))
  const file = join(historiesDir, `${name}.jsonl.gz`)
  const stamp = statSync(file).mtimeMs.toFixed(0)
  const dir = join(tmpdir(), 'herald-bench', `${name}-${stamp}`)
  if (!existsSync(join(dir, '.git'))) {
    // build-repo.mjs is plain JavaScript outside this project: loaded at run time, untyped.
    const { buildRepo } = (await import(pathToFileURL(join(shared, 'build-repo.mjs')).href)) as {
      buildRepo: (file: string, dir: string) => Promise<unknown>
    }
    await buildRepo(file, dir)
  }
  return { name, repo: dir, webUrl: `https://github.com/${spec.repo}`, lines: config.config.lines }
}
