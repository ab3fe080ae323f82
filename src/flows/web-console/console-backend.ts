/**
 * What the web console reads and does, platform-neutral: sign-in, what waits
 * for sign-off (as chat shows it), the overview, the audit log, and clicks,
 * which go to the same `ChatFlows.action` as a chat click (so the same
 * authorisation, revision check and exactly-once claim apply).
 */
import type { ReleaseLine } from '../../core/release-line.ts'
import type { ReleaseHistory } from '../../ports/history.ts'
import type { AuditEntry, StateStore } from '../../ports/store.ts'
import type { PendingItem } from '../signoff/signoff-flow.ts'
import type { ChatFlows } from '../view.ts'
import type { ConsoleAccess } from './console-access.ts'
import { type LineChannels, type LineOverview, overview } from './overview.ts'
import { type ReleaseDetailDeps, type ReleaseLookup, releaseDetail } from './release-detail.ts'

export type ConsoleBackend = {
  access: ConsoleAccess
  /** The address people reach the console at (`HERALD_PUBLIC_URL`): forms are accepted only from its origin. */
  publicUrl: URL
  flows: Pick<ChatFlows, 'action'>
  lines: readonly Pick<ReleaseLine, 'name' | 'tagPrefix'>[]
  pending(): Promise<PendingItem[]>
  overview(): Promise<LineOverview[]>
  audit(): Promise<AuditEntry[]>
  /** One release's page: its notes, announcements as posted, index entry and events. */
  release(tag: string): Promise<ReleaseLookup>
}

type PendingSource = { pending(): Promise<PendingItem[]> }

export function consoleBackend(deps: {
  access: ConsoleAccess
  publicUrl: URL
  flows: ChatFlows & { release: PendingSource; announce: PendingSource }
  lines: readonly ReleaseLine[]
  history: ReleaseHistory
  store: StateStore
  notes: ReleaseDetailDeps['notes']
  index: ReleaseDetailDeps['index']
  /** Stable and canary per line with channels (null: no line has channels). */
  channels: (() => Promise<LineChannels[]>) | null
}): ConsoleBackend {
  const pending = async () => {
    const [releases, drafts] = await Promise.all([
      deps.flows.release.pending(),
      deps.flows.announce.pending(),
    ])
    return [...releases, ...drafts]
  }
  return {
    access: deps.access,
    publicUrl: deps.publicUrl,
    flows: deps.flows,
    lines: deps.lines,
    pending,
    overview: async () => {
      const [items, channels] = await Promise.all([pending(), deps.channels?.().catch(() => null) ?? []])
      return overview(deps.history, deps.lines, items, channels)
    },
    audit: () => deps.store.listAudit(),
    release: (tag) => releaseDetail(deps, tag),
  }
}
