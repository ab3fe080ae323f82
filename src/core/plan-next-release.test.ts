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
        time: 0,
        message: n.message,
        ...(withFiles ? { files: n.files } : {}),
      }))
    onBatch?.(commits)
    return commits
  }

  /** Answers only about `among`, as the GitHub forge does. */
  async tagsReachableFrom(sha: string, among?: readonly string[]) {
    this.asked.push(`tagsReachableFrom ${this.name(sha)} of ${among?.length ?? 'all'}`)
    const reachable = this.ancestors(sha)
    const asked = new Set(among ?? this.tagList.map((t) => t.name))
    return new Set(this.tagList.filter((t) => reachable.has(t.sha) && asked.has(t.name)).map((t) => t.name))
  }

  /** The commits of `commits` that `sha` descends from (itself included). */
  below(sha: string, commits: readonly RawCommit[]): Set<string> {
    const all = this.ancestors(sha)
    return new Set(commits.filter((c) => all.has(c.sha)).map((c) => c.sha))
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
    expect(h.asked.slice(2)).toEqual(['range #3..v9.0.0', 'tagsReachableFrom #3 of 2', 'range #3..v1.0.0'])
  })

  it('asks about the highest 100 tags at a time, and stops once the last stable release is among them', async () => {
    const h = new MemoryHistory()
    const start = h.commit('feat: start', [])
    h.tag('v1.0.0', start)
    h.tag('v1.1.0-rc.1', start)
    const lts = h.commit('fix: backport', [start])
    for (let i = 0; i < 150; i++) h.tag(`v9.${i}.0`, lts)
    const head = h.commit('feat: on main', [start])
    const next = await planNextRelease(h, { line: line(), ref: head, hideTagsAtTarget: false, request })
    expect(next.ok && next.plan.from?.tag).toBe('v1.0.0')
    expect(next.ok && next.plan.to?.tag).toBe('v1.1.0')
    expect(h.asked.filter((a) => a.startsWith('tagsReachableFrom'))).toEqual([
      'tagsReachableFrom #3 of 100',
      'tagsReachableFrom #3 of 52',
    ])
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

  it.each([
    { known: true, ranges: [[], []] },
    { known: false, ranges: [[], ['range #4..v1.0.0']] },
  ])(
    'plans a pre-release in a path-scoped line from its own commits (what each tag descends from known: $known)',
    async ({ known, ranges }) => {
      const h = new MemoryHistory()
      const start = h.commit('feat: start', [])
      h.tag('v1.0.0', start)
      const one = h.commit('feat(cli): one', [start], ['cli/x'])
      h.tag('v1.1.0-rc.1', one)
      const head = h.commit('fix(cli): two', [h.commit('fix(api): other', [one], ['api/y'])], ['cli/z'])
      const lineRange = async (query: LineCommitQuery) => {
        const commits = (await h.range({ to: query.to, since: query.base, withFiles: true })).filter((c) =>
          c.files?.some((f) => f.startsWith('cli/')),
        )
        h.asked.pop() // the line history's own read, not the planner's
        const inRange = new Set(query.tags.filter((t) => commits.some((c) => c.sha === t)))
        return {
          commits,
          tagsInRange: inRange,
          ancestry: known ? new Map([...inRange].map((t) => [t, h.below(t, commits)])) : undefined,
        }
      }
      const history = Object.assign(h, { lineRange })
      const plan = async (prerelease: string | undefined, range: string[]) => {
        h.asked.length = 0
        const next = await planNextRelease(history, {
          line: line({ paths: ['cli/'] }),
          ref: head,
          hideTagsAtTarget: false,
          request: { ...request, prerelease },
        })
        // Unknown, the rc's ancestry is read from the whole range, and only when the plan counts from it.
        expect(h.asked.filter((a) => a.startsWith('range'))).toEqual(range)
        return next.ok
          ? { to: next.plan.to?.tag, from: next.plan.from?.tag, n: next.plan.commits.length }
          : null
      }
      expect(await plan(undefined, ranges[0]!)).toEqual({ to: 'v1.1.0', from: 'v1.0.0', n: 2 })
      expect(await plan('rc', ranges[1]!)).toEqual({ to: 'v1.1.0-rc.2', from: 'v1.1.0-rc.1', n: 1 })
    },
  )

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
