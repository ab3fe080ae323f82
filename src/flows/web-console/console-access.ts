/**
 * Signing in to the web console from chat: `/release console` gives a chat
 * user a link that works once, for 10 minutes, for them alone; opening it
 * starts a session that ends after 12 hours without a request, or on
 * sign-out. Tokens and session ids are random (256 bits) and kept in the
 * state store only as their SHA-256, so a copy of the store opens nothing;
 * replicas sharing the store share the sessions. A link is used up by one
 * atomic claim, so of two tabs opening it at once exactly one signs in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { type AuthAction, type AuthConfig, authorize } from '../../core/authorize.ts'
import type { Clock } from '../../ports/clock.ts'
import type { StateStore } from '../../ports/store.ts'
import { whoOf } from '../signoff/who.ts'
import { type Actor, messageView, type View } from '../view.ts'

export const LINK_TTL_MS = 10 * 60 * 1000
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000

export type ConsoleSession = {
  /** Who signed in, as chat said when the link was made (roles and groups included). */
  actor: Actor
  /** The CSRF token every form of this session carries. */
  csrf: string
  createdAt: string
  lastSeen: string
}

type StoredLink = { actor: Actor; expiresAt: string }

export type SignIn = { ok: true; sessionId: string; session: ConsoleSession } | { ok: false; message: string }

const ROLES: readonly AuthAction[] = ['release', 'approve', 'announce', 'promote', 'rollback']
/** What a token or session id looks like: 32 random bytes, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/

export type ConsoleAccessDeps = {
  store: StateStore
  clock: Clock
  auth: AuthConfig | undefined
  publicUrl: URL
}

export class ConsoleAccess {
  readonly #deps: ConsoleAccessDeps

  constructor(deps: ConsoleAccessDeps) {
    this.#deps = deps
  }

  /** `/release console`: a sign-in link for `actor`, shown only to them; refused to someone with no role in `auth`. */
  async linkView(actor: Actor): Promise<View> {
    const made = await this.link(actor)
    if (!made.ok) return messageView('error', made.message)
    return {
      private: true,
      blocks: [
        {
          kind: 'text',
          text: `[Open the Herald console](${made.url}): the link works once, for 10 minutes, for you only. Do not share it.`,
        },
      ],
      actions: [],
    }
  }

  async link(actor: Actor): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
    const refusals = ROLES.map((role) => authorize(this.#deps.auth, actor, role))
    const allowed = refusals.some((d) => d.ok)
    if (!allowed)
      return {
        ok: false,
        message: `You may not use the web console: it is for people named in \`auth\` (release, approve, announce). Ask a maintainer to add your id (${actor.userId}).`,
      }
    const token = randomToken()
    const expiresAt = new Date(this.#deps.clock.now().getTime() + LINK_TTL_MS).toISOString()
    const stored: StoredLink = {
      actor: { ...actor, roles: [...actor.roles], groups: [...actor.groups] },
      expiresAt,
    }
    await this.#deps.store.set(linkKey(token), stored, LINK_TTL_MS)
    return { ok: true, url: new URL(`console/login/${token}`, this.#deps.publicUrl).href }
  }

  /** Opens a link: a new session, or why not (unknown, expired, used already). */
  async signIn(token: string): Promise<SignIn> {
    const refused = (message: string): SignIn => ({ ok: false, message })
    const again = 'type `/release console` in chat for a new link.'
    if (!TOKEN.test(token)) return refused(`This is not a Herald sign-in link: ${again}`)
    const used = `console:used:${hash(token)}`
    if ((await this.#deps.store.readClaim(used)) !== undefined)
      return refused(`This sign-in link was used already (links work once): ${again}`)
    const link = await this.#deps.store.get<StoredLink>(linkKey(token))
    const now = this.#deps.clock.now()
    if (!link || now.toISOString() > link.expiresAt)
      return refused(`This sign-in link has expired (links work for 10 minutes): ${again}`)
    const first = await this.#deps.store.claim(used, '1', LINK_TTL_MS * 2)
    if (!first) return refused(`This sign-in link was used already (links work once): ${again}`)
    await this.#deps.store.delete(linkKey(token))
    const sessionId = randomToken()
    const session: ConsoleSession = {
      actor: link.actor,
      csrf: randomToken(),
      createdAt: now.toISOString(),
      lastSeen: now.toISOString(),
    }
    await this.#deps.store.set(sessionKey(sessionId), session, SESSION_IDLE_MS)
    await this.#deps.store
      .appendAudit({
        at: now.toISOString(),
        actor: whoOf(link.actor),
        subject: 'console',
        action: 'signed_in',
        outcome: 'done',
        from: null,
        to: null,
      })
      .catch(() => {})
    return { ok: true, sessionId, session }
  }

  /** The live session `sessionId` names, its idle time restarted; undefined when unknown or idle too long. */
  async session(sessionId: string | undefined): Promise<ConsoleSession | undefined> {
    if (!sessionId || !TOKEN.test(sessionId)) return undefined
    const session = await this.#deps.store.get<ConsoleSession>(sessionKey(sessionId))
    if (!session) return undefined
    const now = this.#deps.clock.now()
    if (now.getTime() - Date.parse(session.lastSeen) > SESSION_IDLE_MS) {
      await this.#deps.store.delete(sessionKey(sessionId))
      return undefined
    }
    const touched = { ...session, lastSeen: now.toISOString() }
    await this.#deps.store.set(sessionKey(sessionId), touched, SESSION_IDLE_MS)
    return touched
  }

  async signOut(sessionId: string): Promise<void> {
    if (TOKEN.test(sessionId)) await this.#deps.store.delete(sessionKey(sessionId))
  }
}

/** Whether a submitted CSRF token is the session's, compared in constant time. */
export function csrfMatches(session: ConsoleSession, submitted: string | undefined): boolean {
  if (typeof submitted !== 'string') return false
  const a = Buffer.from(session.csrf)
  const b = Buffer.from(submitted)
  return a.length === b.length && timingSafeEqual(a, b)
}

function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const linkKey = (token: string) => `console:link:${hash(token)}`
const sessionKey = (id: string) => `console:session:${hash(id)}`
