/**
 * Where a line's signed release index lives: committed as `<line>.json` to
 * a branch, so a static host can serve it. Writing is compare-and-swap on
 * the branch: it lands only if the branch is still where it was read. Where
 * the forge publishes releases (GitHub), the channel moves show on them too.
 */
import type { IndexAsset, SignedIndex } from '../core/index/release-index.ts'

export type StoredIndex = { doc: SignedIndex; text: string; ref: string }

export interface ReleaseIndexHost {
  /** The index of `line` on `branch`, the commit it was read at; null when the branch or the file does not exist. */
  read(line: string, branch: string): Promise<StoredIndex | null>
  /**
   * Commits `doc` as `<line>.json` on `branch` if the branch is still at
   * `expected` (null: it must not exist yet); the other files of the branch
   * are kept. False when the branch moved meanwhile: nothing was written.
   */
  write(line: string, branch: string, doc: SignedIndex, expected: string | null): Promise<boolean>
  /**
   * Name and SHA-256 of each file of the release `tag`, sorted by name: on
   * GitHub the Release's assets (none while it has no Release); locally the
   * files of the directory `dir` of the repository (none without `dir`).
   */
  assets(tag: string, dir: string | undefined): Promise<IndexAsset[]>
  /**
   * Makes the release of `tag` a full release and the latest one (promote,
   * rollback). Idempotent. The local forge has no releases: nothing to do.
   */
  markStable(tag: string): Promise<void>
  /**
   * Adds the visible `note` to the release of `tag` (the version a rollback
   * replaced), once: a second call finds it there. Locally nothing to do.
   */
  markRolledBack(tag: string, note: string): Promise<void>
}
