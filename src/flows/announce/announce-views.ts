/** What the announcement flow shows, per state (platform-neutral views). */
import { findUnsafeContent, type UnsafeFinding } from '../../core/post-safety.ts'
import { releaseUrls, TARGET_LIMITS } from '../../core/voice/facts.ts'
import { hasErrors } from '../../core/voice/finding.ts'
import type { VoiceOptions } from '../../core/voice/voice-options.ts'
import type { Poster, PosterLookup } from '../../ports/poster.ts'
import { actionId } from '../actions.ts'
import type { Notice } from '../signoff/signoff-flow.ts'
import { who } from '../signoff/who.ts'
import { md, type View, type ViewAction, type ViewBlock } from '../view.ts'
import { type AnnounceRecord, currentRevision, EDITABLE } from './announce-record.ts'

export type RenderContext = {
  /** Unsafe content found by the post gate in the current text. */
  unsafe: UnsafeFinding[]
  /** Where it goes, for people: `#announcements (Discord)`. */
  targetLabel: string
  maxLength: number
}

function renderAnnouncement(record: AnnounceRecord, ctx: RenderContext, notices: Notice[] = []): View {
  const rev = currentRevision(record)
  const blocks: ViewBlock[] = notices.map((n) => ({ kind: 'notice', level: n.level, text: n.text }))
  blocks.push({
    kind: 'header',
    text: `Announcement of ${record.tag.split(',').join(' + ')}: ${STATE_TITLES[record.state]}`,
  })
  blocks.push({
    kind: 'fields',
    fields: [
      { label: 'Posts to', value: ctx.targetLabel },
      { label: 'Revision', value: `${rev.n} (${rev.source} by ${md(who(rev.by))})` },
      { label: 'Requested by', value: md(who(record.requester)) },
      ...(record.approved
        ? [
            {
              label: 'Approved by',
              value: `${md(who(record.approved.by))}, revision ${record.approved.revision}`,
            },
          ]
        : []),
      { label: 'Text hash', value: (record.approved?.hash ?? rev.hash).slice(0, 19) },
    ],
  })
  const shown = record.approved ? record.revisions[record.approved.revision - 1]! : rev
  blocks.push({ kind: 'code', text: shown.text })
  const blocking = EDITABLE.has(record.state) && (hasErrors(rev.findings) || ctx.unsafe.length > 0)
  if (EDITABLE.has(record.state)) {
    for (const f of rev.findings) {
      blocks.push({
        kind: 'notice',
        level: f.severity === 'error' ? 'error' : 'warning',
        text: `line ${f.line}, column ${f.column}: ${md(f.message)} [${f.rule}]`,
      })
    }
    for (const u of ctx.unsafe) blocks.push({ kind: 'notice', level: 'error', text: md(u.message) })
    if (blocking)
      blocks.push({
        kind: 'text',
        text: 'Fix the errors above with **Edit** (or **Regenerate**) before approving.',
      })
    if (rev.provenance?.source === 'fallback') {
      blocks.push({
        kind: 'notice',
        level: 'warning',
        text: `This is the offline template draft: the model's draft was not usable (${md(rev.provenance.fallbackReason ?? 'no reason given')}).`,
      })
    }
    if (rev.modelDraft) {
      const errors = countErrors(rev.modelDraft.findings)
      const rules = [...new Set(rev.modelDraft.findings.map((f) => f.rule))].join(', ')
      blocks.push({
        kind: 'text',
        text: `The model's best draft is kept (${plural(errors, 'error')}${rules ? `: ${rules}` : ''}): **Use the model's draft** makes it the next revision, to fix with **Edit** before approving.`,
      })
    }
    blocks.push({ kind: 'text', text: `Pending until ${record.expiresAt}.` })
  }
  if (record.outcome && record.state !== 'posted')
    blocks.push({ kind: 'notice', level: 'error', text: md(record.outcome.message) })
  if (record.state === 'posted') {
    const link = record.outcome?.messageUrl
    blocks.push({
      kind: 'text',
      text: link ? `Posted: [open the message](${link})` : `Posted to ${ctx.targetLabel}.`,
    })
  }
  if (record.state === 'post_unknown') {
    blocks.push({
      kind: 'text',
      text: `Herald cannot tell whether the message reached ${ctx.targetLabel}, and will not send it again by itself. **Look at the channel**, then press the button that matches.`,
    })
  }
  return { private: record.state !== 'posted', blocks, actions: actionsFor(record, ctx, blocking) }
}

