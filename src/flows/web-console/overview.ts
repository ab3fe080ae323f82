/**
 * The web console's Overview: per line, its latest release, the commits on
 * its branch since, and what waits for sign-off. Read-only; a line whose
 * history cannot be read says why instead of hiding the others.
 */
import type { ReleaseLine } from '../../core/release-line.ts'
import { lineVersionOfTag, schemeOf } from '../../core/version-scheme/index.ts'
import type { TagRef } from '../../core/versions.ts'
import type { ReleaseHistory } from '../../ports/history.ts'
import type { PendingItem } from '../signoff/signoff-flow.ts'

export type LineOverview = {
  line: string
  tagPrefix: string
  latest: string | null
  /** Commits on the line's branch since the latest release (null: no release yet, or unknown). */
  unreleased: number | null
  pending: Pick<PendingItem, 'subject' | 'tag' | 'state'>[]
  problem: string | null
  /** Stable and canary (with the soak time left) when the line has channels; null otherwise. */
  channels: LineChannels | 'unreadable' | null
}

/** A line's channels as `/release status` reads them. */
export type LineChannels = {
  line: string
  stable: string | null
  canary: { version: string; soakLeft: string | null } | null
}

export async function overview(
  history: ReleaseHistory,
  lines: readonly ReleaseLine[],
  pending: readonly PendingItem[],
  /** Null: the channels could not be read (each line with channels says so). */
  channels: readonly LineChannels[] | null = [],
): Promise<LineOverview[]> {
  const tags = await history.tags().catch(() => null)
  return Promise.all(
    lines.map(async (line) => {
      const base = {
        line: line.name,
        tagPrefix: line.tagPrefix,
        pending: pending
          .filter((p) => p.line === line.name)
          .map(({ subject, tag, state }) => ({ subject, tag, state })),
        channels: !line.channels
          ? null
          : channels === null
            ? ('unreadable' as const)
            : (channels.find((c) => c.line === line.name) ?? null),
      }
      if (!tags)
        return { ...base, latest: null, unreleased: null, problem: 'the repository’s tags could not be read' }
      const latest = latestTag(tags, line)
      return {
        ...base,
        latest: latest?.name ?? null,
        unreleased: await since(history, line, latest),
        problem: null,
      }
    }),
  )
}

function latestTag(tags: readonly TagRef[], line: ReleaseLine): TagRef | null {
  const scheme = schemeOf(line)
  let best: { tag: TagRef; version: string } | null = null
  for (const tag of tags) {
    const version = lineVersionOfTag(line, tag.name)
    if (version && (!best || scheme.compare(version, best.version) > 0)) best = { tag, version }
  }
  return best?.tag ?? null
}

async function since(history: ReleaseHistory, line: ReleaseLine, tag: TagRef | null): Promise<number | null> {
  if (!tag) return null
  try {
    const head = await history.resolveCommit(line.branch)
    if (!head) return null
    return (await history.range({ to: head.sha, since: tag.sha, withFiles: false })).length
  } catch {
    return null
  }
}
