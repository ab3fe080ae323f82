/**
 * What Herald does when GitHub tells it something happened (the webhook
 * endpoint in `src/chat/github/` verifies, dedupes and parses each delivery
 * first): a line's merged release PR is published through the release flow's
 * publish path and the line's `notify` channel is told, with **Announce**.
 * Platform-neutral: events in, outcomes out (for the log), messages through
 * the `ChannelNotifier` port.
 */
import type { ReleaseLine } from '../../core/release-line.ts'
import type { Logger } from '../../ports/logger.ts'
import { type ChannelNotifier, describeTarget, type NotifyTarget } from '../../ports/notifier.ts'
import type { PreviewUpdater } from '../../ports/preview-updater.ts'
import { actionId } from '../actions.ts'
import type { PreviewMessages } from '../release/preview-messages.ts'
import type { ReleaseFlow } from '../release/release-flow.ts'
import { type ReleasePrOutcome, releaseBranchOf } from '../release/release-pr.ts'
import type { ReleaseRecord } from '../release/release-record.ts'
import { renderRelease } from '../release/release-views.ts'
import type { Who } from '../signoff/who.ts'
import type { View } from '../view.ts'
import { Debouncer } from './debounce.ts'

/** A GitHub account as a webhook names it: the login, and the numeric id that never changes. */
export type GitHubUser = { login: string; id: number }

/** `pull_request` closed with `merged: true`. */
export type MergedPullRequest = {
  number: number
  /** The merge commit GitHub made. */
  mergeSha: string
  /** The branch the PR came from (`herald/release-<line>` for a release PR). */
  headRef: string
  baseRef: string
  merger: GitHubUser
}

/** `push` to a branch: the branch's name and the commit it now points at. */
export type BranchPush = { branch: string; head: string }

/** CI finished on a commit (`check_suite` completed, or a commit status set). */
export type CiCompleted = { sha: string }

/** What handling an event came to, for the log and for tests. */
export type EventOutcome =
  /** `messages`: how many of their chat messages were replaced to show it. */
  | { kind: 'previews_updated'; sha: string; previews: string[]; messages: number }
  | { kind: 'refresh_scheduled'; lines: string[]; head: string }
  | { kind: 'published'; line: string; tag: string; releaseUrl: string | null; notified: string | null }
  | { kind: 'publish_failed'; line: string; tag: string; error: string; notified: string | null }
  | { kind: 'ignored'; reason: string }

export type GitHubEventDeps = {
  release: Pick<ReleaseFlow, 'publishMerged' | 'ciCompleted'>
  lines: readonly ReleaseLine[]
  /** Posts to `lines[].notify`; null: no platform bot is configured, nothing is posted. */
  notifier: ChannelNotifier | null
  log: Logger
  /** Opens or refreshes a line's release PR after pushes; null: no GitHub access, pushes do nothing. */
  refreshReleasePr?: ((line: string) => Promise<ReleasePrOutcome>) | null | undefined
  /** Waits for a burst of pushes to end before refreshing (default: 10 s, `HERALD_PUSH_DEBOUNCE`). */
  debouncer?: Debouncer | undefined
  /** Replaces a changed preview's chat message where it was shown; null: messages stay as they are. */
  previews?: { messages: PreviewMessages; updater: PreviewUpdater } | null | undefined
}

/** How long pushes to a line's branch must stop before its release PR is refreshed, by default. */
export const PUSH_DEBOUNCE_MS = 10_000

/** The audit log's actor for something a GitHub user did. */
export function githubWho(user: GitHubUser): Who {
  return { platform: 'github', userId: String(user.id), name: user.login }
}

export class GitHubEventFlow {
  readonly #deps: GitHubEventDeps
  readonly #debouncer: Debouncer

  constructor(deps: GitHubEventDeps) {
    this.#deps = deps
    this.#debouncer = deps.debouncer ?? new Debouncer(PUSH_DEBOUNCE_MS)
  }

