/**
 * Which releases were announced already: a posted announcement leaves a mark
 * under its tag (kept for good, unlike its record), so announcing the same tag
 * again asks first.
 */
import type { StateStore } from '../../ports/store.ts'
import { actionId } from '../actions.ts'
import { type Who, who } from '../signoff/who.ts'
import { messageView, type View } from '../view.ts'
import type { AnnounceRecord } from './announce-record.ts'

export type Announced = { tag: string; at: string; approvedBy: Who | null; messageUrl: string | null }

const key = (tag: string) => `announced:${tag}`

/**
 * After a post (or a person confirming one): a mark under each tag it
 * announced (every tag of a combined announcement). A store that fails here
 * loses only the warning.
 */
export async function rememberAnnounced(store: StateStore, record: AnnounceRecord, at: Date): Promise<void> {
  if (record.state !== 'posted') return
  const mark: Announced = {
    tag: record.tag,
    at: at.toISOString(),
    approvedBy: record.approved?.by ?? null,
    messageUrl: record.outcome?.messageUrl ?? null,
  }
  for (const tag of record.tag.split(',')) await store.set(key(tag), mark).catch(() => {})
}

/** The last announcement of any of the tags (`v0.12.4,v2026.1.4`: of either). */
export async function lastAnnounced(store: StateStore, tags: string): Promise<Announced | undefined> {
  for (const tag of tags.split(',')) {
    const mark = await store.get<Announced>(key(tag))
    if (mark) return mark
  }
  return undefined
}

/** "v1.0.0 was announced on … by …; announce again?", with the button that announces `tags` again. */
export function announcedAlreadyView(mark: Announced, tags = mark.tag): View {
  const by = mark.approvedBy ? ` by ${who(mark.approvedBy)}` : ''
  const where = mark.messageUrl ? ` (${mark.messageUrl})` : ''
  return messageView(
    'warning',
    `${mark.tag} was announced on ${mark.at.slice(0, 10)}${by}${where}; announce again?`,
    [{ id: actionId('announce.again', { tag: tags }), label: 'Announce again', style: 'secondary' }],
  )
}
