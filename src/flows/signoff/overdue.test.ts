import { describe, expect, it } from 'vitest'
import { type AnnounceRecord, announceKind } from '../announce/announce-record.ts'
import { type ReleaseRecord, releaseKind } from '../release/release-record.ts'

const NOW = new Date('2026-03-01T12:00:00.000Z')
const BEFORE = '2026-03-01T11:59:59.000Z'
const AFTER = '2026-03-01T12:00:01.000Z'

const announcement = (over: Partial<AnnounceRecord>) => ({ expiresAt: AFTER, ...over }) as AnnounceRecord
const release = (over: Partial<ReleaseRecord>) => ({ expiresAt: AFTER, ...over }) as ReleaseRecord

describe('overdue: the one rule the flows and the start-up sweep share', () => {
  it.each([
    ['a draft past its expiry expires', { state: 'drafted', expiresAt: BEFORE }, 'expired', false],
    ['an edited draft past its expiry expires', { state: 'edited', expiresAt: BEFORE }, 'expired', false],
    ['an approval never posted expires', { state: 'approved', expiresAt: BEFORE }, 'expired', false],
    ['a failed post expires', { state: 'post_failed', expiresAt: BEFORE }, 'expired', false],
    ['a draft within its time stays', { state: 'drafted' }, null, false],
    ['an unknown post never expires by itself', { state: 'post_unknown', expiresAt: BEFORE }, null, false],
    ['a posted announcement stays posted', { state: 'posted', expiresAt: BEFORE }, null, false],
    [
      'a post past its deadline becomes unknown',
      {
        state: 'posting',
        expiresAt: BEFORE,
        posting: { attempt: 1, startedAt: BEFORE, deadline: BEFORE, by: { platform: 'slack', userId: 'U1' } },
      },
      'post_unknown',
      true,
    ],
    [
      'a post within its deadline stays in flight',
      {
        state: 'posting',
        posting: { attempt: 1, startedAt: BEFORE, deadline: AFTER, by: { platform: 'slack', userId: 'U1' } },
      },
      null,
      false,
    ],
  ] as const)('announcement: %s', (_, over, state, interrupted) => {
    const due = announceKind.overdue(announcement(over as Partial<AnnounceRecord>), NOW)
    expect(due?.patch.state ?? null).toBe(state)
    if (due) expect(due.interrupted).toBe(interrupted)
  })

  it.each([
    ['a preview past its expiry expires', { state: 'planned', expiresAt: BEFORE }, 'expired', false],
    ['a preview within its time stays', { state: 'planned' }, null, false],
    [
      'a cut past its deadline fails as interrupted',
      { state: 'cutting', cutDeadline: BEFORE },
      'cut_failed',
      true,
    ],
    ['a cut within its deadline stays in flight', { state: 'cutting', cutDeadline: AFTER }, null, false],
    ['a cut with no deadline is left to the flow', { state: 'cutting' }, null, false],
    ['a failed cut does not expire', { state: 'cut_failed', expiresAt: BEFORE }, null, false],
    ['a finished cut stays cut', { state: 'cut', expiresAt: BEFORE }, null, false],
  ] as const)('release: %s', (_, over, state, interrupted) => {
    const due = releaseKind.overdue(release(over as Partial<ReleaseRecord>), NOW)
    expect(due?.patch.state ?? null).toBe(state)
    if (due) expect(due.interrupted).toBe(interrupted)
  })

  it('says why an interrupted cut failed, and that retrying reuses the tag', () => {
    const due = releaseKind.overdue(release({ state: 'cutting', cutDeadline: BEFORE }), NOW)
    expect(due?.patch.result?.error).toEqual({
      code: 'interrupted',
      message: expect.stringContaining('a tag already on the pinned commit is reused, never moved'),
    })
    expect(due?.deadline).toBe(BEFORE)
  })
})
