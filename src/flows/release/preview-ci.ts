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
import { ciCheck } from './release-checks.ts'
import type { ReleaseDeps } from './release-kind.ts'
import { awaitsCi, type ReleaseRecord } from './release-record.ts'

const indexKey = (sha: string) => `release-previews:${sha}`

/** Lists a new preview under its commit when its CI check is one GitHub can change. */
export async function rememberPreview(store: StateStore, record: ReleaseRecord): Promise<void> {
  if (awaitsCi(record)) await store.addToIndex(indexKey(record.plan.sha), record.id)
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
    const before = record.checks?.find((c) => c.id === 'ci_head')
    if (!before || (before.status === check.status && before.text === check.text)) continue
    const checks = record.checks!.map((c) => (c.id === 'ci_head' ? check : c))
    const moved = await machine.move(record, { checks }, HERALD, `ci_head: ${check.text}`)
    if (moved.ok) updated.push(moved.record)
  }
  return updated
}