  /**
   * A push to a `mode: pr` line's branch: the line's release PR is refreshed
   * once the pushes stop (a burst gives one update), computed at the branch's
   * head then. Answered at once; the refresh runs later and is logged.
   */
  pushed(event: BranchPush): EventOutcome {
    const refresh = this.#deps.refreshReleasePr
    const lines = this.#deps.lines.filter((l) => l.mode === 'pr' && l.branch === event.branch)
    if (!lines.length || !refresh)
      return { kind: 'ignored', reason: `no release-PR line (mode: pr) is released from ${event.branch}` }
    for (const line of lines)
      this.#debouncer.schedule(`release-pr:${line.name}`, async () => {
        try {
          const outcome = await refresh(line.name)
          const fields = {
            line: line.name,
            outcome: outcome.kind,
            ...('pr' in outcome ? { pr: outcome.pr.number, tag: outcome.tag } : { message: outcome.message }),
          }
          if (outcome.kind === 'failed')
            this.#deps.log.error('github: refreshing a release PR failed', fields)
          else this.#deps.log.info('github: release PR refreshed after pushes', fields)
        } catch (error) {
          this.#deps.log.error('github: refreshing a release PR failed', {
            line: line.name,
            code: (error as { code?: string }).code ?? 'refresh_failed',
            error: error instanceof Error ? error.message : String(error),
          })
        }
      })
    return { kind: 'refresh_scheduled', lines: lines.map((l) => l.name), head: event.head }
  }

  /** CI finished on `sha`: the open `/release` previews of that commit carry its CI check as it is now. */
  async ciCompleted(event: CiCompleted): Promise<EventOutcome> {
    const updated = await this.#deps.release.ciCompleted(event.sha)
    if (!updated.length)
      return { kind: 'ignored', reason: `no open preview of ${event.sha.slice(0, 7)} whose CI check changed` }
    let messages = 0
    const previews = this.#deps.previews
    for (const record of previews ? updated : []) {
      const outcome = await previews!.messages.replace(
        record.id,
        renderRelease(record),
        previews!.updater,
        this.#deps.log,
      )
      if (outcome === 'replaced') messages++
    }
    return { kind: 'previews_updated', sha: event.sha, previews: updated.map((r) => r.plan.tag), messages }
  }

  /** Runs the refreshes still waiting for their pushes to stop, and waits for them (shutdown). */
  flush(): Promise<void> {
    return this.#debouncer.flush()
  }

  /** A merged PR: when it is a line's release PR, publish it (exactly once) and tell the line's channel. */
  async pullRequestMerged(event: MergedPullRequest): Promise<EventOutcome> {
    const line = this.#deps.lines.find((l) => l.mode === 'pr' && releaseBranchOf(l) === event.headRef)
    if (!line) return { kind: 'ignored', reason: `PR #${event.number} is not a line's release PR` }
    if (event.baseRef !== line.branch)
      return {
        kind: 'ignored',
        reason: `release PR #${event.number} was merged into ${event.baseRef}, not the line's branch ${line.branch}`,
      }
    const record = await this.#deps.release.publishMerged(githubWho(event.merger), line.name, {
      number: event.number,
      sha: event.mergeSha,
    })
    if (!record)
      return {
        kind: 'ignored',
        reason: `release PR #${event.number} of line ${line.name}: already published, or not the line's merged release PR at ${event.mergeSha.slice(0, 7)}`,
      }
    const view = record.state === 'cut' ? publishedView(record, event) : publishFailedView(record, event)
    const notified = await this.#notify(line, view)
    if (record.state === 'cut')
      return {
        kind: 'published',
        line: line.name,
        tag: record.plan.tag,
        releaseUrl: record.result?.releaseUrl ?? null,
        notified,
      }
    return {
      kind: 'publish_failed',
      line: line.name,
      tag: record.plan.tag,
      error: record.result?.error?.message ?? record.state,
      notified,
    }
  }

  /** Posts `view` to the line's `notify` channel; the channel it reached, or null. A failure is logged, never thrown. */
  async #notify(line: ReleaseLine, view: View): Promise<string | null> {
    const target: NotifyTarget | undefined = line.notify
    if (!target) return null
    if (!this.#deps.notifier) {
      this.#deps.log.warn('github: a "published" message was not posted: no Slack or Discord bot token', {
        line: line.name,
        target: describeTarget(target),
      })
      return null
    }
    try {
      await this.#deps.notifier.notify(target, view)
      return describeTarget(target)
    } catch (error) {
      this.#deps.log.warn('github: the "published" message could not be posted', {
        line: line.name,
        target: describeTarget(target),
        code: (error as { code?: string }).code ?? 'notify_failed',
        error: error instanceof Error ? error.message : String(error),
      })
      return null
    }
  }
}

/** "v1.4.0 is published", with the release link and **Announce** (the normal `/announce-release` flow). */
export function publishedView(record: ReleaseRecord, event: MergedPullRequest): View {
  const { tag } = record.plan
  const url = record.result?.releaseUrl
  return {
    private: false,
    blocks: [
      { kind: 'header', text: `${tag} is published` },
      {
        kind: 'text',
        text: `${url ? `[Release ${tag}](${url})` : `Release ${tag}`}: release PR #${event.number} merged by ${event.merger.login}, tagged at \`${event.mergeSha.slice(0, 12)}\`.`,
      },
    ],
    actions: [{ id: actionId('release.announce', { tag }), label: 'Announce', style: 'primary' }],
  }
}

function publishFailedView(record: ReleaseRecord, event: MergedPullRequest): View {
  return {
    private: false,
    blocks: [
      {
        kind: 'notice',
        level: 'error',
        text: `Publishing ${record.plan.tag} from release PR #${event.number} failed: ${record.result?.error?.message ?? record.state}. Nothing was announced; run /release line:${record.plan.line} to publish it from chat.`,
      },
    ],
    actions: [],
  }
}
