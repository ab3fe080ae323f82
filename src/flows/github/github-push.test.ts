import { describe, expect, it } from 'vitest'
import { testLine } from '../../testing/test-line.ts'
import type { ReleasePrOutcome } from '../release/release-pr.ts'
import { Debouncer, type Timers } from './debounce.ts'
import { GitHubEventFlow } from './github-events.ts'

const HEAD = (n: number) => String(n).repeat(40).slice(0, 40)

/** Timers moved by hand: `advance(ms)` fires what is due. */
function manualTimers() {
  let now = 0
  let next = 0
  const due = new Map<number, { at: number; run: () => void }>()
  const timers: Timers = {
    set(run, ms) {
      due.set(++next, { at: now + ms, run })
      return next
    },
    clear: (handle) => due.delete(handle as number),
  }
  const advance = async (ms: number) => {
    now += ms
    for (const [id, t] of [...due].filter(([, t]) => t.at <= now)) {
      due.delete(id)
      t.run()
    }
    await new Promise((r) => setImmediate(r))
  }
  return { timers, advance }
}

function setup(options: { refresh?: boolean } = {}) {
  const { timers, advance } = manualTimers()
  const refreshed: string[] = []
  const logged: { level: string; msg: string; fields: unknown }[] = []
  const log = (level: string) => (msg: string, fields?: unknown) => logged.push({ level, msg, fields })
  const flow = new GitHubEventFlow({
    release: { publishMerged: async () => null, ciCompleted: async () => [] },
    lines: [
      testLine({ name: 'cli', tagPrefix: 'cli-v', mode: 'pr', branch: 'main' }),
      testLine({ name: 'lts', tagPrefix: 'lts-v', mode: 'pr', branch: 'release/1.x' }),
      testLine({ name: 'web', tagPrefix: 'v', branch: 'main' }),
    ],
    notifier: null,
    log: {
      warn: log('warn'),
      info: log('info'),
      error: log('error'),
      debug() {},
      child() {
        return this
      },
    },
    refreshReleasePr:
      options.refresh === false
        ? null
        : async (line): Promise<ReleasePrOutcome> => {
            refreshed.push(line)
            return { kind: 'nothing', message: `nothing to release on line ${line}` }
          },
    debouncer: new Debouncer(1000, timers),
  })
  return { flow, refreshed, logged, advance }
}

describe('GitHubEventFlow.pushed', () => {
  it('refreshes a line once after a burst of pushes to its branch stops', async () => {
    const { flow, refreshed, advance } = setup()
    for (let i = 1; i <= 5; i++) {
      expect(flow.pushed({ branch: 'main', head: HEAD(i) })).toEqual({
        kind: 'refresh_scheduled',
        lines: ['cli'],
        head: HEAD(i),
      })
      await advance(600)
    }
    expect(refreshed).toEqual([])
    await advance(400)
    expect(refreshed).toEqual(['cli'])
    await advance(5000)
    expect(refreshed).toEqual(['cli'])
  })

  it('keeps each line to its own branch and its own delay', async () => {
    const { flow, refreshed, advance } = setup()
    flow.pushed({ branch: 'main', head: HEAD(1) })
    await advance(500)
    flow.pushed({ branch: 'release/1.x', head: HEAD(2) })
    await advance(500)
    expect(refreshed).toEqual(['cli'])
    await advance(500)
    expect(refreshed).toEqual(['cli', 'lts'])
  })

  it.each([
    [{ branch: 'feature/x', head: HEAD(1) }, {}, 'no release-PR line (mode: pr) is released from feature/x'],
    [
      { branch: 'main', head: HEAD(1) },
      { refresh: false },
      'no release-PR line (mode: pr) is released from main',
    ],
  ])('ignores %j', async (push, options, reason) => {
    const { flow, refreshed, advance } = setup(options)
    expect(flow.pushed(push)).toEqual({ kind: 'ignored', reason })
    await advance(2000)
    expect(refreshed).toEqual([])
  })

  it('flush runs a waiting refresh at once (shutdown) and logs what it came to', async () => {
    const { flow, refreshed, logged } = setup()
    flow.pushed({ branch: 'main', head: HEAD(1) })
    await flow.flush()
    expect(refreshed).toEqual(['cli'])
    expect(logged).toEqual([
      {
        level: 'info',
        msg: 'github: release PR refreshed after pushes',
        fields: { line: 'cli', outcome: 'nothing', message: 'nothing to release on line cli' },
      },
    ])
  })
})
