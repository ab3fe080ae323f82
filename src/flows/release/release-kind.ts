/**
 * A release kind: what confirming a release preview does. `tag` tags the
 * branch head and publishes the release, `pr` opens or updates the line's
 * release PR, `publish` tags a merged release PR's merge commit. Each kind is
 * one file in `kinds/` and one entry in `kinds/index.ts`; the release flow
 * and the sign-off machine give every kind the same states, claims,
 * authorisation and audit log, so a kind only says how to prepare its
 * preview, how to tell that the preview still holds, how to carry it out,
 * and the words its views use.
 */

import type { AuthAction, AuthConfig } from '../../core/authorize.ts'
import type { IndexKey } from '../../core/index/index-signature.ts'
import type { ReleaseLine } from '../../core/release-line.ts'
import type { BuildOutput } from '../../ports/build-output.ts'
import type { ChangelogGrouper } from '../../ports/changelog-grouper.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Forge } from '../../ports/forge.ts'
import type { FileReader, ReleaseHost, ReleasePrHost, ReleasePullRequest } from '../../ports/release-host.ts'
import type { ReleaseIndexHost } from '../../ports/release-index-host.ts'
import type { StateStore } from '../../ports/store.ts'
import type { ReleaseTextOptions } from '../line-notes.ts'
import type { ReleaseCheck } from './release-checks.ts'
import type { ReleasePrDeps } from './release-pr.ts'
import type {
  ChannelPin,
  LinePin,
  ReleaseAction,
  ReleaseChangelog,
  ReleasePrRef,
  ReleaseRecord,
  ReleaseRequest,
  ReleaseState,
} from './release-record.ts'

export type ReleaseDeps = {
  store: StateStore
  clock: Clock
  auth: AuthConfig | undefined
  forge: Forge
  lines: readonly ReleaseLine[]
  repoWebUrl: string | null
  /** CI results and files through the forge's API (GitHub); null: CI checks are skipped. */
  host?: ReleaseHost | null | undefined
  /** Release PRs (GitHub); null: `mode: pr` lines cannot be released from chat. */
  prHost?: (ReleaseHost & ReleasePrHost) | null | undefined
  /** Files at a commit when there is no `host` (the local git forge), for the changelog check. */
  files?: FileReader | null | undefined
  /** Pull request labels and authors for the notes of every kind of release (`githubNoteSources`). */
  enrich?: ReleaseTextOptions['enrich']
  /** The repository's `.github/release.yml` categories, with `enrich` (`githubNoteSources`). */
  repositoryNotes?: ReleaseTextOptions['repositoryNotes']
  /**
   * The LLM that proposes subsections for a final release's CHANGELOG section
   * (`pr` lines); null or absent: the flat consolidation, with no grouping offered.
   */
  grouper?: ChangelogGrouper | null | undefined
  /** Where each line's release index lives (channels); null: channel moves are refused. */
  index?: ReleaseIndexHost | null | undefined
  /** Signs the index (`HERALD_INDEX_KEY`); null: written unsigned. */
  indexKey?: IndexKey | null | undefined
  /** The build output where Herald runs: a line's `checksums.from` files; absent: such lines are refused. */
  buildOutput?: BuildOutput | undefined
  pendingTtlMs?: number | undefined
  /** A cut still `cutting` after this long is reported as interrupted (default 10 min). */
  cutBudgetMs?: number | undefined
}

/** What a preview pins, before it becomes a record. */
export type Prepared =
  | {
      ok: true
      action: ReleaseAction
      plan: ReleaseRecord['plan']
      checks: ReleaseCheck[]
      pr: ReleasePrRef | null
      changelog?: ReleaseChangelog | null | undefined
      channel?: ChannelPin | null | undefined
      lines?: LinePin[] | undefined
      /** The next development version the release writes (`nextVersion`), or null. */
      next?: string | null | undefined
    }
  | { ok: false; level: 'info' | 'error'; message: string }

/** Writes `patch` to the record being cut, audited with `detail`, before the kind goes on. */
export type Progress = (patch: Partial<ReleaseRecord>, detail: string) => Promise<void>