function actionsFor(record: AnnounceRecord, ctx: RenderContext, blocking: boolean): ViewAction[] {
  const { id } = record
  const rev = currentRevision(record)
  if (EDITABLE.has(record.state)) {
    return [
      ...(blocking
        ? []
        : [
            {
              id: actionId('announce.approve', { id, rev: rev.n }),
              label: 'Approve & post',
              style: 'primary' as const,
            },
          ]),
      {
        id: actionId('announce.edit', { id, rev: rev.n }),
        label: 'Edit',
        style: 'secondary',
        edit: {
          title: `Announcement of ${record.tag.split(',').join(' + ')}`,
          text: rev.text,
          maxLength: ctx.maxLength,
        },
      },
      { id: actionId('announce.regenerate', { id, rev: rev.n }), label: 'Regenerate', style: 'secondary' },
      ...(rev.modelDraft
        ? [
            {
              id: actionId('announce.useModelDraft', { id, rev: rev.n }),
              label: `Use the model's draft (${plural(countErrors(rev.modelDraft.findings), 'error')})`,
              style: 'secondary' as const,
            },
          ]
        : []),
      { id: actionId('announce.cancel', { id }), label: 'Cancel', style: 'danger' },
    ]
  }
  if (record.state === 'approved' || record.state === 'post_failed') {
    return [
      { id: actionId('announce.retry', { id }), label: 'Post again', style: 'primary' },
      { id: actionId('announce.cancel', { id }), label: 'Cancel', style: 'danger' },
    ]
  }
  if (record.state === 'post_unknown') {
    return [
      { id: actionId('announce.markPosted', { id }), label: 'It is in the channel', style: 'primary' },
      { id: actionId('announce.retry', { id }), label: 'It is not there: post again', style: 'secondary' },
      { id: actionId('announce.cancel', { id }), label: 'Close without posting', style: 'danger' },
    ]
  }
  return []
}

function countErrors(findings: readonly { severity: string }[]): number {
  return findings.filter((f) => f.severity === 'error').length
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

const STATE_TITLES: Record<AnnounceRecord['state'], string> = {
  drafted: 'draft, waiting for sign-off',
  edited: 'edited, waiting for sign-off',
  regenerated: 'regenerated, waiting for sign-off',
  approved: 'approved, not posted yet',
  posting: 'posting…',
  posted: 'posted',
  post_failed: 'not posted (the post failed)',
  post_unknown: 'post state unknown',
  cancelled: 'cancelled',
  expired: 'expired',
}

/** What the post gate finds in `text` for the draft's target: links, mentions, length. */
export function unsafeContent(
  text: string,
  record: AnnounceRecord,
  voice: VoiceOptions,
  poster: Poster | null,
): UnsafeFinding[] {
  const targetName = poster?.targetName ?? (record.facts.target === 'slack' ? 'Slack' : 'Discord')
  return findUnsafeContent(text, {
    // Each release page of a combined announcement is its own.
    allowedUrls: releaseUrls(record.facts),
    allowedDomains: voice.linkDomains,
    maxLength: poster?.maxLength ?? TARGET_LIMITS[record.facts.target ?? 'discord'],
    targetName,
    platform: targetName === 'Slack' ? 'slack' : 'discord',
  })
}

/** A draft as people see it: where it posts, the gate's findings while it is editable, and notices. */
export function renderDraft(
  record: AnnounceRecord,
  deps: {
    posters: PosterLookup
    voice: VoiceOptions
    channels?: Readonly<Record<string, string | undefined>> | undefined
  },
  notices: Notice[] = [],
): View {
  const poster = deps.posters(record.line)
  const p = poster.ok ? poster.poster : null
  const name = p?.targetName ?? (record.facts.target === 'slack' ? 'Slack' : 'Discord')
  const channel = deps.channels?.[record.line]
  const extra = poster.ok ? [] : [{ level: 'warning' as const, text: poster.message }]
  return renderAnnouncement(
    record,
    {
      unsafe: EDITABLE.has(record.state)
        ? unsafeContent(currentRevision(record).text, record, deps.voice, p)
        : [],
      targetLabel: channel ? `${channel} (${name})` : name,
      maxLength: p?.maxLength ?? TARGET_LIMITS[record.facts.target ?? 'discord'],
    },
    [...notices, ...extra],
  )
}
