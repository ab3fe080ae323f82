/**
 * The README is the front door and docs/ holds one page per topic: every
 * relative link between them must reach a file of the repository, and every
 * `#anchor` a heading of its target page, slugged as GitHub does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
]

/** Lines outside fenced code blocks, with inline code spans blanked out. */
function prose(text: string): string[] {
  const out: string[] = []
  let fence: string | null = null
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null
      out.push('')
      continue
    }
    out.push(fence === null ? line.replace(/(`+)[^`]*?\1/g, '') : '')
  }
  return out
}

/** GitHub's heading anchor: lower case, punctuation and emoji dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  let fence: string | null = null
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null
      continue
    }
    const heading = fence === null ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] : undefined
    if (heading === undefined) continue
    const base = slug(heading)
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n === 0 ? base : `${base}-${n}`)
  }
  return out
}

type Link = { page: string; line: number; target: string }

function links(page: string): Link[] {
  const out: Link[] = []
  prose(readFileSync(join(root, page), 'utf8')).forEach((text, i) => {
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ page, line: i + 1, target: m[1]! })
    const definition = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text)
    if (definition) out.push({ page, line: i + 1, target: definition[1]! })
  })
  return out.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l.target))
}

/** What is wrong with a link, or null when it resolves. */
function problem(link: Link): string | null {
  const [path = '', anchor] = link.target.split('#', 2)
  const file = path === '' ? join(root, link.page) : resolve(dirname(join(root, link.page)), path)
  const inside = relative(root, file)
  if (inside.startsWith(`..${sep}`) || inside === '..') return 'points outside the repository'
  if (!existsSync(file)) return `${inside} does not exist`
  if (anchor === undefined || !file.endsWith('.md')) return null
  return anchors(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor))
    ? null
    : `${inside} has no heading #${anchor}`
}

describe('documentation links', () => {
  it('README.md stays the front door: at most 250 lines', () => {
    const lines = readFileSync(join(root, 'README.md'), 'utf8').replace(/\n$/, '').split('\n')
    expect(lines.length).toBeLessThanOrEqual(250)
  })

  it('every relative link in README.md and docs/*.md reaches a file and a heading', () => {
    const all = pages.flatMap(links)
    expect(all.length).toBeGreaterThan(20)
    const broken = all.flatMap((l) => {
      const why = problem(l)
      return why ? [`${l.page}:${l.line}: (${l.target}) ${why}`] : []
    })
    expect(broken).toEqual([])
  })

  it('README.md links every page in docs/', () => {
    const readme = links('README.md').map((l) => l.target.split('#')[0])
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(readme).toContain(page)
  })

  it('slugs headings as GitHub does', () => {
    expect(slug('Release PRs (`mode: pr`)')).toBe('release-prs-mode-pr')
    expect(slug('Where Herald differs from DESIGN.md')).toBe('where-herald-differs-from-designmd')
    expect(slug('🚀 Features')).toBe('-features')
    expect(slug('Restarts: interrupted cuts and posts')).toBe('restarts-interrupted-cuts-and-posts')
  })
})
