import { describe, expect, it } from 'vitest'
import { JsonRows, writeJson } from './json-out.ts'

function written(value: unknown): { text: string; pieces: number } {
  const pieces: string[] = []
  writeJson(value, (t) => pieces.push(t))
  return { text: pieces.join(''), pieces: pieces.length }
}

describe('writeJson', () => {
  it.each([
    [{ a: 1, b: 'x', c: null, d: [1, 'two', null, { e: true }], f: { g: [] } }],
    [{ skipped: undefined, fn: () => 1, kept: 0 }],
    [[1, undefined, () => 2, 'ü🚀 "quoted" \\ \n']],
    ['just a string'],
    [null],
    [{}],
    [{ commits: [] }],
  ])('prints %j as JSON.stringify does, and a newline', (value) => {
    expect(written(value).text).toBe(`${JSON.stringify(value)}\n`)
  })

  it.each([
    ['ascii', 'a"b\\c\n'.repeat(30_000)],
    ['surrogate pairs across piece ends', `x${'🚀'.repeat(70_000)}`],
    ['lone surrogates', `${'\ud800'.repeat(3)}${'y'.repeat(70_000)}\udc00`],
  ])('escapes a long string (%s) as JSON.stringify does', (_, text) => {
    const { text: out, pieces } = written({ notes: text })
    expect(out).toBe(`${JSON.stringify({ notes: text })}\n`)
    expect(pieces).toBeGreaterThan(1)
  })

  it('writes rows as their projection, as mapping them would', () => {
    const rows = Array.from({ length: 1_203 }, (_, i) => ({
      pr: i % 3 ? i : null,
      sha: `s${i}`,
      extra: { nested: true },
      subject: i % 7 ? 'ü "q"' : undefined,
    }))
    const project = (r: (typeof rows)[number]) => ({ sha: r.sha, subject: r.subject, pr: r.pr })
    expect(written({ commits: new JsonRows(rows, project) }).text).toBe(
      `${JSON.stringify({ commits: rows.map(project) })}\n`,
    )
    expect(written(new JsonRows([], project)).text).toBe('[]\n')
  })

  it('writes a long array in pieces, never as one string', () => {
    const doc = {
      line: 'v',
      commits: Array.from({ length: 20_000 }, (_, i) => ({ sha: `${i}`, subject: 'ü' })),
    }
    const { text, pieces } = written(doc)
    expect(text).toBe(`${JSON.stringify(doc)}\n`)
    expect(pieces).toBeGreaterThan(5)
  })
})