/** Whether a pinned preview still holds, and which checks fail now. */
export type Freshness = { stale: string | null; failed: ReleaseCheck[] }

/** What a kind's `prepare` is given: the request, its line, and the line's release PR read once. */
export type PrepareContext = {
  deps: ReleaseDeps
  line: ReleaseLine
  request: ReleaseRequest
  /** Release PR access (GitHub), or null when this Herald has none. */
  prDeps: ReleasePrDeps | null
  /** The line's release PR, read at most once per preview. */
  releasePr(): Promise<ReleasePullRequest | null>
}

/** The words a kind's views use; the rest of the view is the same for every kind. */
export type KindView = {
  header(record: ReleaseRecord): string
  fields(record: ReleaseRecord): { label: string; value: string }[]
  /** Titles of the states whose wording differs from a plain cut. */
  titles?: Partial<Record<ReleaseState, string>> | undefined
  /** The confirm button: **Cut release**, **Open release PR**… */
  confirmLabel(record: ReleaseRecord): string
  /** What confirming does, shown under the preview. */
  confirmText(record: ReleaseRecord): string
  /** What was done, once cut. */
  doneText(record: ReleaseRecord): string
  /** What was done when the cut failed, beside the error (several lines: which were cut). */
  outcomeText?: ((record: ReleaseRecord) => string) | undefined
  /** The tags a finished release offers **Announce** for (default: the record's tag). */
  announceTags?: ((record: ReleaseRecord) => string[]) | undefined
  retryLabel: string
  /** "Nothing was <verb>" when a preview went stale. */
  nothingDone: string
  /** "… so <gerund> is blocked" when a check failed. */
  blocked: string
  /** Whether a finished release offers **Announce**. */
  announces: boolean
}

export interface ReleaseKind {
  readonly name: ReleaseAction
  /** The line modes (`tag`, `pr`) whose previews this kind may prepare, asked in registration order. */
  readonly modes: readonly ('tag' | 'pr')[]
  /** Whether confirming releases something, so the two-person rule applies (opening a release PR does not). */
  readonly releases: boolean
  /** The role that may start and confirm it (default `release`). */
  readonly auth?: AuthAction | undefined
  /** The preview to pin, or null when this kind does not apply (the next kind is asked). */
  prepare(ctx: PrepareContext): Promise<Prepared | null>
  /** Reads again what the preview pinned: why it no longer holds (or null), and the checks failing now. */
  verify(deps: ReleaseDeps, record: ReleaseRecord, line: ReleaseLine): Promise<Freshness>
  /**
   * Does what the confirmed record pinned; the outcome as the record's final
   * state. Throws only on bugs. `progress` records a step durably (the record
   * stays `cutting`) before the next: a kind doing several things says each.
   */
  execute(
    deps: ReleaseDeps,
    record: ReleaseRecord,
    line: ReleaseLine | undefined,
    progress?: Progress,
  ): Promise<Partial<ReleaseRecord>>
  readonly view: KindView
}

/** Release PR access, when this Herald has a pull-request host (GitHub). */
export function releasePrDeps(d: ReleaseDeps): ReleasePrDeps | null {
  if (!d.prHost) return null
  return {
    forge: d.forge,
    host: d.prHost,
    lines: d.lines,
    clock: d.clock,
    repoWebUrl: d.repoWebUrl,
    enrich: d.enrich,
    repositoryNotes: d.repositoryNotes,
  }
}

/** A cut that failed, as the record's final state. */
export function cutFailed(code: string, message: string): Partial<ReleaseRecord> {
  return { state: 'cut_failed', result: { releaseUrl: null, tagCreated: false, error: { code, message } } }
}

/** A release-PR kind confirmed on a Herald that has since lost its GitHub access. */
export function noGitHubAnyMore(): Partial<ReleaseRecord> {
  return cutFailed('no_github', 'this Herald has no GitHub access any more: set GITHUB_TOKEN and restart it')
}
