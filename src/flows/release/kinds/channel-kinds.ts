/**
 * The channel moves as release kinds on the one sign-off machine:
 * `canary` cuts the next version as `tag` does and publishes it on the
 * canary channel only; `promote` moves a released version to stable (no new
 * tag, the same commit; before the soak period has passed a failed `soak`
 * check that the release role may override with a reason); `rollback` makes
 * an earlier version stable again and marks the one it replaces as rolled
 * back. Each writes the line's signed release index (`channels/`).
 */
import { diff } from 'semver'
import {
  applyMove,
  type IndexAsset,
  type IndexMove,
  type IndexSigned,
  type IndexVersion,
} from '../../../core/index/release-index.ts'
import type { Bump, ReleaseLine } from '../../../core/release-line.ts'
import { schemeOf } from '../../../core/version-scheme/index.ts'
import { CutError } from '../../../ports/forge.ts'
import { hashText } from '../../signoff/signoff-log.ts'
import { channelsUnavailable, refusal, soakCheck } from '../channels/channel-checks.ts'
import { readIndex, writeMove } from '../channels/index-move.ts'
import type { ReleaseDeps } from '../release-kind.ts'
import {
  cutFailed,
  type Freshness,
  type PrepareContext,
  type Prepared,
  type ReleaseKind,
} from '../release-kind.ts'
import type { ChannelMove, ChannelPin, ReleaseRecord } from '../release-record.ts'
import { moveView } from './channel-views.ts'
import { cutTag, tagKind } from './tag-kind.ts'

const actorOf = (r: ReleaseRecord) =>
  r.confirmedBy ? `${r.confirmedBy.platform}:${r.confirmedBy.userId}` : 'herald'

function indexMove(r: ReleaseRecord, action: ChannelMove, at: string): IndexMove {
  return {
    action,
    version: r.plan.version,
    actor: actorOf(r),
    reason: r.channel?.reason ?? null,
    ticket: r.channel?.ticket ?? null,
    at,
  }
}

export const canaryKind: ReleaseKind = {
  name: 'canary',
  modes: [],
  releases: true,
  async prepare(ctx) {
    const unavailable = channelsUnavailable(ctx.deps, ctx.line)
    if (unavailable) return unavailable
    if (!ctx.line.channels?.canary)
      return refusal(
        `line ${ctx.line.name} has no canary channel: add \`channels.canary: { soak: 24h }\` to it`,
      )
    const prepared = await tagKind.prepare(ctx)
    if (!prepared?.ok) return prepared
    const { index } = await readIndex(ctx.deps, ctx.line)
    return { ...prepared, action: 'canary', channel: pin(ctx.request, index) }
  },
  verify: (deps, record, line) => tagKind.verify(deps, record, line),
  async execute(deps, record, line) {
    if (!line) return cutFailed('no_line', `line ${record.plan.line} is no longer in the config`)
    // Read before the cut: a missing assets directory fails with nothing tagged.
    const assets = await deps.index!.assets(record.plan.tag, line.channels?.index.assets)
    const cut = await cutCanary(deps, record, line)
    if (cut.state !== 'cut') return cut
    const at = deps.clock.now().toISOString()
    const move = {
      ...indexMove(record, 'canary', at),
      release: { tag: record.plan.tag, sha: record.plan.sha, assets },
    }
    const written = await writeMove(deps, line, record.id, move, null)
    if (!written.ok) return cutFailed(written.error.code, written.error.message)
    return { ...cut, result: { ...cut.result!, sequence: written.value } }
  },
  view: moveView('canary'),
}

/** A move of stable to an indexed version (promote, rollback): no tag, the version's own commit. */
function stableMove(name: 'promote' | 'rollback'): ReleaseKind {
  return {
    name,
    modes: [],
    releases: name === 'promote',
    auth: name,
    prepare: (ctx) => prepareStableMove(name, ctx),
    async verify(deps, record, line) {
      const { index } = await readIndex(deps, line)
      const pinned = record.channel?.sequence ?? 0
      if (index.sequence !== pinned)
        return {
          stale: `the channels of line ${line.name} moved since the preview (index sequence ${pinned} → ${index.sequence})`,
          failed: [],
        }
      if (name === 'rollback') return { stale: null, failed: [] }
      const soak = soakCheck(line, index, record.plan.version, deps.clock.now())
      return { stale: null, failed: soak.status === 'fail' ? [soak] : [] } satisfies Freshness
    },
    async execute(deps, record, line) {
      if (!line) return cutFailed('no_line', `line ${record.plan.line} is no longer in the config`)
      const at = deps.clock.now().toISOString()
      const assets = await deps.index!.assets(record.plan.tag, undefined)
      const move = { ...indexMove(record, name, at), release: backfill(record, assets) }
      const onForge = (index: IndexSigned) => markReleases(deps, record, index, name)
      const written = await writeMove(deps, line, record.id, move, record.channel?.sequence ?? 0, onForge)
      if (!written.ok) return cutFailed(written.error.code, written.error.message)
      return {
        state: 'cut',
        result: { releaseUrl: null, tagCreated: false, error: null, sequence: written.value },
      }
    },
    view: moveView(name),
  }
}

