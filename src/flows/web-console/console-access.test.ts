import { describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import { AUTH, actor } from '../../testing/signoff-fixtures.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { ConsoleAccess, csrfMatches, LINK_TTL_MS, SESSION_IDLE_MS } from './console-access.ts'

async function setup() {
  const store = await openStore({ kind: 'memory' })
  const clock = new TestClock()
  const access = new ConsoleAccess({
    store,
    clock,
    auth: AUTH,
    publicUrl: new URL('https://herald.example.com'),
  })
  return { store, clock, access }
}

const tokenOf = (url: string) => /\/console\/login\/([A-Za-z0-9_-]{43})$/.exec(url)![1]!

describe('ConsoleAccess', () => {
  it('a link signs its chat user in once; the store keeps only its hash', async () => {
    const { store, access } = await setup()
    const made = await access.link(actor('U_APP', 'slack', { roles: ['R1'] }))
    if (!made.ok) throw new Error(made.message)
    expect(made.url).toMatch(/^https:\/\/herald\.example\.com\/console\/login\/[A-Za-z0-9_-]{43}$/)
    const token = tokenOf(made.url)
    expect(await store.get(`console:link:${token}`)).toBeUndefined()
    const first = await access.signIn(token)
    if (!first.ok) throw new Error(first.message)
    expect(first.session.actor).toMatchObject({ platform: 'slack', userId: 'U_APP', roles: ['R1'] })
    expect(await access.signIn(token)).toEqual({
      ok: false,
      message: expect.stringContaining('was used already'),
    })
    expect((await store.listAudit()).map((e) => [e.subject, e.action, e.actor.userId])).toEqual([
      ['console', 'signed_in', 'U_APP'],
    ])
  })

  it.each([
    ['expired', LINK_TTL_MS + 1, 'has expired'],
    ['still valid', LINK_TTL_MS - 1000, null],
  ])('a link opened when %s', async (_, waitMs, refusal) => {
    const { clock, access } = await setup()
    const made = await access.link(actor('U_REQ'))
    if (!made.ok) throw new Error(made.message)
    clock.advance(waitMs)
    const signed = await access.signIn(tokenOf(made.url))
    expect(signed.ok ? null : signed.message).toEqual(
      refusal === null ? null : expect.stringContaining(refusal),
    )
  })

  it.each(['', 'short', 'A'.repeat(43).replace('A', '.'), '../../etc/passwd'])(
    'refuses a token like %j',
    async (token) => {
      const { access } = await setup()
      expect(await access.signIn(token)).toEqual({
        ok: false,
        message: expect.stringContaining('/release console'),
      })
    },
  )

  it('refuses a link to someone with no role in auth', async () => {
    const { access } = await setup()
    const view = await access.linkView(actor('U_STRANGER'))
    expect(view.blocks).toEqual([
      { kind: 'notice', level: 'error', text: expect.stringContaining('You may not use the web console') },
    ])
    expect(JSON.stringify(view)).not.toContain('/console/login/')
  })

  it('a session ends after 12 hours without a request, or on sign-out; each request restarts the clock', async () => {
    const { clock, access } = await setup()
    const link = await access.link(actor('U_REQ'))
    if (!link.ok) throw new Error(link.message)
    const signed = await access.signIn(tokenOf(link.url))
    if (!signed.ok) throw new Error(signed.message)
    clock.advance(SESSION_IDLE_MS - 1000)
    expect((await access.session(signed.sessionId))?.actor.userId).toBe('U_REQ')
    clock.advance(SESSION_IDLE_MS - 1000)
    expect(await access.session(signed.sessionId)).toBeDefined()
    clock.advance(SESSION_IDLE_MS + 1)
    expect(await access.session(signed.sessionId)).toBeUndefined()

    const again = await access.link(actor('U_REQ'))
    if (!again.ok) throw new Error(again.message)
    const second = await access.signIn(tokenOf(again.url))
    if (!second.ok) throw new Error(second.message)
    await access.signOut(second.sessionId)
    expect(await access.session(second.sessionId)).toBeUndefined()
  })

  it.each([
    ['the session token', true],
    ['another token', false],
    ['nothing', false],
  ])('CSRF: %s matches: %s', async (what, matches) => {
    const { access } = await setup()
    const link = await access.link(actor('U_REQ'))
    if (!link.ok) throw new Error(link.message)
    const signed = await access.signIn(tokenOf(link.url))
    if (!signed.ok) throw new Error(signed.message)
    const submitted =
      what === 'the session token'
        ? signed.session.csrf
        : what === 'another token'
          ? 'x'.repeat(43)
          : undefined
    expect(csrfMatches(signed.session, submitted)).toBe(matches)
  })
})
