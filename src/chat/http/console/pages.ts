/**
 * The web console's pages: Overview, Pending, Audit log, and the one-message
 * pages (sign-in refused, signed out). Each is a whole HTML document.
 */

import type { PendingItem } from '../../../flows/signoff/signoff-flow.ts'
import type { View } from '../../../flows/view.ts'
import { type AuditPage, type AuditQuery, tagOfEntry } from '../../../flows/web-console/audit-query.ts'
import type { ConsoleSession } from '../../../flows/web-console/console-access.ts'
import type { LineOverview } from '../../../flows/web-console/overview.ts'
import { type Html, html, layout, raw, viewHtml } from './html.ts'
import { releaseHref } from './release-page.ts'

export const userOf = (s: ConsoleSession) =>
  `${s.actor.name ?? s.actor.userId} (${s.actor.platform} ${s.actor.userId})`

export function messagePage(title: string, message: string, link?: { href: string; label: string }): string {
  return layout({
    title,
    user: null,
    csrf: null,
    body: html`<p>${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}`,
  })
}

/** After a sign-in link: a page of its own, so the cookie is sent by a same-site navigation (`SameSite=Strict`). */
export function signedInPage(): string {
  return layout({
    title: 'Signed in',
    user: null,
    csrf: null,
    body: html`<p>You are signed in to the Herald console.</p><p><a href="/console">Open the overview</a></p>`,
  })
}

export function overviewPage(session: ConsoleSession, lines: readonly LineOverview[]): string {
  const withChannels = lines.some((l) => l.channels !== null)
  const rows = lines.map(
    (l) => html`<tr><th scope="row">${l.line} <span class="muted">(${l.tagPrefix}…)</span></th>
<td>${l.latest ? html`<a href="${releaseHref(l.latest)}">${l.latest}</a>` : html`<span class="muted">none yet</span>`}</td>
${withChannels ? html`<td>${channelsCell(l)}</td>` : ''}<td>${l.problem ?? (l.unreleased === null ? '–' : String(l.unreleased))}</td>
<td>${l.pending.length ? html`<a href="/console/pending">${l.pending.map((p) => `${p.tag} (${p.subject.split(':')[0]}, ${p.state})`).join(', ')}</a>` : html`<span class="muted">nothing</span>`}</td></tr>`,
  )
  return layout({
    title: 'Overview',
    user: userOf(session),
    csrf: session.csrf,
    current: 'overview',
    body: html`<div class="table"><table><caption class="muted">Each release line: its latest release, the commits since, and what waits for sign-off.</caption>
<thead><tr><th scope="col">Line</th><th scope="col">Latest release</th>${withChannels ? html`<th scope="col">Channels</th>` : ''}<th scope="col">Commits since</th><th scope="col">Pending sign-off</th></tr></thead>
<tbody>${rows}</tbody></table></div>`,
  })
}

/** Stable and canary, each linked to its release page, with the canary's soak time left. */
function channelsCell(l: LineOverview): Html | string {
  if (l.channels === null) return html`<span class="muted">no channels</span>`
  if (l.channels === 'unreadable') return 'the release index could not be read'
  const link = (version: string) => html`<a href="${releaseHref(`${l.tagPrefix}${version}`)}">${version}</a>`
  const { stable, canary } = l.channels
  return html`stable ${stable ? link(stable) : 'none'}<br>canary ${canary ? html`${link(canary.version)} ${canary.soakLeft ? `(soaking, ${canary.soakLeft} left)` : '(soaked)'}` : 'none'}`
}

export function pendingPage(session: ConsoleSession, items: readonly PendingItem[], result?: View): string {
  const shown = items.map(
    (item) =>
      html`<section class="card" aria-label="${item.subject}"><p class="muted">${item.subject.startsWith('release:') ? 'Release preview' : 'Announcement draft'} · line ${item.line} · ${item.state}</p>${viewHtml(item.view, session.csrf, 3)}</section>`,
  )
  return layout({
    title: 'Pending',
    user: userOf(session),
    csrf: session.csrf,
    current: 'pending',
    body: html`${result ? html`<section aria-label="Result of your action" class="result"><h2>Result</h2>${viewHtml(result, session.csrf, 3)}</section>` : ''}
${items.length ? shown : html`<p>Nothing is waiting for sign-off. Start with <code>/release</code> or <code>/announce-release</code> in chat.</p>`}`,
  })
}

export function auditPage(
  session: ConsoleSession,
  lines: readonly { name: string; tagPrefix: string }[],
  query: AuditQuery,
  page: AuditPage,
  problem: string | null,
): string {
  const lineNames = lines.map((l) => l.name)
  const params = filterParams(query)
  const detail = (e: AuditPage['entries'][number]) => {
    const tag = tagOfEntry(e, lines)
    if (!tag) return e.detail ?? ''
    return html`<a href="${releaseHref(tag)}">${tag}</a>${e.detail!.slice(tag.length)}`
  }
  const rows = page.entries.map(
    (
      e,
    ) => html`<tr><td>${e.at.replace('T', ' ').slice(0, 19)}</td><td>${e.actor.name ?? e.actor.userId} <span class="muted">${e.actor.platform} ${e.actor.userId}</span></td>
<td>${e.subject}</td><td>${e.action}${e.outcome === 'refused' ? html` <strong>(refused)</strong>` : ''}</td><td>${e.from ?? ''} → ${e.to ?? ''}</td><td>${detail(e)}</td></tr>`,
  )
  const pageLink = (n: number, label: string) =>
    html`<a href="/console/audit?${pageQuery(params, n)}">${label}</a>`
  return layout({
    title: 'Audit log',
    user: userOf(session),
    csrf: session.csrf,
    current: 'audit',
    body: html`${problem ? html`<p class="notice error" role="alert">${problem}</p>` : ''}
<form method="get" action="/console/audit" class="filters" aria-label="Filter the audit log">
<label>Line <select name="line"><option value="">any</option>${lineNames.map((n) => html`<option${n === query.line ? raw(' selected') : ''}>${n}</option>`)}</select></label>
${field('Action', 'action', query.action, 'approved')}${field('Actor', 'actor', query.actor, 'user id or name')}
<label>From <input type="date" name="from" value="${query.from ?? ''}"></label><label>To <input type="date" name="to" value="${query.to ?? ''}"></label>
<button type="submit">Filter</button></form>
<p>${page.total} entries, newest first. <a href="/console/audit.jsonl?${params.toString()}" download>Export as JSON Lines</a></p>
<div class="table"><table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Subject</th><th scope="col">Action</th><th scope="col">State</th><th scope="col">Detail</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<nav class="pager" aria-label="Pages">${page.page > 1 ? pageLink(page.page - 1, 'Newer') : ''}<span>Page ${page.page} of ${page.pages}</span>${page.page < page.pages ? pageLink(page.page + 1, 'Older') : ''}</nav>`,
  })
}

function field(label: string, name: string, value: string | undefined, placeholder: string): Html {
  return html`<label>${label} <input name="${name}" value="${value ?? ''}" placeholder="${placeholder}" maxlength="64"></label>`
}

function filterParams(query: AuditQuery): URLSearchParams {
  const params = new URLSearchParams()
  for (const name of ['line', 'action', 'actor', 'from', 'to'] as const) {
    const v = query[name]
    if (v) params.set(name, v)
  }
  return params
}

function pageQuery(params: URLSearchParams, page: number): string {
  const p = new URLSearchParams(params)
  p.set('page', String(page))
  return p.toString()
}
