/**
 * Text that a chat client turns into a link without a scheme: every
 * `label.tld` shape (Slack links `evil-example.ru`, and the list of
 * top-level domains grows every year, so none is trusted by name) and every
 * e-mail address (a `mailto:` link). Pure; shared by the voice linter and the
 * post gate so both refuse the same text.
 */

const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`
const TLD = String.raw`(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})`
const BARE_HOST = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.@-])(?:${LABEL}\.)+${TLD}(?![\p{L}\p{N}_-])(?:\/[^\s<>()"'\x60|]*)?`,
  'giu',
)
const EMAIL = new RegExp(String.raw`[\p{L}\p{N}._%+-]+@((?:${LABEL}\.)+${TLD})(?![\p{L}\p{N}_-])`, 'giu')

export type BareLink = {
  start: number
  end: number
  /** As written, trailing punctuation excluded. */
  text: string
  host: string
  kind: 'domain' | 'email'
}

/** Bare domains and e-mail addresses in `text` (URLs with a scheme should be masked out first). */
export function bareLinks(text: string): BareLink[] {
  const links: BareLink[] = []
  for (const m of text.matchAll(EMAIL))
    links.push({ start: m.index, end: m.index + m[0].length, text: m[0], host: m[1]!, kind: 'email' })
  for (const m of text.matchAll(BARE_HOST)) {
    const written = m[0].replace(/[.,;:!?)\]}*_~]+$/u, '')
    const host = written.split('/')[0]!
    links.push({ start: m.index, end: m.index + written.length, text: written, host, kind: 'domain' })
  }
  return links.sort((a, b) => a.start - b.start)
}

/** Whether `host` is one of `domains` or below one of them (`docs.example.com` under `example.com`). */
export function hostAllowed(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase()
  return domains.some((d) => {
    const domain = d.toLowerCase().replace(/^\.+/, '')
    return domain !== '' && (h === domain || h.endsWith(`.${domain}`))
  })
}
