/**
 * CI finishing on the commit of an open `/release` preview (GitHub's
 * `check_suite` or `status` event): the preview's pinned `ci_head` check is
 * read again and, when it changed, the record moves to carry it (audited as
 * Herald), so the next view and the confirmation see it: a preview blocked
 * by "CI still running" can be cut once CI is green, without previewing
 * again. Previews are found by their commit through a store index written
 * when they are created.
 */
import type { StateStore } from '../../ports/store.ts'
import type { SignoffMachine } from '../signoff/signoff-machine.ts'
import { HERALD } from '../signoff/who.ts'
import { allChecks } from './kinds/lines-prepare.ts'
import { ciCheck, type ReleaseCheck } from './release-checks.ts'
import type { ReleaseDeps } from './release-kind.ts'
import { awaitsCi, type LinePin, type ReleaseRecord } from './release-record.ts'

const indexKey = (sha: string) => `release-previews:${sha}`

/** Lists a new preview under its commit when its CI check is one GitHub can change. */
export async function rememberPreview(store: StateStore, record: ReleaseRecord): Promise<void> {
  if (!awaitsCi(record)) return
  // Several lines: listed under each line's commit.
  const shas = record.lines ? record.lines.map((p) => p.plan.sha) : [record.plan.sha]
  for (const sha of new Set(shas)) await store.addToIndex(indexKey(sha), record.id)
}

/** The previews of `sha` whose CI check changed, as they are now; previews no longer pending leave the index. */
export async function refreshPreviewCi(
  machine: SignoffMachine<ReleaseRecord>,
  deps: Pick<ReleaseDeps, 'store' | 'host'>,
  sha: string,
): Promise<ReleaseRecord[]> {
  const ids = await deps.store.listIndex(indexKey(sha))
  if (!ids.length || !deps.host) return []
  const check = ciCheck('ci_head', await deps.host.ciStatus(sha))
  const updated: ReleaseRecord[] = []
  for (const id of ids) {
    const record = await machine.load(id)
    if (record?.state !== 'planned') {
      await deps.store.removeFromIndex(indexKey(sha), id)
      continue
    }
    const patch = record.lines ? linesCiPatch(record.lines, sha, check) : ciPatch(record.checks, check)
    if (!patch) continue
    const moved = await machine.move(record, patch, HERALD, `ci_head: ${check.text}`)
    if (moved.ok) updated.push(moved.record)
  }
  return updated
}

/** The checks with `check` for the CI check, or null when it did not change. */
function ciPatch(checks: ReleaseCheck[] | undefined, check: ReleaseCheck): { checks: ReleaseCheck[] } | null {
  const before = checks?.find((c) => c.id === 'ci_head')
  if (!before || (before.status === check.status && before.text === check.text)) return null
  return { checks: checks!.map((c) => (c.id === 'ci_head' ? check : c)) }
}

/** Several lines: the CI check of each line whose commit is `sha`, and the preview's checks again. */
function linesCiPatch(lines: LinePin[], sha: string, check: ReleaseCheck): Partial<ReleaseRecord> | null {
  let changed = false
  const next = lines.map((pin) => {
    const patch = pin.plan.sha === sha ? ciPatch(pin.checks, check) : null
    if (!patch) return pin
    changed = true
    return { ...pin, ...patch }
  })
  return changed ? { lines: next, checks: allChecks(next) } : null
}
