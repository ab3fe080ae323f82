/**
 * The web console's Release page: notes, announcements as posted, and the
 * release's index entry and events when its line has channels. Every string
 * is escaped (notes carry commit subjects and PR titles written by anyone).
 */
import type { ConsoleSession } from '../../../flows/web-console/console-access.ts'
import type { ReleaseDetail } from '../../../flows/web-console/release-detail.ts'
import { type Html, html, layout } from './html.ts'

/** The page of a release: `/console/release/<tag>`, the tag escaped as a path segment. */
export function releaseHref(tag: string): string {
  return `/console/release/${encodeURIComponent(tag)}`
}

export function releasePage(session: ConsoleSession, user: string, r: ReleaseDetail): string {
  return layout({
    title: `Release ${r.tag}`,
    user,
    csrf: session.csrf,
    body: html`<p class="muted">Line ${r.line} · version ${r.version}</p>
<section aria-labelledby="notes"><h2 id="notes">Release notes</h2>${
      r.notes.ok
        ? html`<pre>${r.notes.markdown}</pre>`
        : html`<p class="notice warning" role="status">The notes could not be built: ${r.notes.problem}</p>`
    }</section>
<section aria-labelledby="announcements"><h2 id="announcements">Announcements as posted</h2>${announcements(r)}</section>
${r.channels ? html`<section aria-labelledby="channels"><h2 id="channels">Channels</h2>${channels(r)}</section>` : ''}`,
  })
}

function announcements(r: ReleaseDetail): Html {
  if (!r.announcements.length)
    return html`<p>Not announced yet. Start with <code>/announce-release ${r.tag}</code> in chat.</p>`
  return html`${r.announcements.map(
    (a) => html`<article class="card" aria-label="Announcement posted ${a.postedAt}"><dl>
<div><dt>Posted (UTC)</dt><dd>${a.postedAt.replace('T', ' ').slice(0, 19)}</dd></div>
<div><dt>Approved by</dt><dd>${a.approvedBy ? `${a.approvedBy.name ?? a.approvedBy.userId} (${a.approvedBy.platform} ${a.approvedBy.userId})` : 'unknown'}${a.approvedAt ? `, ${a.approvedAt.replace('T', ' ').slice(0, 19)}` : ''}</dd></div>
<div><dt>Message</dt><dd>${a.messageUrl && /^https?:\/\//.test(a.messageUrl) ? html`<a href="${a.messageUrl}">${a.messageUrl}</a>` : 'no address'}</dd></div></dl>
${a.text === null ? html`<p class="muted">The text is no longer kept (records stay 30 days); the audit log has its hash.</p>` : html`<pre>${a.text}</pre>`}</article>`,
  )}`
}

function channels(r: ReleaseDetail): Html {
  const c = r.channels!
  if ('problem' in c) return html`<p class="notice warning" role="status">${c.problem}</p>`
  const serving = [c.stable === r.version && 'stable', c.canary === r.version && 'canary'].filter(Boolean)
  const entry = c.entry
  return html`<p>${serving.length ? `Serving ${serving.join(' and ')}.` : `Not on a channel (stable ${c.stable ?? 'none'}, canary ${c.canary ?? 'none'}).`}</p>
${
  entry
    ? html`<dl><div><dt>Commit</dt><dd><code>${entry.sha}</code></dd></div><div><dt>Published</dt><dd>${entry.publishedAt}</dd></div>
${entry.rolledBack ? html`<div><dt>Rolled back</dt><dd>${entry.rolledBack.at} by ${entry.rolledBack.actor}: ${entry.rolledBack.reason}${entry.rolledBack.ticket ? ` (${entry.rolledBack.ticket})` : ''}</dd></div>` : ''}
<div><dt>Assets</dt><dd>${entry.assets.length ? html`<ul>${entry.assets.map((a) => html`<li>${a.name} <code>${a.sha256}</code></li>`)}</ul>` : 'none'}</dd></div></dl>`
    : html`<p class="muted">Not in the release index.</p>`
}
${
  c.events.length
    ? html`<div class="table"><table><caption class="muted">Index events about ${r.version}, oldest first.</caption>
<thead><tr><th scope="col">#</th><th scope="col">When (UTC)</th><th scope="col">Move</th><th scope="col">Who</th><th scope="col">Reason</th></tr></thead>
<tbody>${c.events.map((e) => html`<tr><td>${String(e.sequence)}</td><td>${e.at.replace('T', ' ').slice(0, 19)}</td><td>${e.action} → ${e.channel}</td><td>${e.actor}</td><td>${e.reason ?? ''}${e.ticket ? ` (${e.ticket})` : ''}</td></tr>`)}</tbody></table></div>`
    : ''
}`
}
