/**
 * The house limit on file size, counted as `wc -l` counts (Biome enforces the
 * 60-line function limit, and a file limit that skips some lines).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((p) => !p.startsWith('src/testing/'))
}

describe('house limits', () => {
  it('keeps every production source file at 350 lines or fewer', () => {
    const files = ['src', 'bin', 'commands', 'scripts'].flatMap(sources)
    expect(files.length).toBeGreaterThan(100)
    const long = files
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > 350)
    expect(long).toEqual([])
  })
})
