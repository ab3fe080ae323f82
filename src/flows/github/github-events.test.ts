import { describe, expect, it } from 'vitest'
import type { NotifyTarget } from '../../ports/notifier.ts'
import { testLine } from '../../testing/test-line.ts'
import type { ReleaseRecord } from '../release/release-record.ts'
import type { View } from '../view.ts'
import { GitHubEventFlow, type MergedPullRequest } from './github-events.ts'

const SHA = 'b'.repeat(40)
const event = (over: Partial<MergedPullRequest> = {}): MergedPullRequest => ({
  number: 9,
  mergeSha: SHA,
  headRef: 'herald/release-cli',
  baseRef: 'main',
  merger: { login: 'octo', id: 7 },
  ...over,
})
const record = (state: 'cut' | 'cut_failed') =>
  ({
    state,
    plan: { line: 'cli', tag: 'cli-v1.4.0' },
    result:
      state === 'cut'
        ? { releaseUrl: 'https://github.com/acme/w/releases/tag/cli-v1.4.0', tagCreated: true, error: null }
        : { releaseUrl: null, tagCreated: false, error: { code: 'cut_error', message: 'GitHub said no' } },
  }) as unknown as ReleaseRecord

function setup(outcome: ReleaseRecord | null, notifyFails = false) {
  const calls: unknown[][] = []
  const posted: { target: NotifyTarget; view: View }[] = []
  const warnings: string[] = []
  const flow = new GitHubEventFlow({
    release: {
      publishMerged: async (...args) => {
        calls.push(args)
        return outcome
      },
      ciCompleted: async (sha) => {
        calls.push(['ci', sha])
        return sha === SHA ? [record('cut')] : []
      },
    },
    lines: [
      testLine({ name: 'cli', tagPrefix: 'cli-v', mode: 'pr', notify: { slack: 'C0RELEASES' } }),
      testLine({ name: 'web', tagPrefix: 'v' }),
    ],
    notifier: {
      async notify(target, view) {
        if (notifyFails) throw Object.assign(new Error('channel_not_found'), { code: 'notify_refused' })
        posted.push({ target, view })
      },
    },
    log: {
      warn: (m: string) => warnings.push(m),
      info() {},
      error() {},
      debug() {},
      child() {
        return this
      },
    },
  })
  return { flow, calls, posted, warnings }
}

describe('GitHubEventFlow.pullRequestMerged', () => {
  it.each([
    [event({ headRef: 'feature/x' }), "PR #9 is not a line's release PR"],
    [event({ headRef: 'herald/release-web' }), "PR #9 is not a line's release PR"],
    [event({ baseRef: 'develop' }), "release PR #9 was merged into develop, not the line's branch main"],
  ])('ignores %j', async (e, reason) => {
    const { flow, calls, posted } = setup(record('cut'))
    expect(await flow.pullRequestMerged(e)).toEqual({ kind: 'ignored', reason })
    expect(calls).toEqual([])
    expect(posted).toEqual([])
  })

  it('publishes as the merger and posts "published" with Announce to the notify channel', async () => {
    const { flow, calls, posted } = setup(record('cut'))
    expect(await flow.pullRequestMerged(event())).toEqual({
      kind: 'published',
      line: 'cli',
      tag: 'cli-v1.4.0',
      releaseUrl: 'https://github.com/acme/w/releases/tag/cli-v1.4.0',
      notified: 'Slack channel C0RELEASES',
    })
    expect(calls).toEqual([
      [{ platform: 'github', userId: '7', name: 'octo' }, 'cli', { number: 9, sha: SHA }],
    ])
    expect(posted).toHaveLength(1)
    expect(posted[0]!.target).toEqual({ slack: 'C0RELEASES' })
    expect(posted[0]!.view.blocks[0]).toEqual({ kind: 'header', text: 'cli-v1.4.0 is published' })
    expect(posted[0]!.view.actions).toEqual([{ id: 'r:ann:cli-v1.4.0', label: 'Announce', style: 'primary' }])
  })

  it('tells the channel a failed publish, without Announce', async () => {
    const { flow, posted } = setup(record('cut_failed'))
    expect(await flow.pullRequestMerged(event())).toMatchObject({
      kind: 'publish_failed',
      error: 'GitHub said no',
    })
    expect(posted[0]!.view.actions).toEqual([])
    expect(JSON.stringify(posted[0]!.view.blocks)).toContain('run /release line:cli')
  })

  it('does nothing more when there is nothing to publish (already published, another merge)', async () => {
    const { flow, posted } = setup(null)
    expect(await flow.pullRequestMerged(event())).toMatchObject({ kind: 'ignored' })
    expect(posted).toEqual([])
  })

  it('logs a channel that refuses the message; the release stays published', async () => {
    const { flow, warnings } = setup(record('cut'), true)
    expect(await flow.pullRequestMerged(event())).toMatchObject({ kind: 'published', notified: null })
    expect(warnings).toEqual(['github: the "published" message could not be posted'])
  })
})

describe('GitHubEventFlow.ciCompleted', () => {
  it.each([
    [SHA, { kind: 'previews_updated', sha: SHA, previews: ['cli-v1.4.0'], messages: 0 }],
    ['c'.repeat(40), { kind: 'ignored', reason: 'no open preview of ccccccc whose CI check changed' }],
  ])('CI done on %s → %j', async (sha, expected) => {
    const { flow, calls } = setup(null)
    expect(await flow.ciCompleted({ sha })).toEqual(expected)
    expect(calls).toEqual([['ci', sha]])
  })
})
