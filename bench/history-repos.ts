/**
 * The recorded release histories (`bench/histories/`), rebuilt as git
 * repositories once per content and cached in the temp dir under
 * herald-bench/, with their lines resolved from Herald's config schema. Used by
 * the benchmarks and by the tests that replay real histories.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validate } from '../src/config/load-config.ts'
import type { ReleaseLine } from '../src/core/release-line.ts'
import { buildHistoryRepo, readRecordedHistory } from './history-data.ts'

export const historiesDir = join(import.meta.dirname, 'histories')

export type History = { name: string; repo: string; webUrl: string; lines: ReleaseLine[] }

/** The names of the recorded histories; the folder is part of the repository, so none is an error. */
export function historyNames(): string[] {
  const names = readdirSync(historiesDir)
    .filter((f) => f.endsWith('.lines.json'))
    .map((f) => f.replace('.lines.json', ''))
    .sort()
  if (names.length === 0) throw new Error(`no recorded histories in ${historiesDir}`)
  return names
}

export function historyFile(name: string): string {
  return join(historiesDir, `${name}.jsonl.gz`)
}

/** Builds into a private folder, then renames: a concurrent or interrupted build never leaves half a cache. */
export async function cachedRepo(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(tmpdir(), 'herald-bench', key)
  if (existsSync(join(dir, '.git'))) return dir
  const partial = `${dir}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  await build(partial)
  try {
    renameSync(partial, dir)
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    if (!existsSync(join(dir, '.git'))) throw error
  }
  return dir
}

export async function loadHistory(name: string): Promise<History> {
  const spec = JSON.parse(readFileSync(join(historiesDir, `${name}.lines.json`), 'utf8')) as {
    repo: string
    lines: unknown[]
  }
  const config = validate({ lines: spec.lines }, `${name}.lines.json`)
  if (!config.ok) throw new Error(config.errors.join('\n'))
  const file = historyFile(name)
  // Keyed by the data and the builder: a change to either rebuilds.
  const digest = createHash('sha256')
    .update(readFileSync(file))
    .update(readFileSync(join(import.meta.dirname, 'history-data.ts')))
    .digest('hex')
    .slice(0, 12)
  const repo = await cachedRepo(`${name}-${digest}`, (dir) =>
    buildHistoryRepo(readRecordedHistory(file), dir),
  )
  return { name, repo, webUrl: `https://github.com/${spec.repo}`, lines: config.config.lines }
}
