/**
 * Writing a channel move to a line's release index. The sequence is claimed
 * in the state store before the index is written, so replicas never give
 * two moves one number: of two moves from the same index one wins and the
 * other is told someone acted first. A retry of a move that already landed
 * finds its own claim on the index's sequence and does nothing more.
 *
 * What a move changes on the forge's releases (GitHub's latest and
 * pre-release flags, a rolled-back note) is done after the claim is won and
 * before the index is written: the index is the commit point. Those edits
 * are idempotent, so a retry after a failure between them repeats them
 * harmlessly, and once the index holds the move nothing is done again.
 */
import { signIndex } from '../../../core/index/index-signature.ts'
import { applyMove, emptyIndex, type IndexMove, type IndexSigned } from '../../../core/index/release-index.ts'
import type { ReleaseLine } from '../../../core/release-line.ts'
import { err, ok, type Result } from '../../../core/result.ts'
import type { StoredIndex } from '../../../ports/release-index-host.ts'
import type { ReleaseDeps } from '../release-kind.ts'

/** How long a claimed sequence is remembered: far beyond any retry, so a number is never given twice. */
const SEQUENCE_KEEP_MS = 10 * 365 * 24 * 60 * 60 * 1000

export type LineChannels = NonNullable<ReleaseLine['channels']>

export type MoveFailure = { code: 'moved_first' | 'index_refused'; message: string }

/** The line's index as stored, or an empty one (sequence 0). */
export async function readIndex(
  deps: Pick<ReleaseDeps, 'index' | 'clock'>,
  line: ReleaseLine,
): Promise<{ stored: StoredIndex | null; index: IndexSigned }> {
  const stored = await deps.index!.read(line.name, indexBranch(line))
  return { stored, index: stored?.doc.signed ?? emptyIndex(line.name, deps.clock.now().toISOString()) }
}

export function indexBranch(line: ReleaseLine): string {
  return line.channels?.index.branch ?? 'herald-index'
}

const sequenceKey = (line: ReleaseLine, sequence: number) =>
  `index:${indexBranch(line)}:${line.name}#${sequence}`

/**
 * Applies `move` to the line's index on behalf of the record `owner`, signed
 * with the deps' key. `pinned`: the sequence the preview read; the move lands
 * only on it (null: on whatever is current, for a canary). `beforeWrite`:
 * the forge-side edits of the move (idempotent), given the index it applies to.
 */
export async function writeMove(
  deps: ReleaseDeps,
  line: ReleaseLine,
  owner: string,
  move: IndexMove,
  pinned: number | null,
  beforeWrite?: (index: IndexSigned) => Promise<void>,
): Promise<Result<number, MoveFailure>> {
  const { stored, index } = await readIndex(deps, line)
  const current = index.sequence
  if (current > 0 && (await deps.store.readClaim(sequenceKey(line, current))) === owner) return ok(current)
  if (pinned !== null && current !== pinned) return err(movedFirst(line, current))
  const next = current + 1
  const won = await deps.store.claim(sequenceKey(line, next), owner, SEQUENCE_KEEP_MS)
  if (!won && (await deps.store.readClaim(sequenceKey(line, next))) !== owner)
    return err(movedFirst(line, next))
  const applied = applyMove(index, move, next)
  if (!applied.ok) return err({ code: 'index_refused', message: applied.error })
  await beforeWrite?.(index)
  const doc = signIndex(applied.value, deps.indexKey ?? null)
  const wrote = await deps.index!.write(line.name, indexBranch(line), doc, stored?.ref ?? null)
  if (!wrote)
    return err({
      code: 'moved_first',
      message: `the index branch ${indexBranch(line)} moved while sequence ${next} was written (was it changed by hand?): run /release status, then retry`,
    })
  return ok(next)
}

function movedFirst(line: ReleaseLine, sequence: number): MoveFailure {
  return {
    code: 'moved_first',
    message: `someone else moved the channels of line ${line.name} first (index sequence ${sequence}): nothing was changed; run /release status and start again`,
  }
}
