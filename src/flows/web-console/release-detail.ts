/**
 * The web console's Release page: one release's notes (read through the
 * forge, as `herald notes --at TAG` builds them), its announcements as they
 * were posted (text, who approved, when, the message's address), and, when
 * its line has channels, its entry in the release index and the index events
 * about it. Read-only; a part that cannot be read says why instead of hiding
 * the others.
 */
import type { IndexEvent, IndexSigned, IndexVersion } from '../../core/index/release-index.ts'
import type { ReleaseLine } from '../../core/release-line.ts'
import { lineVersionOfTag } from '../../core/version-scheme/index.ts'
import type { ReleaseHistory } from '../../ports/history.ts'
import type { StateStore } from '../../ports/store.ts'
import { type AnnounceRecord, announceKind } from '../announce/announce-record.ts'
import { lineOfTag } from '../find-release.ts'
import { SignoffLog } from '../signoff/signoff-log.ts'
import type { Who } from '../signoff/who.ts'

export type PostedAnnouncement = {
  /** The audit log's subject (`announce:<id>`). */
  subject: string
  postedAt: string
  /** The approved text as posted; null once the record has left the store (kept 30 days). */
  text: string | null
  approvedBy: Who | null
  approvedAt: string | null
  messageUrl: string | null
}

export type ReleaseChannels = {
  stable: string | null
  canary: string | null
  /** The release's entry in the index; null when it never joined it. */
  entry: IndexVersion | null
  /** The index events about this version, oldest first. */
  events: IndexEvent[]
}

export type ReleaseDetail = {
  tag: string
  line: string
  version: string
  notes: { ok: true; markdown: string } | { ok: false; problem: string }
  announcements: PostedAnnouncement[]
  /** Null when the line has no channels. */
  channels: ReleaseChannels | { problem: string } | null
}

export type ReleaseLookup =
  | { ok: true; release: ReleaseDetail }
  | { ok: false; status: 400 | 404; message: string }

export type ReleaseDetailDeps = {
  history: Pick<ReleaseHistory, 'tags'>
  lines: readonly ReleaseLine[]
  store: StateStore
  /** The release's notes as markdown, or why they cannot be built. */
  notes(
    line: ReleaseLine,
    tag: string,
    version: string,
  ): Promise<{ ok: true; markdown: string } | { ok: false; problem: string }>
  /** The line's release index (lines with channels); null when there is none yet. */
  index(line: ReleaseLine): Promise<IndexSigned | null>
}

/** A tag as a URL path segment may carry it: at most 200 characters, no control characters. */
const TAG = /^[^\s\u0000-\u001f/\\]{1,200}$/

export async function releaseDetail(deps: ReleaseDetailDeps, tag: string): Promise<ReleaseLookup> {
  if (!TAG.test(tag))
    return {
      ok: false,
      status: 400,
      message: 'This is not a release tag: open a release from the overview or the audit log.',
    }
  const line = lineOfTag(deps.lines, tag)
  if (!line)
    return {
      ok: false,
      status: 404,
      message: `"${tag}" is not a release of any line: open a release from the overview.`,
    }
  const tags = await deps.history.tags()
  if (!tags.some((t) => t.name === tag))
    return {
      ok: false,
      status: 404,
      message: `There is no tag "${tag}": check the name, or open a release from the overview.`,
    }
  const version = lineVersionOfTag(line, tag)!
  const [notes, announcements, channels] = await Promise.all([
    deps
      .notes(line, tag, version)
      .catch((error: unknown) => ({ ok: false as const, problem: message(error) })),
    postedAnnouncements(deps.store, tag),
    line.channels ? channelsOf(deps, line, version) : null,
  ])
  return { ok: true, release: { tag, line: line.name, version, notes, announcements, channels } }
}

/** Every post of `tag`'s announcements the audit log holds, oldest first, with the record's approved text. */
async function postedAnnouncements(store: StateStore, tag: string): Promise<PostedAnnouncement[]> {
  const log = new SignoffLog<AnnounceRecord>(store, 'announce', announceKind.inFlight)
  const posts = (await store.listAudit()).filter(
    (e) =>
      e.subject.startsWith('announce:') &&
      e.to === 'posted' &&
      e.from !== 'posted' &&
      e.outcome === 'done' &&
      labelOf(e.detail).includes(tag),
  )
  return Promise.all(
    posts.map(async (entry) => {
      const record = await log.load(entry.subject.slice('announce:'.length)).catch(() => undefined)
      const approved = record?.approved
      const revision = approved ? record.revisions.find((r) => r.n === approved.revision) : undefined
      const url = record?.outcome?.messageUrl ?? urlIn(entry.detail!.slice(entry.detail!.indexOf(': ') + 2))
      return {
        subject: entry.subject,
        postedAt: entry.at,
        text: revision?.text ?? null,
        approvedBy: approved?.by ?? null,
        approvedAt: approved?.at ?? null,
        messageUrl: url,
      }
    }),
  )
}

/** The tags an audit detail `label: …` is about: one, or each of a combined announcement (`v0.12.4,v2026.1.4`). */
function labelOf(detail: string | undefined): string[] {
  const cut = detail?.indexOf(': ') ?? -1
  return cut > 0 ? detail!.slice(0, cut).split(',') : []
}

async function channelsOf(deps: ReleaseDetailDeps, line: ReleaseLine, version: string) {
  try {
    const index = await deps.index(line)
    return {
      stable: index?.channels.stable ?? null,
      canary: index?.channels.canary ?? null,
      entry: index?.versions.find((v) => v.version === version) ?? null,
      events: index?.events.filter((e) => e.version === version) ?? [],
    }
  } catch (error) {
    return { problem: `the release index of line ${line.name} could not be read: ${message(error)}` }
  }
}

/** Only an http(s) address is a message link; the audit detail of a post without one says `posted`. */
function urlIn(text: string): string | null {
  return /^https?:\/\/\S+$/.test(text) ? text : null
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
