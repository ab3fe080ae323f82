import { describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import type { StateStore } from '../../ports/store.ts'
import { AUTH, actor } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import type { SignoffKind } from './signoff-kind.ts'
import type { SignoffRecord } from './signoff-log.ts'
import { SignoffMachine } from './signoff-machine.ts'

/** A minimal kind: `open` until it expires, `busy` in flight until its deadline. */
type Note = SignoffRecord & {
  state: 'open' | 'busy' | 'done' | 'expired' | 'stuck'
  tag: string
  deadline?: string
}
const noteKind: SignoffKind<Note> = {
  name: 'release',
  inFlight: new Set(['busy']),
  pending: new Set(['open']),
  overdue(record, now) {
    const at = now.toISOString()
    if (record.state === 'busy' && record.deadline && at > record.deadline)
      return { patch: { state: 'stuck' }, deadline: record.deadline, interrupted: true }
    if (record.state === 'open' && at > record.expiresAt)
      return { patch: { state: 'expired' }, deadline: record.expiresAt, interrupted: false }
    return null
  },
  inFlightDeadline: (record) => record.deadline,
  labelOf: (record) => record.tag,
  lineOf: () => 'v',
  hashOf: () => 'sha256:note',
  interruptedMessage: () => 'stuck',
}

async function setup() {
  const store: StateStore = await openStore({ kind: 'memory' })
  const clock = new TestClock()
  const machine = new SignoffMachine(store, clock, noteKind, AUTH)
  const record: Note = {
    id: 'note-0001',
    seq: 0,
    state: 'open',
    tag: 'v1.0.0',
    expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
  }
  await machine.create(record, actor('U_REQ'), 'opened')
  return { store, clock, machine, record }
}

const step = {
  attempted: 'done',
  auth: { action: 'release' as const },
  states: ['open'],
  stateRefusal: (r: Note) => `it is ${r.state}`,
}

describe('the sign-off machine', () => {
  it('moves a record once: of two moves from the same state, the second is told where it is now', async () => {
    const { machine, record, store } = await setup()
    const first = await machine.move(record, { state: 'done' }, actor('U_REQ'), 'first')
    const second = await machine.move(record, { state: 'busy' }, actor('U_OTHER'), 'second')
    expect(first.ok).toBe(true)
    expect(second).toMatchObject({ ok: false, current: { state: 'done', seq: 1 } })
    const log = await store.listAudit()
    expect(log.map((e) => [e.action, e.outcome, e.detail])).toEqual([
      ['open', 'done', 'v1.0.0: opened'],
      ['done', 'done', 'v1.0.0: first'],
    ])
  })

  it('checks the role first, then the state, then the revision seen, and audits each refusal', async () => {
    const { machine, record, store } = await setup()
    const stranger = await machine.check(actor('U_NOBODY'), record, step)
    expect(stranger?.showRecord).toBe(false)
    const wrongState = await machine.check(actor('U_REQ'), { ...record, state: 'done' }, step)
    expect(wrongState).toEqual({ why: 'it is done', showRecord: true })
    const stale = await machine.check(actor('U_REQ'), record, {
      ...step,
      revision: { seen: 1, current: 2, message: 'you saw revision 1' },
    })
    expect(stale).toEqual({ why: 'you saw revision 1', showRecord: true })
    expect(await machine.check(actor('U_REQ'), record, step)).toBeNull()
    const refusals = (await store.listAudit()).filter((e) => e.outcome === 'refused')
    expect(refusals.map((e) => [e.actor.userId, e.action, e.from, e.hash])).toEqual([
      ['U_NOBODY', 'done', 'open', 'sha256:note'],
      ['U_REQ', 'done', 'done', 'sha256:note'],
      ['U_REQ', 'done', 'open', 'sha256:note'],
    ])
  })

  it('applies the overdue rule on load, as Herald, once', async () => {
    const { machine, clock, record, store } = await setup()
    clock.advance(61_000)
    expect((await machine.load(record.id))?.state).toBe('expired')
    expect((await machine.load(record.id))?.seq).toBe(1)
    const moves = (await store.listAudit()).filter((e) => e.to === 'expired')
    expect(moves.map((e) => [e.actor.userId, e.detail])).toEqual([['herald', 'v1.0.0: overdue']])
  })

  it('lists a record entering a state in flight, so a stopped process is found at start', async () => {
    const { machine, record } = await setup()
    const deadline = new Date(Date.parse(record.expiresAt) + 1).toISOString()
    await machine.move(record, { state: 'busy', deadline }, actor('U_REQ'), 'working')
    expect((await machine.log.inFlight()).map((e) => [e.id, e.seq])).toEqual([['note-0001', 1]])
  })
})
