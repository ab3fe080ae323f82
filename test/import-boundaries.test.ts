/**
 * Source files stand on their own: nothing under src/ reaches into test/, and
 * the in-memory fakes of src/testing/ serve tests (and benchmarks) only, never
 * the code that ships.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const src = join(root, 'src')

type Edge = { from: string; to: string }

/** Every relative static, re-export and dynamic import of every `.ts` file under src/, resolved from the root. */
function importEdges(): Edge[] {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  return files.flatMap((file) => {
    const path = join(src, file)
    const text = readFileSync(path, 'utf8')
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]!)
    return specs
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({
        from: toPosix(relative(root, path)),
        to: toPosix(relative(root, resolve(dirname(path), spec))),
      }))
  })
}

const toPosix = (path: string) => path.split(sep).join('/')
const isTest = (file: string) => file.endsWith('.test.ts')
const isTestKit = (file: string) => file.startsWith('src/testing/')

describe('import boundaries', () => {
  const edges = importEdges()

  it('finds the imports it checks', () => {
    expect(edges.some((e) => e.from === 'src/compose/build-herald.ts')).toBe(true)
    expect(edges.some((e) => isTest(e.from) && isTestKit(e.to))).toBe(true)
  })

  it('src/ never imports from test/', () => {
    expect(edges.filter((e) => e.to.startsWith('test/'))).toEqual([])
  })

  it('only tests and the test kit itself import src/testing/', () => {
    const production = edges.filter((e) => !isTest(e.from) && !isTestKit(e.from))
    expect(production.filter((e) => isTestKit(e.to))).toEqual([])
  })
})
