/**
 * The shape of an announcement: the headline (emoji, product, version,
 * wording), bullets and their emoji, the release link, the user action, and
 * length for the size of the release. Pure.
 */
import { templateFor } from './compose-announcement.ts'
import { headlineEmoji, releaseUrls, renderHeadline, slotValues } from './facts.ts'
import type { Doc, DocLine, Report } from './lint-document.ts'
import { renderSlots } from './template.ts'
import { graphemes, isEmoji } from './text-geometry.ts'

const BULLET_MARK = /^\s*[-*•]\s+/

export function lintShape(doc: Doc, report: Report): void {
  const { facts, lines } = doc
  const headline = lines[0]!
  lintHeadline(doc, headline, report)

  const last = lines[lines.length - 1]!
  const end = last.text.length
  // A wrong release link is reported (and fixed) by `wrong-release-link`; a release without a page links nothing.
  if (
    facts.releaseUrl &&
    !lines.some((l) =>
      l.urls.some((u) => releaseUrls(facts).includes(u.url) || /\/releases\/(?:tag\/|latest)/.test(u.url)),
    )
  )
    report(
      'release-link',
      last,
      end,
      end,
      `the release link is missing: add "Full notes: ${facts.releaseUrl}"`,
      {
        start: end,
        end,
        text: `\nFull notes: ${facts.releaseUrl}`,
      },
    )

  const rest = lines.slice(1)
  const { action } = facts
  const hasAction =
    !action ||
    rest.some((l) => l.text.includes(action)) ||
    (facts.kind === 'platform' && rest.some((l) => /\brolling out\b/i.test(l.prose)))
  if (!hasAction) {
    const actionLine = actionLineOf(doc)
    report(
      'user-action',
      last,
      end,
      end,
      facts.kind === 'cli'
        ? `the upgrade command is missing: add "${actionLine}"`
        : `the rollout sentence is missing: add "${actionLine}"`,
      { start: end, end, text: `\n${actionLine}` },
    )
  }

  for (const line of lines) lintEmoji(line, line !== headline && isBullet(line), report)

  const body = rest.filter(
    (l) =>
      l.text.trim() !== '' &&
      !(facts.action && l.text.includes(facts.action)) &&
      !l.urls.some((u) => releaseUrls(facts).includes(u.url)),
  )
  const limit = doc.voice.limits[facts.bump]
  if (body.length > limit) {
    const first = body[limit]!
    report(
      'length',
      first,
      0,
      first.text.length,
      `${body.length} lines for a ${facts.bump} release; aim for about ${limit}: keep what users notice`,
    )
  }
}

function lintHeadline(doc: Doc, line: DocLine, report: Report): void {
  const { facts } = doc
  const expected = expectedHeadline(doc)
  const emoji = headlineEmoji(facts)
  const first = graphemes(line.text)[0]
  const whole = { start: 0, end: line.text.length, text: expected }
  let wrong = false
  if (!first || !isEmoji(first.segment)) {
    report(
      'headline-emoji',
      line,
      0,
      0,
      `the headline does not start with an emoji: start it with ${emoji}`,
      {
        start: 0,
        end: 0,
        text: `${emoji} `,
      },
    )
    wrong = true
  } else if (bare(first.segment) !== bare(emoji)) {
    const why =
      emoji === '🎉' ? 'a milestone release' : emoji === '🐛' ? 'a fix-only release' : 'this release'
    report('headline-emoji', line, 0, first.segment.length, `${why} gets ${emoji}, not ${first.segment}`, {
      start: 0,
      end: first.segment.length,
      text: emoji,
    })
    wrong = true
  }
  if (!line.text.includes(facts.product)) {
    report(
      'headline-product',
      line,
      0,
      line.text.length,
      `the headline does not name ${facts.product}`,
      whole,
    )
    wrong = true
  }
  const version = new RegExp(`(?<![\\w.\\-])v?${facts.version.replace(/[.+]/g, '\\$&')}(?![\\w\\-]|\\.\\d)`)
  if (!version.test(line.text)) {
    report(
      'headline-version',
      line,
      0,
      line.text.length,
      `the headline does not name v${facts.version}`,
      whole,
    )
    wrong = true
  }
  if (!wrong && line.text !== expected)
    report(
      'headline-wording',
      line,
      0,
      line.text.length,
      `the headline is worded differently from the template’s: "${expected}"`,
      whole,
    )
}

function lintEmoji(line: DocLine, bullet: boolean, report: Report): void {
  const clusters = graphemes(line.text)
  const emoji = clusters.filter((g) => isEmoji(g.segment) && line.prose[g.index] === line.text[g.index])
  for (let i = 1; i < emoji.length; i++) {
    const prev = emoji[i - 1]!
    const cur = emoji[i]!
    if (line.text.slice(prev.index + prev.segment.length, cur.index).trim() === '') {
      // Keep the space after the run: "✨✨ New" becomes "✨ New".
      const s = line.text[cur.index - 1] === ' ' ? cur.index - 1 : cur.index
      const e = cur.index + cur.segment.length
      report('emoji-run', line, cur.index, cur.index + cur.segment.length, 'two emoji in a row: keep one', {
        start: s,
        end: e,
        text: '',
      })
    } else if (bullet)
      report(
        'bullet-emoji-count',
        line,
        cur.index,
        cur.index + cur.segment.length,
        `${cur.segment} is a second emoji in this bullet: one per bullet`,
      )
  }
  if (!bullet) return
  const words = line.prose.replace(BULLET_MARK, '')
  const withoutEmoji = emoji.reduce((t, g) => t.replace(g.segment, ''), words)
  if (emoji.length > 0 && !/[\p{L}\p{N}]/u.test(withoutEmoji))
    report(
      'emoji-only-bullet',
      line,
      0,
      line.text.length,
      'a bullet with only an emoji: say what changed, or drop it',
    )
  if (emoji.length === 0)
    report(
      'bullet-missing-emoji',
      line,
      0,
      line.text.length,
      'this bullet has no emoji: start it with one, like ✨ or 🐛',
    )
}

function isBullet(line: DocLine): boolean {
  if (BULLET_MARK.test(line.text)) return true
  const first = graphemes(line.text.trimStart())[0]
  return first !== undefined && isEmoji(first.segment)
}

/** Emoji compared without variation selectors: `🛠` and `🛠️` are the same. */
function bare(emoji: string): string {
  return emoji.replace(/\uFE0F/g, '')
}

export function expectedHeadline(doc: Pick<Doc, 'facts' | 'voice'>): string {
  const template = templateFor(doc.facts, doc.voice)
  return renderHeadline(template.split('\n')[0] ?? '', doc.facts)
}

function actionLineOf(doc: Pick<Doc, 'facts' | 'voice'>): string {
  const template = templateFor(doc.facts, doc.voice)
  const line = template.split('\n').find((l) => l.includes('{action}')) ?? '{action}'
  return renderSlots(line, slotValues(doc.facts))
}
