/**
 * The last gate before a post, independent of the voice linter: mention and
 * link injections must be neutralised even if the linter were bypassed. Pure.
 * Text is never rewritten here: what is posted is byte for byte what was
 * approved, so unsafe text is refused instead.
 */

export type UnsafeFinding = {
  code: 'empty' | 'too_long' | 'mention' | 'link' | 'hidden_text'
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
}

// @everyone/@here (Discord, and Slack with link_names); Slack <!channel>, <!here>,
// <!subteam^…>, <@U…>, <#C…>; Discord <@id>, <@!id>, <@&id>, <#id>.
const MENTION = /@(?:everyone|here|channel)\b|<[!@#][^>\s]*>/giu
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+|\bwww\.[^\s<>"'`]+/giu
// Bidirectional overrides and isolates can make the shown text differ from the posted one.
const HIDDEN = /[\u202A-\u202E\u2066-\u2069]/u

export function findUnsafeContent(text: string, rules: PostSafetyRules): UnsafeFinding[] {
  const findings: UnsafeFinding[] = []
  if (text.trim() === '')
    return [{ code: 'empty', message: 'The announcement is empty: write the text with Edit.' }]
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
  for (const raw of new Set(text.match(URL_LIKE) ?? [])) {
    const url = raw.replace(/[.,;:!?)\]}*_~]+$/u, '')
    if (!isAllowedUrl(url, rules)) {
      findings.push({
        code: 'link',
        message: `The link "${url}" is not the release link${rules.allowedDomains.length ? ' nor on an allowed domain' : ''}: remove it with Edit, or add its domain to \`voice.linkDomains\`.`,
      })
    }
  }
  if (HIDDEN.test(text)) {
    findings.push({
      code: 'hidden_text',
      message:
        'The text holds bidirectional control characters that can hide what is posted: retype it with Edit.',
    })
  }
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
  return rules.allowedDomains.some((d) => {
    const domain = d.toLowerCase().replace(/^\.+/, '')
    return host === domain || host.endsWith(`.${domain}`)
  })
}
