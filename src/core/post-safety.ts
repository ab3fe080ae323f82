/**
 * The last gate before a post, independent of the voice linter: mention and
 * link injections must be neutralised even if the linter were bypassed. Pure.
 * Text is never rewritten here: what is posted is byte for byte what was
 * approved, so unsafe text is refused instead.
 */
import { hiddenCharacters } from './hidden-characters.ts'
import { bareLinks, hostAllowed } from './link-shapes.ts'

export type UnsafeFinding = {
  code: 'empty' | 'too_long' | 'mention' | 'link' | 'hidden_text' | 'markup'
  message: string
}

export type PostSafetyRules = {
  /** URLs allowed exactly (the release link). */
  allowedUrls: readonly string[]
  /** Domains whose links are allowed (`voice.linkDomains`), subdomains included. */
  allowedDomains: readonly string[]
  /** The target's limit in UTF-16 code units (Discord 2,000). */
  maxLength: number
  targetName: string
  /** Discord renders markup Slack shows as text: command mentions, timestamps, custom emoji, headers, spoilers. */
  platform?: 'discord' | 'slack' | undefined
}

// @everyone/@here (Discord, and Slack with link_names); Slack <!channel>, <!here>,
// <!subteam^…>, <@U…>, <#C…>; Discord <@id>, <@!id>, <@&id>, <#id>.
const MENTION = /@(?:everyone|here|channel)\b|<[!@#][^>\s]*>/giu
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+|\bwww\.[^\s<>"'`]+/giu
/** What Discord renders as something other than the text (command mentions, timestamps, custom emoji, guide links, headers, spoilers). */
const DISCORD_MARKUP: readonly [RegExp, string][] = [
  [/<\/[^<>\n]+:\d+>/u, 'a command mention'],
  [/<t:-?\d+(?::[a-zA-Z])?>/u, 'a timestamp'],
  [/<a?:\w+:\d+>/u, 'a custom emoji'],
  [/<id:\w+>/u, 'a link into the server'],
  [/^[ \t]*(?:#{1,3}|-#)[ \t]/mu, 'a header'],
  [/\|\|[\s\S]*?\|\|/u, 'a spoiler'],
]

export function findUnsafeContent(text: string, rules: PostSafetyRules): UnsafeFinding[] {
  if (text.trim() === '')
    return [{ code: 'empty', message: 'The announcement is empty: write the text with Edit.' }]
  const findings: UnsafeFinding[] = []
  if (text.length > rules.maxLength) {
    findings.push({
      code: 'too_long',
      message: `The text is ${text.length} characters; ${rules.targetName} takes at most ${rules.maxLength.toLocaleString('en')}: shorten it with Edit (Herald never splits an announcement into several posts).`,
    })
  }
  for (const m of new Set(text.match(MENTION) ?? [])) {
    findings.push({
      code: 'mention',
      message: `"${m}" would notify people: announcements never mention anyone. Remove it with Edit.`,
    })
  }
  findings.push(...linkFindings(text, rules))
  const hidden = hiddenCharacters(text)
  if (hidden.length) {
    findings.push({
      code: 'hidden_text',
      message: `The text holds invisible or bidirectional characters (${[...new Set(hidden.map((h) => h.codePoint))].join(', ')}) that can hide what is posted: retype it with Edit.`,
    })
  }
  if (rules.platform === 'discord')
    for (const [pattern, what] of DISCORD_MARKUP) {
      const m = text.match(pattern)
      if (m)
        findings.push({
          code: 'markup',
          message: `"${m[0].trim()}" is ${what} on Discord, not the text people approved: remove it with Edit.`,
        })
    }
  return findings
}

/** Links with a scheme or `www.`, bare `label.tld` shapes and e-mail addresses, each allowed only for the release URL or `voice.linkDomains`. */
function linkFindings(text: string, rules: PostSafetyRules): UnsafeFinding[] {
  const seen = new Set<string>()
  const refuse = (link: string, kind: string) => {
    if (seen.has(link)) return []
    seen.add(link)
    return [
      {
        code: 'link' as const,
        message: `The ${kind} "${link}" is not the release link${rules.allowedDomains.length ? ' nor on an allowed domain' : ''}: remove it with Edit, or add its domain to \`voice.linkDomains\`.`,
      },
    ]
  }
  const findings: UnsafeFinding[] = []
  for (const raw of text.match(URL_LIKE) ?? []) {
    const url = raw.replace(/[.,;:!?)\]}*_~]+$/u, '')
    if (!isAllowedUrl(url, rules)) findings.push(...refuse(url, 'link'))
  }
  // Slack links a bare domain or address too: with the URLs blanked out, every `label.tld` shape counts.
  const blanked = text.replace(URL_LIKE, (u) => ' '.repeat(u.length))
  for (const link of bareLinks(blanked))
    if (!hostAllowed(link.host, rules.allowedDomains))
      findings.push(...refuse(link.text, link.kind === 'email' ? 'e-mail address' : 'domain'))
  return findings
}

function isAllowedUrl(url: string, rules: PostSafetyRules): boolean {
  if (rules.allowedUrls.includes(url)) return true
  let host: string
  try {
    const parsed = new URL(url.startsWith('www.') ? `https://${url}` : url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false
    if (parsed.username || parsed.password) return false
    host = parsed.hostname.toLowerCase()
  } catch {
    return false
  }
  return hostAllowed(host, rules.allowedDomains)
}
