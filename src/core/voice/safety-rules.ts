/**
 * The safety rules, always errors: mass mentions, foreign links, the wrong
 * version or release link, hidden characters, and the target's length limit.
 * They read the raw text (a mention in inline code still pings on some
 * clients). Pure.
 */
import { hiddenCharacters } from '../hidden-characters.ts'
import { bareLinks, hostAllowed } from '../link-shapes.ts'
import { knownVersions, releaseUrls, TARGET_LIMITS } from './facts.ts'
import type { Doc, Report } from './lint-document.ts'
import { withSpace } from './lint-document.ts'

const MASS_MENTION =
  /@(?:everyone|here|channel)(?![\p{L}\p{N}_])|<!(?:channel|here|everyone)(?:\|[^>]*)?>|<!subteam\^[^>]*>|<@[!&]?\d+>|<@[UW][A-Z0-9]+(?:\|[^>]*)?>/giu
const TAGGED_VERSION =
  /(?<![\p{L}\p{N}_.-])v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]*[0-9A-Za-z])?)(?![\p{L}\p{N}_]|\.\d)/gu
const PLAIN_VERSION =
  /(?<![\p{L}\p{N}_.-])v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]*[0-9A-Za-z])?)(?![\p{L}\p{N}_]|\.\d)/gu

export function lintSafety(doc: Doc, report: Report): void {
  for (const line of doc.lines) {
    lintMentions(line, report)
    lintLinks(doc, line, report)
    lintVersions(doc, line, report)
    lintHidden(line, report)
  }
  lintLength(doc, report)
}

type Line = Doc['lines'][number]

function lintMentions(line: Line, report: Report): void {
  for (const m of line.text.matchAll(MASS_MENTION)) {
    const [s, e] = withSpace(line.text, m.index, m.index + m[0].length)
    report(
      'mass-mention',
      line,
      m.index,
      m.index + m[0].length,
      `mass mention "${m[0]}": never ping a channel`,
      {
        start: s,
        end: e,
        text: '',
      },
    )
  }
}

/** Only the release URL and `voice.linkDomains` may be linked, whatever shape the link takes. */
function lintLinks(doc: Doc, line: Line, report: Report): void {
  const { facts } = doc
  const release = facts.releaseUrl ? new URL(facts.releaseUrl) : null
  const allowedHost = (host: string) => hostAllowed(host, doc.voice.linkDomains)
  for (const u of line.urls) {
    if (releaseUrls(facts).includes(u.url)) continue
    let parsed: URL | null = null
    try {
      parsed = new URL(u.url)
    } catch {}
    const host = parsed?.hostname.toLowerCase() ?? ''
    const looksLikeRelease = /\/releases\/(?:tag\/|latest)/.test(u.url) && host === release?.hostname
    if (looksLikeRelease && facts.releaseUrl)
      report(
        'wrong-release-link',
        line,
        u.start,
        u.end,
        `release link ${u.url} is not this release’s: ${facts.releaseUrl}`,
        { start: u.start, end: u.end, text: facts.releaseUrl },
      )
    else if (!allowedHost(host))
      report(
        'foreign-link',
        line,
        u.start,
        u.end,
        `link to ${host || u.url}: only the release URL${doc.voice.linkDomains.length ? ' and voice.linkDomains' : ''} may be linked`,
      )
  }
  // Every bare `label.tld` and e-mail address becomes a link on Slack, whatever its top-level domain.
  for (const link of bareLinks(line.noUrls)) {
    if (allowedHost(link.host.toLowerCase())) continue
    report(
      'foreign-link',
      line,
      link.start,
      link.end,
      link.kind === 'email'
        ? `e-mail address "${link.text}" becomes a mailto link: only the release URL${doc.voice.linkDomains.length ? ' and voice.linkDomains' : ''} may be linked`
        : `"${link.text}" becomes a link on Slack: only the release URL${doc.voice.linkDomains.length ? ' and voice.linkDomains' : ''} may be linked`,
    )
  }
}

/** Every version named is this release's or the previous one's; the headline may spell it without `v`. */
function lintVersions(doc: Doc, line: Line, report: Report): void {
  const { facts } = doc
  // Releases announced together (`facts.also`) are this announcement's versions too.
  const known = new Set(knownVersions(facts))
  const versions = line.number === 1 ? PLAIN_VERSION : TAGGED_VERSION
  for (const m of line.prose.matchAll(versions)) {
    if (known.has(m[1]!)) continue
    report(
      'wrong-version',
      line,
      m.index,
      m.index + m[0].length,
      `version ${m[0]} is not this release (${[facts, ...(facts.also ?? [])].map((r) => r.version).join(', ')})`,
      line.number === 1 && !line.text.includes(facts.version)
        ? {
            start: m.index,
            end: m.index + m[0].length,
            text: m[0].startsWith('v') ? `v${facts.version}` : facts.version,
          }
        : undefined,
    )
  }
}

function lintHidden(line: Line, report: Report): void {
  for (const h of hiddenCharacters(line.text))
    report('hidden-character', line, h.start, h.end, `invisible character ${h.codePoint}`, {
      start: h.start,
      end: h.end,
      text: h.cleaned,
    })
}

function lintLength(doc: Doc, report: Report): void {
  const { facts } = doc
  const targetLimit = TARGET_LIMITS[facts.target ?? 'discord']
  const limit = Math.min(targetLimit, doc.voice.limits.maxChars ?? targetLimit)
  // UTF-16 code units: never fewer than the characters a platform counts.
  if (doc.text.length > limit) {
    const last = doc.lines[doc.lines.length - 1]!
    report(
      'too-long',
      last,
      0,
      last.text.length,
      `${doc.text.length} characters; ${facts.target ?? 'discord'} allows ${limit}: cut bullets`,
    )
  }
}
