/**
 * Which release the forge may show as the repository's Latest: a final
 * release of a line released from the repository's default branch (GitHub),
 * or — with the local git forge — from the checked-out branch. A maintenance
 * line (`lts-2026.1` on its own branch) never takes it, whether cut alone,
 * with other lines or by the GitHub Action running on that branch.
 */
import type { ReleaseLine } from '../../core/release-line.ts'
import type { Forge } from '../../ports/forge.ts'

/** The branch whose releases may be the latest; null when unknown (a detached HEAD). */
export async function latestBranch(
  forge: Pick<Forge, 'currentBranch' | 'defaultBranch'>,
): Promise<string | null> {
  try {
    return forge.defaultBranch ? await forge.defaultBranch() : await forge.currentBranch()
  } catch {
    return null
  }
}

/** Whether one line's release may become the latest: not a pre-release, and the line's branch is the default one. */
export async function takesLatest(
  forge: Pick<Forge, 'currentBranch' | 'defaultBranch'>,
  line: Pick<ReleaseLine, 'branch'> | undefined,
  prerelease: boolean,
): Promise<boolean> {
  if (prerelease) return false
  const branch = await latestBranch(forge)
  // Unknown branch or line: as before, a final release is the latest.
  return branch === null || line === undefined || line.branch === branch
}
