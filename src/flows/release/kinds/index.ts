/**
 * The release kinds Herald knows, in the order a line's preview asks them:
 * the first kind serving the line's mode whose `prepare` does not pass wins
 * (a merged, untagged release PR is published before a new one is planned).
 * A new kind is a file beside this one and an entry here.
 */
import type { ReleasePullRequest } from '../../../ports/release-host.ts'
import { chooseLine } from '../../plan-line.ts'
import { type Prepared, type ReleaseDeps, type ReleaseKind, releasePrDeps } from '../release-kind.ts'
import { releaseBranchOf } from '../release-pr.ts'
import type { ReleaseAction, ReleaseRecord, ReleaseRequest } from '../release-record.ts'
import { canaryKind, promoteKind, rollbackKind } from './channel-kinds.ts'
import { linesKind } from './lines-kind.ts'
import { prepareLines, severalLines } from './lines-prepare.ts'
import { prKind } from './pr-kind.ts'
import { publishKind } from './publish-kind.ts'
import { tagKind } from './tag-kind.ts'

export const RELEASE_KINDS: readonly ReleaseKind[] = [
  publishKind,
  prKind,
  tagKind,
  canaryKind,
  promoteKind,
  rollbackKind,
  linesKind,
]

/** The kind of a record (records written before release PRs existed are `tag`). */
export function kindOf(record: Pick<ReleaseRecord, 'action'>): ReleaseKind {
  return kindNamed(record.action ?? 'tag')
}

export function kindNamed(name: ReleaseAction): ReleaseKind {
  const kind = RELEASE_KINDS.find((k) => k.name === name)
  if (!kind) throw new Error(`release: no release kind "${name}" is registered`)
  return kind
}

/** The preview of `request`: its line, then the first kind that prepares one. */
export async function prepareRelease(deps: ReleaseDeps, request: ReleaseRequest): Promise<Prepared> {
  const several = severalLines(request)
  if (several) return prepareLines(deps, request, several)
  const line = chooseLine(deps.lines, request.line, 'chat')
  if ('ok' in line) return { ok: false, level: 'error', message: line.message }
  const prDeps = releasePrDeps(deps)
  let pr: Promise<ReleasePullRequest | null> | null = null
  const ctx = {
    deps,
    line,
    request,
    prDeps,
    releasePr: () => {
      pr ??= prDeps ? prDeps.host.findReleasePr(releaseBranchOf(line)) : Promise.resolve(null)
      return pr
    },
  }
  // A channel move names its kind; the line's mode chooses among the others.
  if (request.move)
    return (
      (await kindNamed(request.move).prepare(ctx)) ?? {
        ok: false,
        level: 'error',
        message: `line ${line.name}: /release ${request.move} is not available here`,
      }
    )
  const mode = line.mode ?? 'tag'
  for (const kind of RELEASE_KINDS) {
    if (!kind.modes.includes(mode)) continue
    const prepared = await kind.prepare(ctx)
    if (prepared) return prepared
  }
  return { ok: false, level: 'error', message: `line ${line.name}: no release kind serves mode ${mode}` }
}

/**
 * The `publish` preview of `lineName` alone (never a new release PR): what a
 * merged release PR would publish, or null when the line has no merged,
 * untagged release PR.
 */
export async function prepareMergedPublish(deps: ReleaseDeps, lineName: string): Promise<Prepared | null> {
  const line = deps.lines.find((l) => l.name === lineName)
  const prDeps = releasePrDeps(deps)
  if (line?.mode !== 'pr' || !prDeps) return null
  const found = line
  const releasePr = () => prDeps.host.findReleasePr(releaseBranchOf(found))
  return publishKind.prepare({ deps, line, request: { line: lineName, bump: 'auto' }, prDeps, releasePr })
}
