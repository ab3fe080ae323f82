/**
 * HTML for the web console, server-rendered with no script at all. Every
 * string that reaches a page goes through `esc` (release notes, PR titles and
 * announcement texts are written by people outside the team); the only markup
 * added to a view's text is the light markdown the flows use (**bold**,
 * `code`, and links to http(s) addresses the flow built). A template
 * function of its own rather than a templating package: the pages are few and
 * small, and this keeps the escaping rule in one place that is easy to read.
 */
import type { View, ViewAction, ViewBlock } from '../../../flows/view.ts'

/** Marks a string as HTML already escaped. */
export type Html = { readonly html: string }

export const raw = (html: string): Html => ({ html })

export function esc(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** Tagged template: interpolated strings are escaped, `Html` values and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!
  values.forEach((value, i) => {
    out += part(value) + strings[i + 1]!
  })
  return raw(out)
}

function part(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return value.map(part).join('')
  if (typeof value === 'object' && 'html' in value) return (value as Html).html
  return esc(String(value))
}

/** The light markdown of a view's text, escaped first. */
export function inline(text: string): Html {
  const escaped = esc(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)"]+)\)/g, '<a href="$2">$1</a>')
  return raw(escaped)
}

export type Page = {
  title: string
  /** Signed in as; null on the sign-in pages. */
  user: string | null
  csrf: string | null
  current?: 'overview' | 'pending' | 'audit' | undefined
  body: Html
}

const NAV = [
  ['overview', '/console', 'Overview'],
  ['pending', '/console/pending', 'Pending'],
  ['audit', '/console/audit', 'Audit log'],
] as const

export function layout(page: Page): string {
  const nav = page.user
    ? html`<nav aria-label="Console"><ul>${NAV.map(
        ([key, href, label]) =>
          html`<li><a href="${href}"${page.current === key ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
      )}</ul>
      <form method="post" action="/console/logout" class="logout">${csrfField(page.csrf)}<span>Signed in as ${page.user}</span> <button type="submit">Sign out</button></form></nav>`
    : ''
  return `<!doctype html>${
    html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${page.title} · Herald</title>
<link rel="stylesheet" href="/console/console.css"></head>
<body><header><p class="brand">Herald</p>${nav}</header>
<main id="main"><h1>${page.title}</h1>${page.body}</main></body></html>`.html
  }`
}

export function csrfField(csrf: string | null): Html {
  return csrf ? html`<input type="hidden" name="csrf" value="${csrf}">` : raw('')
}

/** A flow's view as chat shows it, its buttons as forms posting to `/console/action`. */
export function viewHtml(view: View, csrf: string, headingLevel: 2 | 3 = 2): Html {
  return html`<div class="view">${view.blocks.map((b) => blockHtml(b, headingLevel))}${
    view.actions.length
      ? html`<div class="actions">${view.actions.map((a) => actionHtml(a, csrf))}</div>`
      : ''
  }</div>`
}

function blockHtml(block: ViewBlock, level: 2 | 3): Html {
  switch (block.kind) {
    case 'header':
      return level === 2 ? html`<h2>${block.text}</h2>` : html`<h3>${block.text}</h3>`
    case 'text':
      return html`<p>${block.text.split('\n').map((l, i) => html`${i ? raw('<br>') : ''}${inline(l)}`)}</p>`
    case 'code':
      return html`<pre>${block.text}</pre>`
    case 'fields':
      return html`<dl>${block.fields.map((f) => html`<div><dt>${f.label}</dt><dd>${inline(f.value)}</dd></div>`)}</dl>`
    case 'notice':
      return html`<p class="notice ${block.level}" role="${block.level === 'error' ? 'alert' : 'status'}">${block.text
        .split('\n')
        .map((l, i) => html`${i ? raw('<br>') : ''}${inline(l)}`)}</p>`
  }
}

let editors = 0

function actionHtml(action: ViewAction, csrf: string): Html {
  if (action.edit) {
    const id = `edit-${++editors}`
    return html`<details class="edit"><summary>${action.label}</summary>
<form method="post" action="/console/action">${csrfField(csrf)}<input type="hidden" name="action" value="${action.id}">
<label for="${id}">${action.edit.title}</label>
<textarea id="${id}" name="text" rows="12" maxlength="${action.edit.maxLength}">${action.edit.text}</textarea>
<button type="submit" class="primary">Save</button></form></details>`
  }
  return html`<form method="post" action="/console/action">${csrfField(csrf)}<input type="hidden" name="action" value="${action.id}"><button type="submit" class="${action.style}">${action.label}</button></form>`
}
