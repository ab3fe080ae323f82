/**
 * The release index of one line: which version each channel serves, every
 * version released with its commit and asset hashes, and every move with
 * actor, reason and ticket. Pure: the next index is computed from the
 * current one, the move and the sequence the caller claimed; signing is in
 * `index-signature.ts`.
 */
import { err, ok, type Result } from '../result.ts'

export type ChannelName = 'stable' | 'canary'
export type IndexAction = 'canary' | 'promote' | 'rollback'
export type IndexAsset = { name: string; sha256: string }
export type RolledBack = { at: string; actor: string; reason: string; ticket: string | null }

export type IndexVersion = {
  version: string
  tag: string
  sha: string
  publishedAt: string
  assets: IndexAsset[]
  rolledBack: RolledBack | null
}

export type IndexEvent = {
  sequence: number
  action: IndexAction
  version: string
  channel: ChannelName
  actor: string
  reason: string | null
  ticket: string | null
  at: string
}

export type IndexSigned = {
  schemaVersion: 1
  line: string
  sequence: number
  issuedAt: string
  channels: Record<ChannelName, string | null>
  versions: IndexVersion[]
  events: IndexEvent[]
}

export type SignedIndex = { signed: IndexSigned; signatures: { keyid: string; sig: string }[] }

/** One move: a new canary version, a promotion to stable, a rollback of stable. */
export type IndexMove = {
  action: IndexAction
  version: string
  actor: string
  reason: string | null
  ticket: string | null
  at: string
  /**
   * canary: the release cut. promote, rollback: the version's release, which
   * joins the index if it is not listed yet (tagged before the line had
   * channels); its assets fill a listed version that has none yet (on GitHub,
   * CI usually uploads them after the canary's tag). Hashes once listed never change.
   */
  release?: { tag: string; sha: string; assets: IndexAsset[]; publishedAt?: string | undefined } | undefined
}

export function emptyIndex(line: string, at: string): IndexSigned {
  return {
    schemaVersion: 1,
    line,
    sequence: 0,
    issuedAt: at,
    channels: { stable: null, canary: null },
    versions: [],
    events: [],
  }
}

/** The index after `move`, at `sequence` (exactly one more than the current one), or why it cannot be. */
export function applyMove(
  current: IndexSigned,
  move: IndexMove,
  sequence: number,
): Result<IndexSigned, string> {
  if (sequence !== current.sequence + 1)
    return err(`index of line ${current.line}: sequence ${sequence} does not follow ${current.sequence}`)
  const listed = current.versions.find((v) => v.version === move.version)
  const joining = listed || move.action === 'canary' ? undefined : joiningVersion(move)
  const known = listed ?? joining
  const withJoined = joining ? [...current.versions, joining] : withFoundAssets(current.versions, move)
  const { action, version, actor, reason, ticket, at } = move
  const channel: ChannelName = action === 'canary' ? 'canary' : 'stable'
  const event: IndexEvent = { sequence, action, version, channel, actor, reason, ticket, at }
  const next = (patch: Partial<IndexSigned>): IndexSigned => ({
    ...current,
    ...patch,
    sequence,
    issuedAt: move.at,
    events: [...current.events, event],
  })
  switch (move.action) {
    case 'canary': {
      if (known) return err(`${move.version} is already in the index of line ${current.line}`)
      if (!move.release) return err(`a canary move needs the release it cut (${move.version})`)
      const version: IndexVersion = {
        version: move.version,
        ...move.release,
        publishedAt: move.at,
        rolledBack: null,
      }
      return ok(
        next({
          channels: { ...current.channels, canary: move.version },
          versions: [...current.versions, version],
        }),
      )
    }
    case 'promote': {
      if (!known)
        return err(
          `${move.version} was never released on line ${current.line}: cut it with /release canary first`,
        )
      if (current.channels.stable === move.version)
        return err(`${move.version} is already stable on line ${current.line}`)
      if (known.rolledBack)
        return err(`${move.version} was rolled back (${known.rolledBack.reason}): cut a new version instead`)
      const canary = current.channels.canary === move.version ? null : current.channels.canary
      return ok(next({ channels: { stable: move.version, canary }, versions: withJoined }))
    }
    case 'rollback': {
      const replaced = current.channels.stable
      if (!known) return err(`${move.version} was never released on line ${current.line}`)
      if (!replaced) return err(`line ${current.line} has no stable version to roll back`)
      if (replaced === move.version)
        return err(`${move.version} is already the stable version of line ${current.line}`)
      if (!move.reason) return err('a rollback needs a reason')
      const rolledBack: RolledBack = {
        at: move.at,
        actor: move.actor,
        reason: move.reason,
        ticket: move.ticket,
      }
      const versions = withJoined.map((v) => (v.version === replaced ? { ...v, rolledBack } : v))
      return ok(next({ channels: { ...current.channels, stable: move.version }, versions }))
    }
  }
}

/** The versions with the move's assets given to its version when it lists none yet. */
function withFoundAssets(versions: IndexVersion[], move: IndexMove): IndexVersion[] {
  const assets = move.release?.assets ?? []
  if (!assets.length) return versions
  return versions.map((v) => (v.version === move.version && !v.assets.length ? { ...v, assets } : v))
}

/** A version a stable move brings into the index (tagged before the line had channels). */
function joiningVersion(move: IndexMove): IndexVersion | undefined {
  const r = move.release
  if (!r) return undefined
  const publishedAt = r.publishedAt ?? move.at
  return { version: move.version, tag: r.tag, sha: r.sha, assets: r.assets, publishedAt, rolledBack: null }
}

/** The version `version` as the index lists it, or undefined. */
export function indexedVersion(index: IndexSigned | null, version: string): IndexVersion | undefined {
  return index?.versions.find((v) => v.version === version)
}
