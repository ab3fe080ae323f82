/**
 * A line's merged release PR: found by the marker in its body, then published
 * — its merge commit tagged and the release made with the notes the PR
 * carried — exactly once.
 */
import type { Bump, ReleaseLine } from '../../core/release-line.ts'
import { releaseTitle } from '../../core/release-title.ts'
import { isPrereleaseOf } from '../../core/version-scheme/index.ts'
import { CutError, type CutResult } from '../../ports/forge.ts'
import type { ReleasePullRequest } from '../../ports/release-host.ts'
import { lineChecksums, withChecksums } from '../line-packages.ts'
import { takesLatest } from './latest-release.ts'
import { type ReleasePrDeps, releaseBranchOf } from './release-pr.ts'
import { bumpOfVersion, type Marker, notesOf, readMarker } from './release-pr-marker.ts'

/** A merged release PR of a line: what publishing it tags and releases. */
export type MergedRelease = {
  pr: ReleasePullRequest
  tag: string
  version: string
  /** The merge commit: the tag goes here. */
  sha: string
  bump: Bump
  notes: string
}

export type PublishOutcome =
  | { kind: 'published'; pr: ReleasePullRequest; cut: CutResult }
  | { kind: 'already_published'; pr: ReleasePullRequest; tag: string }
  | { kind: 'waiting'; pr: ReleasePullRequest | null; message: string }

/** The line's release PR when it was merged (whether or not it is published yet), else null. */
export function mergedRelease(pr: ReleasePullRequest | null, lineName: string): MergedRelease | null {
  const marker = pr ? readMarker(pr.body) : null
  if (pr?.state !== 'closed' || !pr.merged || !pr.mergeCommitSha || marker?.line !== lineName) return null
  return {
    pr,
    tag: marker.tag,
    version: marker.version,
    sha: pr.mergeCommitSha,
    // PRs opened before the marker carried the bump: the semver step of a normal increment.
    bump: marker.bump ?? bumpOfVersion(marker.version),
    notes: notesOf(pr.body),
  }
}

/**
 * `/release` on a `mode: pr` line: tag the merged release PR's merge commit
 * and publish it. With `expected`, only that PR and merge commit (what a
 * confirmed preview showed) are published.
 */
export async function publishMergedReleasePr(
  deps: ReleasePrDeps,
  lineName: string,
  expected?: { number: number; sha: string } | undefined,
): Promise<PublishOutcome> {
  const line = deps.lines.find((l) => l.name === lineName)
  const pr = line ? await deps.host.findReleasePr(releaseBranchOf(line)) : null
  if (!pr) return { kind: 'waiting', pr, message: `line ${lineName} has no release PR yet: open one first` }
  if (expected && (pr.number !== expected.number || pr.mergeCommitSha !== expected.sha))
    return {
      kind: 'waiting',
      pr,
      message: `the release PR changed since the preview (now #${pr.number}${pr.mergeCommitSha ? ` merged as ${pr.mergeCommitSha.slice(0, 7)}` : ''}): run /release again`,
    }
  if (pr.state === 'open')
    return {
      kind: 'waiting',
      pr,
      message: `release PR #${pr.number} is still open: review and merge it first`,
    }
  const marker = readMarker(pr.body)
  if (!pr.merged || !pr.mergeCommitSha || !marker || marker.line !== lineName)
    return {
      kind: 'waiting',
      pr,
      message: `release PR #${pr.number} was closed without merging: nothing to publish; update the release PR again`,
    }
  try {
    return { kind: 'published', pr, cut: await cut(deps, line, pr, marker) }
  } catch (error) {
    // The tag and its release are there: published before (a tag without its release is resumed above).
    if ((error as { code?: string }).code === 'tag_exists')
      return { kind: 'already_published', pr, tag: marker.tag }
    throw error
  }
}

async function cut(
  deps: ReleasePrDeps,
  line: ReleaseLine | undefined,
  pr: ReleasePullRequest,
  marker: Marker,
): Promise<CutResult> {
  const prerelease = isPrereleaseOf(line, marker.version)
  // The build ran after the PR was written: its checksums join the notes, and checksums.txt the release.
  // Not checked against the merge commit: on a `pull_request` event the workflow's checkout is
  // GitHub's test merge of the PR (another commit with the same tree), built after the merge.
  const checksums = line && deps.buildOutput ? await lineChecksums(deps.buildOutput, line, null) : null
  if (checksums && !checksums.ok) throw new CutError('release_failed', `${checksums.error}; nothing was cut`)
  return deps.forge.cutRelease({
    tag: marker.tag,
    sha: pr.mergeCommitSha!,
    title: releaseTitle(line, marker.tag, marker.version),
    notes: checksums ? withChecksums(notesOf(pr.body), checksums.value) : notesOf(pr.body),
    prerelease,
    makeLatest: await takesLatest(deps.forge, line, prerelease),
    annotated: line?.annotatedTags,
    ...(checksums ? { assets: [{ name: 'checksums.txt', content: checksums.value.checksumsTxt }] } : {}),
  })
}