async function prepareStableMove(
  name: 'promote' | 'rollback',
  { deps, line, request }: PrepareContext,
): Promise<Prepared> {
  const unavailable = channelsUnavailable(deps, line)
  if (unavailable) return unavailable
  if (name === 'rollback' && !request.reason)
    return refusal('A rollback needs a reason: `/release rollback VERSION reason:"…" [ticket:ID]`.')
  const { index } = await readIndex(deps, line)
  const version = request.version?.replace(/^v/, '') ?? (name === 'promote' ? index.channels.canary : null)
  if (!version) return refusal(`Nothing is on the canary channel of line ${line.name} to promote.`, 'info')
  const entry = index.versions.find((v) => v.version === version) ?? (await tagged(deps, line, version))
  if (!entry)
    return refusal(`${version} was never released on line ${line.name}: cut it with /release canary first.`)
  const problem = dryRun(index, name, entry, request.reason ?? null)
  if (problem) return refusal(problem)
  return {
    ok: true,
    action: name,
    plan: movePlan(line, index, entry),
    checks: name === 'promote' ? [soakCheck(line, index, version, deps.clock.now())] : [],
    pr: null,
    channel: { ...pin(request, index), publishedAt: entry.publishedAt },
  }
}

export const promoteKind = stableMove('promote')
export const rollbackKind = stableMove('rollback')

function pin(request: ReleaseRecord['request'], index: IndexSigned): ChannelPin {
  return {
    reason: request.reason ?? null,
    ticket: request.ticket ?? null,
    sequence: index.sequence,
    stable: index.channels.stable,
  }
}

/**
 * A version released before the line had channels: its tag, read from the
 * forge, so it can be promoted or rolled back to (it joins the index then).
 */
async function tagged(deps: ReleaseDeps, line: ReleaseLine, version: string): Promise<IndexVersion | null> {
  const tag = `${line.tagPrefix}${version}`
  const commit = await deps.forge.resolveCommit(`refs/tags/${tag}`)
  if (!commit) return null
  const publishedAt = new Date(commit.time * 1000).toISOString()
  return { version, tag, sha: commit.sha, publishedAt, assets: [], rolledBack: null }
}

/**
 * What a stable move adds to the index: its version when it is not listed
 * yet, and the release's assets when the listed version has none yet.
 */
function backfill(r: ReleaseRecord, assets: IndexAsset[]): IndexMove['release'] {
  return { tag: r.plan.tag, sha: r.plan.sha, assets, publishedAt: r.channel?.publishedAt }
}

/**
 * Tags the canary's commit and publishes it as a pre-release, never the
 * latest. A retry after the index write failed finds the tag on the pinned
 * commit with its release (`tag_exists`): the cut is done, resume with the index.
 */
async function cutCanary(
  deps: ReleaseDeps,
  record: ReleaseRecord,
  line: ReleaseLine,
): Promise<Partial<ReleaseRecord>> {
  try {
    return await cutTag(deps, record, line, { prerelease: true, makeLatest: false })
  } catch (error) {
    if (!(error instanceof CutError && error.code === 'tag_exists')) throw error
    return { state: 'cut', result: { releaseUrl: null, tagCreated: false, error: null } }
  }
}

/**
 * A stable move on the forge's releases (GitHub): the version becomes a full
 * release and the latest; a rollback also notes, on the release it replaced,
 * who rolled it back, why and the ticket. Idempotent (see `writeMove`).
 */
async function markReleases(
  deps: ReleaseDeps,
  record: ReleaseRecord,
  index: IndexSigned,
  name: 'promote' | 'rollback',
): Promise<void> {
  await deps.index!.markStable(record.plan.tag)
  const replaced = index.versions.find((v) => v.version === index.channels.stable)
  if (name !== 'rollback' || !replaced) return
  const at = deps.clock.now().toISOString().slice(0, 10)
  const ticket = record.channel?.ticket ? ` (ticket ${record.channel.ticket})` : ''
  const note = `**Rolled back** on ${at} by ${actorOf(record)}: ${record.channel?.reason ?? 'no reason given'}${ticket}. ${record.plan.tag} is the latest release again.`
  await deps.index!.markRolledBack(replaced.tag, note)
}

/** The move's refusal as the index would give it, before anything is pinned. */
function dryRun(
  index: IndexSigned,
  action: 'promote' | 'rollback',
  entry: IndexVersion,
  reason: string | null,
): string | null {
  const release = { tag: entry.tag, sha: entry.sha, assets: [], publishedAt: entry.publishedAt }
  const at = index.issuedAt
  const move: IndexMove = { action, version: entry.version, actor: '', reason, ticket: null, at, release }
  const result = applyMove(index, move, index.sequence + 1)
  return result.ok ? null : `${result.error}.`
}

function movePlan(line: ReleaseLine, index: IndexSigned, entry: IndexVersion): ReleaseRecord['plan'] {
  const stable = index.versions.find((v) => v.version === index.channels.stable)
  return {
    line: line.name,
    tag: entry.tag,
    version: entry.version,
    sha: entry.sha,
    bump: bumpBetween(line, stable?.version ?? null, entry.version),
    from: stable?.tag ?? null,
    notes: '',
    notesHash: hashText(''),
    commits: 0,
    drivers: [],
  }
}

/** The bump from the stable version to `version`, for the two-person rule (a first stable version is major). */
function bumpBetween(line: ReleaseLine, from: string | null, version: string): Bump {
  if (!from) return 'major'
  // A calendar or PEP 440 line: which release number moved.
  const scheme = schemeOf(line)
  if (scheme.name !== 'semver') return scheme.bumpBetween(from, version)
  const d = diff(from, version)
  if (d === 'major' || d === 'premajor') return 'major'
  if (d === 'minor' || d === 'preminor') return 'minor'
  return 'patch'
}
