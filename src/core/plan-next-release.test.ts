import { describe, expect, it } from 'vitest'
import type { CommitRange, LineCommitQuery, ReleaseHistory } from '../ports/history.ts'
import { testLine } from '../testing/test-line.ts'
import { planNextRelease } from './plan-next-release.ts'
import type { RawCommit } from './plan-release.ts'
import type { TagRef } from './versions.ts'

const line = testLine

type Node = { sha: string; parents: string[]; time: number; message: string; files: string[] }

/** An in-memory history that records what the planner asks of it. */
class MemoryHistory implements ReleaseHistory {
  readonly asked: string[] = []
  readonly nodes = new Map<string, Node>()
  readonly tagList: TagRef[] = []
  private clock = 1000

  commit(message: string, parents: string[], files: string[] = ['a']): string {
    const sha = (this.nodes.size + 1).toString(16).padStart(40, '0')
    this.clock += 10
    this.nodes.set(sha, { sha, parents, time: this.clock, message, files })
    return sha
  }

  tag(name: string, sha: string): void {
    this.tagList.push({ name, sha, time: this.nodes.get(sha)!.time })
  }

  async resolveCommit(ref: string) {
    this.asked.push(`resolveCommit ${ref}`)
    const node = this.nodes.get(ref)
    return node ? { sha: node.sha, time: node.time } : null
  }

  async tags() {
    this.asked.push('tags')
    return this.tagList
  }

  async range({ to, since, withFiles }: CommitRange, onBatch?: (batch: RawCommit[]) => void) {
    this.asked.push(`range ${this.name(to)}..${since ? this.name(since) : ''}`)
    const old = since ? this.ancestors(since) : new Set<string>()
    const commits = [...this.ancestors(to)]
      .filter((sha) => !old.has(sha))
      .map((sha) => this.nodes.get(sha)!)
      .sort((a, b) => b.time - a.time)
      .map((n) => ({
        sha: n.sha,
        parents: n.parents,
        author: 'A',
        email: 'a@x',
        date: '',
        message: n.message,
        ...(withFiles ? { files: n.files } : {}),
      }))
    onBatch?.(commits)
    return commits
  }

  async tagsReachableFrom(sha: string) {
    this.asked.push(`tagsReachableFrom ${this.name(sha)}`)
    const reachable = this.ancestors(sha)
    return new Set(this.tagList.filter((t) => reachable.has(t.sha)).map((t) => t.name))
  }

  private ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length) {
      const next = stack.pop()!
      if (seen.has(next)) continue
      seen.add(next)
      stack.push(...this.nodes.get(next)!.parents)
    }
    return seen
  }

  private name(sha: string): string {
    return this.tagList.find((t) => t.sha === sha)?.name ?? `#${Number.parseInt(sha, 16)}`
  }
}

const request = { bump: 'auto' as const }

describe('planNextRelease', () => {
  it('reads the range once from the likely base, and never asks for reachability when it is an ancestor', async () => {
    const h = new MemoryHistory()
    const start = h.commit('feat: start', [])
    h.tag('v1.0.0', start)
    const head = h.commit('fix: one', [h.commit('feat: two', [start])])
    const next = await planNextRelease(h, { line: line(), ref: head, hideTagsAtTarget: false, request })
    expect(next.ok && next.plan.to?.version).toBe('1.1.0')
    expect(h.asked).toEqual([`resolveCommit ${head}`, 'tags', 'range #3..v1.0.0'])
  })

  it('asks which tags are reachable when the likely base is on another branch, then reads from the real one', async () => {
    const h = new MemoryHistory()
    const start = h.commit('feat: start', [])
    h.tag('v1.0.0', start)
    h.tag('v9.0.0', h.commit('fix: backport', [start]))
    const head = h.commit('feat: on main', [start])
    const next = await planNextRelease(h, { line: line(), ref: head, hideTagsAtTarget: false, request })
    expect(next.ok && next.plan.from?.tag).toBe('v1.0.0')
    expect(next.ok && next.plan.to?.tag).toBe('v1.1.0')
    expect(h.asked.slice(2)).toEqual(['range #3..v9.0.0', 'tagsReachableFrom #3', 'range #3..v1.0.0'])
  })

  it('asks for a path-scoped line only its own commits when the history can answer', async () => {
    const h = new MemoryHistory()
    const start = h.commit('feat: start', [])
    h.tag('v1.0.0', start)
    const head = h.commit('feat(cli): x', [start], ['cli/x'])
    const scoped = line({ paths: ['cli/'] })
    const asked: LineCommitQuery[] = []
    const lineRange = async (query: LineCommitQuery) => {
      asked.push(query)
      return {
        commits: await h.range({ to: query.to, since: query.base, withFiles: true }),
        tagsInRange: new Set<string>(),
      }
    }
    const next = await planNextRelease(Object.assign(h, { lineRange }), {
      line: scoped,
      ref: head,
      hideTagsAtTarget: false,
      request,
    })
    expect(next.ok && next.plan.to?.version).toBe('1.1.0')
    expect(asked).toEqual([{ to: head, base: start, paths: ['cli/'], excludePaths: [], tags: [] }])
  })

  it('plans as if the tags on the target did not exist when asked to', async () => {
    const h = new MemoryHistory()
    const start = h.commit('feat: start', [])
    h.tag('v1.0.0', start)
    const head = h.commit('fix: one', [start])
    h.tag('v1.0.1', head)
    const hidden = await planNextRelease(h, { line: line(), ref: head, hideTagsAtTarget: true, request })
    expect(hidden.ok && hidden.plan.refusal).toBeNull()
    const shown = await planNextRelease(h, { line: line(), ref: head, hideTagsAtTarget: false, request })
    expect(shown.ok && shown.plan.refusal?.code).toBe('tag-exists')
  })

  it('answers an unknown ref with a value, not an exception', async () => {
    const next = await planNextRelease(new MemoryHistory(), {
      line: line(),
      ref: 'nope',
      hideTagsAtTarget: false,
      request,
    })
    expect(next).toEqual({ ok: false, code: 'unknown-ref' })
  })
})
