/** The Slack actor's user groups: one `usergroups.list` per minute, whatever it answers, and a retry after a failure. */
import type { webApi } from '@slack/bolt'
import { describe, expect, it, vi } from 'vitest'
import { silentLog } from '../../src/chat/platform/log.ts'
import { SlackActors } from '../../src/chat/slack/slack-actors.ts'

function clientAnswering(...answers: (unknown[] | Error)[]) {
  const list = vi.fn(async () => {
    const answer = answers.shift() ?? []
    if (answer instanceof Error) throw answer
    return { ok: true, usergroups: answer }
  })
  return { list, client: { usergroups: { list } } as unknown as webApi.WebClient }
}

describe('SlackActors', () => {
  it('caches an empty group list like any answer', async () => {
    const { list, client } = clientAnswering([])
    const actors = new SlackActors(client, silentLog, () => 1_000)
    await Promise.all([actors.resolve('U1'), actors.resolve('U2')])
    expect(await actors.resolve('U1')).toMatchObject({ userId: 'U1', groups: [] })
    expect(list).toHaveBeenCalledTimes(1)
  })

  it('asks again after a minute', async () => {
    let now = 0
    const { list, client } = clientAnswering([], [{ id: 'S1', users: ['U1'] }])
    const actors = new SlackActors(client, silentLog, () => now)
    expect((await actors.resolve('U1')).groups).toEqual([])
    now = 61_000
    expect((await actors.resolve('U1')).groups).toEqual(['S1'])
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('does not cache a failure: the next request tries again', async () => {
    const { list, client } = clientAnswering(new Error('missing_scope'), [{ id: 'S1', users: ['U1'] }])
    const actors = new SlackActors(client, silentLog, () => 1_000)
    expect((await actors.resolve('U1')).groups).toEqual([])
    await new Promise((r) => setImmediate(r))
    expect((await actors.resolve('U1')).groups).toEqual(['S1'])
    expect(list).toHaveBeenCalledTimes(2)
  })
})
