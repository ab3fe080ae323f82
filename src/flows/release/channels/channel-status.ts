/**
 * `/release status` and `herald status`: per line with channels, the stable
 * and canary versions (with the soak time left), the commits on the line's
 * branch since stable, the sign-offs waiting for a click, and the index
 * sequence. Read-only (but for pruning the store's list of pending previews).
 */
import type { ReleaseLine } from '../../../core/release-line.ts'
import { chooseLine } from '../../plan-line.ts'
import { messageView, type View, type ViewBlock } from '../../view.ts'
import type { ReleaseDeps } from '../release-kind.ts'
import { human, soakCheck } from './channel-checks.ts'
import { readIndex } from './index-move.ts'
import { type PendingSignoff, pendingSignoffs } from './pending.ts'

export type LineStatus = {
  line: string
  stable: string | null
  canary: { version: string; soakLeft: string | null } | null
  /** Commits on the line's branch since the stable version (null: no stable version, or the branch is unknown). */
  unreleased: number | null
  sequence: number
  signed: boolean
  rolledBack: string[]
  /** Previews of the line waiting for a click, oldest first (null: no state store to read them from). */
  pending: PendingSignoff[] | null
}

/** What reading the channels needs: no authorisation; the store only for the pending sign-offs. */
export type StatusDeps = Pick<ReleaseDeps, 'index' | 'clock' | 'lines' | 'forge'> &
  Partial<Pick<ReleaseDeps, 'store'>>

export type StatusResult = { ok: true; lines: LineStatus[] } | { ok: false; message: string }

export async function channelStatus(deps: StatusDeps, lineName: string | undefined): Promise<StatusResult> {
  if (!deps.index)
    return { ok: false, message: 'channels need a release index this Herald can write (docs/channels.md)' }
  const withChannels = deps.lines.filter((l) => l.channels)
  if (lineName !== undefined || withChannels.length === 0) {
    const line = chooseLine(deps.lines, lineName)
    if ('ok' in line) return { ok: false, message: line.message }
    if (!line.channels)
      return {
        ok: false,
        message: `line ${line.name} has no channels: add \`channels:\` to it (docs/channels.md)`,
      }
    return { ok: true, lines: [await lineStatus(deps, line)] }
  }
  return { ok: true, lines: await Promise.all(withChannels.map((l) => lineStatus(deps, l))) }
}

async function lineStatus(deps: StatusDeps, line: ReleaseLine): Promise<LineStatus> {
  const { stored, index } = await readIndex(deps, line)
  const canaryVersion = index.channels.canary
  const soak = canaryVersion ? soakCheck(line, index, canaryVersion, deps.clock.now()) : null
  const stable = index.versions.find((v) => v.version === index.channels.stable)
  return {
    line: line.name,
    stable: index.channels.stable,
    canary: canaryVersion
      ? {
          version: canaryVersion,
          soakLeft:
            soak?.status === 'fail'
              ? soakLeft(line, index.versions.find((v) => v.version === canaryVersion)!.publishedAt, deps)
              : null,
        }
      : null,
    unreleased: stable ? await commitsSince(deps, line, stable.sha) : null,
    sequence: index.sequence,
    signed: Boolean(stored?.doc.signatures.length),
    rolledBack: index.versions
      .filter((v) => v.rolledBack)
      .map((v) => `${v.version} (${v.rolledBack!.reason})`),
    pending: deps.store ? await pendingSignoffs(deps.store, line.name, deps.clock.now()) : null,
  }
}

function soakLeft(line: ReleaseLine, publishedAt: string, deps: StatusDeps): string {
  const soak = line.channels!.canary!.soak
  const m = /^(\d+)(s|m|h|d)$/.exec(soak)!
  const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2] as 's' | 'm' | 'h' | 'd']
  return human(Date.parse(publishedAt) + Number(m[1]) * unit - deps.clock.now().getTime())
}

async function commitsSince(deps: StatusDeps, line: ReleaseLine, sha: string): Promise<number | null> {
  const head = await deps.forge.resolveCommit(line.branch)
  if (!head) return null
  return (await deps.forge.range({ to: head.sha, since: sha, withFiles: false })).length
}

/** One line of text per line, for chat and the CLI. */
export function describeStatus(s: LineStatus): string {
  const canary = s.canary
    ? `${s.canary.version}${s.canary.soakLeft ? ` (soaking, ${s.canary.soakLeft} left)` : ' (soaked)'}`
    : 'none'
  const unreleased =
    s.unreleased === null
      ? ''
      : `; ${s.unreleased} unreleased commit${s.unreleased === 1 ? '' : 's'} since stable`
  const rolled = s.rolledBack.length ? `; rolled back: ${s.rolledBack.join(', ')}` : ''
  const pending = s.pending?.length
    ? `; waiting for sign-off: ${s.pending.map((p) => `${p.what} by ${p.who}, ${p.age} ago`).join(', ')}`
    : ''
  return `stable ${s.stable ?? 'none'}; canary ${canary}${unreleased}; index sequence ${s.sequence}${s.signed ? ', signed' : s.sequence ? ', UNSIGNED' : ''}${rolled}${pending}`
}

export function statusView(result: StatusResult): View {
  if (!result.ok) return messageView('error', result.message)
  const blocks: ViewBlock[] = [{ kind: 'header', text: 'Channels' }]
  blocks.push({
    kind: 'fields',
    fields: result.lines.map((s) => ({ label: `line ${s.line}`, value: describeStatus(s) })),
  })
  return { private: true, blocks, actions: [] }
}
