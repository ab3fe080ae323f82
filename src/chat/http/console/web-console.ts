/**
 * The web console's routes under `/console` on `herald serve`'s HTTP server:
 *
 * - `GET /console/login/<token>`: a sign-in link from `/release console`;
 * - `GET /console`, `/console/pending`, `/console/audit`, `/console/audit.jsonl`,
 *   `/console/release/<tag>`;
 * - `POST /console/action` (a button of a pending record), `POST /console/logout`.
 *
 * Every page needs a session (cookie `HttpOnly`, `SameSite=Strict`, `Secure`
 * behind https); every form carries the session's CSRF token, and a form
 * from another origin is refused. Pages carry a Content-Security-Policy that
 * allows no script at all and no framing.
 */
import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { filterAudit, pageOf, parseAuditQuery } from '../../../flows/web-console/audit-query.ts'
import { type ConsoleSession, csrfMatches } from '../../../flows/web-console/console-access.ts'
import type { ConsoleBackend } from '../../../flows/web-console/console-backend.ts'
import { type ChatLog, errorField } from '../../platform/log.ts'
import { type HttpReply, header, text } from '../http-endpoint.ts'
import { auditPage, messagePage, overviewPage, pendingPage, signedInPage, userOf } from './pages.ts'
import { releasePage } from './release-page.ts'

export type ConsoleRequest = {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** Read only for POST. */
  readBody: () => Promise<Buffer | undefined>
}

const COOKIE = 'herald_console'
const CSS = readFileSync(new URL('./console.css', import.meta.url), 'utf8')

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The sign-in link carries its token in the path: never send it to another site. (Not
  // `no-referrer`: with it Chromium sends `Origin: null` on the console's own forms.)
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
}

const SIGN_IN_AGAIN = 'Sign in from chat: type `/release console` and open the link Herald sends you.'

export class WebConsole {
  readonly #backend: ConsoleBackend
  readonly #log: ChatLog

  constructor(backend: ConsoleBackend, log: ChatLog) {
    this.#backend = backend
    this.#log = log
  }

  async handle(req: ConsoleRequest): Promise<HttpReply> {
    const { method, path } = req
    if (path === '/console/console.css' && method === 'GET')
      return {
        status: 200,
        headers: { 'content-type': 'text/css; charset=utf-8', ...SECURITY_HEADERS },
        body: CSS,
      }
    const login = /^\/console\/login\/([^/]*)$/.exec(path)
    if (login && method === 'GET') return this.#signIn(login[1]!)
    const session = await this.#backend.access.session(cookieOf(req.headers))
    if (method === 'POST') return this.#post(req, session)
    if (method !== 'GET') return page(405, messagePage('Not allowed', 'This address takes GET or POST only.'))
    if (!session) return page(401, messagePage('Sign in', SIGN_IN_AGAIN))
    const release = /^\/console\/release\/([^/]+)$/.exec(path)
    if (release) return this.#release(session, release[1]!)
    switch (path) {
      case '/console':
      case '/console/':
        return page(200, overviewPage(session, await this.#backend.overview()))
      case '/console/pending':
        return page(200, pendingPage(session, await this.#backend.pending()))
      case '/console/audit':
        return this.#audit(session, req.query, false)
      case '/console/audit.jsonl':
        return this.#audit(session, req.query, true)
      default:
        return page(
          404,
          messagePage('Not found', 'There is no console page here.', { href: '/console', label: 'Overview' }),
        )
    }
  }

  async #signIn(token: string): Promise<HttpReply> {
    const signed = await this.#backend.access.signIn(token)
    if (!signed.ok) return page(403, messagePage('Sign-in refused', signed.message))
    const secure = this.#backend.publicUrl.protocol === 'https:' ? '; Secure' : ''
    return page(200, signedInPage(), {
      'set-cookie': `${COOKIE}=${signed.sessionId}; Path=/console; HttpOnly; SameSite=Strict${secure}`,
    })
  }

  async #post(req: ConsoleRequest, session: ConsoleSession | undefined): Promise<HttpReply> {
    const origin = header(req.headers, 'origin')
    if (origin !== undefined && origin !== this.#backend.publicUrl.origin)
      return page(403, messagePage('Refused', 'This form was sent from another site: nothing was done.'))
    if (!session)
      return page(
        403,
        messagePage('Signed out', `Your session has ended: nothing was done. ${SIGN_IN_AGAIN}`),
      )
    const body = await req.readBody()
    if (!body) return text(413, 'body too large')
    const form = new URLSearchParams(body.toString('utf8'))
    if (!csrfMatches(session, form.get('csrf') ?? undefined))
      return page(
        403,
        messagePage(
          'Refused',
          'This form is not from your console session (reload the page and try again): nothing was done.',
        ),
      )
    if (req.path === '/console/logout') {
      await this.#backend.access.signOut(cookieOf(req.headers) ?? '')
      return page(200, messagePage('Signed out', 'You are signed out of the Herald console.'), {
        'set-cookie': `${COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`,
      })
    }
    if (req.path !== '/console/action')
      return page(404, messagePage('Not found', 'There is no console form here.'))
    const id = form.get('action') ?? ''
    // Browsers send a textarea's line breaks as CRLF; the text people saw and chat keeps has LF.
    const textField = form.get('text')?.replaceAll('\r\n', '\n') ?? null
    this.#log.info('console: action', {
      userId: session.actor.userId,
      platform: session.actor.platform,
      action: id.slice(0, 100),
    })
    const result = await this.#backend.flows
      .action(session.actor, id, textField === null ? undefined : { text: textField })
      .catch((error: unknown) => {
        this.#log.error('console: action failed', { action: id.slice(0, 100), ...errorField(error) })
        throw error
      })
    return page(200, pendingPage(session, await this.#backend.pending(), result))
  }

  async #release(session: ConsoleSession, segment: string): Promise<HttpReply> {
    let tag: string
    try {
      tag = decodeURIComponent(segment)
    } catch {
      tag = ''
    }
    const found = await this.#backend.release(tag)
    if (!found.ok)
      return page(
        found.status,
        messagePage('Release not found', found.message, { href: '/console', label: 'Overview' }),
      )
    return page(200, releasePage(session, userOf(session), found.release))
  }

  async #audit(session: ConsoleSession, params: URLSearchParams, jsonl: boolean): Promise<HttpReply> {
    const lines = this.#backend.lines
    const parsed = parseAuditQuery(params, lines)
    const query = parsed.ok ? parsed.value : { page: 1 }
    const entries = filterAudit(await this.#backend.audit(), query, lines)
    if (jsonl) {
      if (!parsed.ok) return text(400, parsed.error)
      return {
        status: 200,
        headers: {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'content-disposition': 'attachment; filename="herald-audit.jsonl"',
          ...SECURITY_HEADERS,
        },
        body: entries.map((e) => `${JSON.stringify(e)}\n`).join(''),
      }
    }
    return page(
      parsed.ok ? 200 : 400,
      auditPage(session, lines, query, pageOf(entries, query.page), parsed.ok ? null : parsed.error),
    )
  }
}

function page(status: number, body: string, extra: Record<string, string> = {}): HttpReply {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extra },
    body,
  }
}

function cookieOf(headers: IncomingHttpHeaders): string | undefined {
  const cookie = header(headers, 'cookie')
  if (!cookie) return undefined
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === COOKIE) return value.join('=')
  }
  return undefined
}
