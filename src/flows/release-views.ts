/** The release sign-off record and what it looks like in chat. */
import type { Bump } from '../core/release-line.ts'
import type { Who } from './announce-record.ts'
import { who } from './announce-views.ts'
import type { SignoffRecord } from './signoff-log.ts'
import type { View, ViewAction, ViewBlock } from './view.ts'

export type ReleaseState =
  | 'planned'
  | 'confirmed'
  | 'cutting'
  | 'cut'
  | 'cut_failed'
  | 'cancelled'
  | 'expired'

export type ReleaseRequest = {
  line?: string | undefined
  bump: 'auto' | Bump
  version?: string | undefined
  prerelease?: string | undefined
}

export type ReleaseRecord = SignoffRecord & {
  state: ReleaseState
  request: ReleaseRequest
  requester: Who
  createdAt: string
  /** The pinned plan: exactly this is cut. */
  plan: {
    line: string
    tag: string
    version: string
    sha: string
    bump: Bump
    from: string | null
    notes: string
    notesHash: string
    commits: number
    drivers: string[]
  }
  /** `sha256` over tag, commit and notes hash: what the audit log records. */
  planHash: string
  confirmedBy: Who | null
  cutDeadline?: string | undefined
  result: {
    releaseUrl: string | null
    tagCreated: boolean
    error: { code: string; message: string } | null
  } | null
  reason: string | null
}

export type ReleaseNotice = { level: 'info' | 'warning' | 'error'; text: string }

export const releaseIds = {
  cut: (id: string) => `r:cut:${id}`,
  cancel: (id: string) => `r:x:${id}`,
  retry: (id: string) => `r:rt:${id}`,
  announce: (tag: string) => `r:ann:${tag}`,
}

const TITLES: Record<ReleaseState, string> = {
  planned: 'preview, waiting for confirmation',
  confirmed: 'confirmed',
  cutting: 'cutting…',
  cut: 'released',
  cut_failed: 'cut failed',
  cancelled: 'closed',
  expired: 'expired',
}

export function renderRelease(record: ReleaseRecord, notices: ReleaseNotice[] = []): View {
  const { plan } = record
  const blocks: ViewBlock[] = notices.map((n) => ({ kind: 'notice', level: n.level, text: n.text }))
  blocks.push({ kind: 'header', text: `${plan.tag} (line ${plan.line}): ${TITLES[record.state]}` })
  blocks.push({
    kind: 'fields',
    fields: [
      { label: 'From → to', value: `${plan.from ?? '(first release)'} → ${plan.tag}` },
      { label: 'Bump', value: plan.bump },
      { label: 'Commit', value: plan.sha.slice(0, 12) },
      { label: 'Commits', value: String(plan.commits) },
      { label: 'Requested by', value: who(record.requester) },
      ...(record.confirmedBy ? [{ label: 'Confirmed by', value: who(record.confirmedBy) }] : []),
    ],
  })
  if (record.state === 'planned') {
    if (plan.drivers.length)
      blocks.push({
        kind: 'text',
        text: `Why ${plan.bump}:\n${plan.drivers.map((d) => `• \`${d}\``).join('\n')}`,
      })
    blocks.push({ kind: 'code', text: plan.notes || '(no notes)' })
    blocks.push({
      kind: 'text',
      text: `Pending until ${record.expiresAt}. **Cut release** tags exactly commit \`${plan.sha.slice(0, 12)}\` as \`${plan.tag}\`.`,
    })
  }
  if (record.state === 'cut') {
    const url = record.result?.releaseUrl
    const resumed =
      record.result?.tagCreated === false
        ? ' (the tag already pointed at the pinned commit; it was reused)'
        : ''
    blocks.push({
      kind: 'text',
      text: `Tagged \`${plan.tag}\` at \`${plan.sha.slice(0, 12)}\`${resumed}.${url ? ` [Release page](${url})` : ''}`,
    })
  }
  if (record.state === 'cut_failed' && record.result?.error) {
    blocks.push({
      kind: 'notice',
      level: 'error',
      text: `${record.result.error.message} (${record.result.error.code})`,
    })
  }
  return { private: record.state !== 'cut', blocks, actions: actionsFor(record) }
}

function actionsFor(record: ReleaseRecord): ViewAction[] {
  switch (record.state) {
    case 'planned':
      return [
        { id: releaseIds.cut(record.id), label: 'Cut release', style: 'primary' },
        { id: releaseIds.cancel(record.id), label: 'Cancel', style: 'danger' },
      ]
    case 'cut_failed':
      return [
        { id: releaseIds.retry(record.id), label: 'Retry cut', style: 'primary' },
        { id: releaseIds.cancel(record.id), label: 'Cancel', style: 'danger' },
      ]
    case 'cut':
      return [{ id: releaseIds.announce(record.plan.tag), label: 'Announce', style: 'secondary' }]
    default:
      return []
  }
}
