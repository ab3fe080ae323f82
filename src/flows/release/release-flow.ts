/**
 * The release sign-off: planned → confirmed → cutting → cut | cut_failed, or
 * cancelled / expired, on the one sign-off machine. The plan is pinned to its
 * commit, tag, notes hash and the checks the preview showed; confirming does
 * exactly that, through the record's release kind (`kinds/`). If the branch
 * moved, the notes changed, the tag appeared or a new check failed since the
 * preview, Herald refuses and shows a fresh preview instead. A failed check
 * blocks the cut unless someone with the release role overrides it
 * (audited). A tag is never moved or overwritten (the forge's rule).
 */
import { CutError } from '../../ports/forge.ts'
import { shortHash } from '../actions.ts'
import { SignoffFlow } from '../signoff/signoff-flow.ts'
import type { Step } from '../signoff/signoff-machine.ts'
import { HERALD, samePerson, type Who, who, whoOf } from '../signoff/who.ts'
import { type Actor, md, messageView, type View } from '../view.ts'
import { kindNamed, kindOf, prepareMergedPublish, prepareRelease } from './kinds/index.ts'
import { refreshPreviewCi, rememberPreview } from './preview-ci.ts'
import { cutFailed, type Progress, type ReleaseDeps } from './release-kind.ts'
import {
  ACTION_PREFIX,
  blockedRefusal,
  changelogDetail,
  channelDetail,
  groupingDetail,
  inChatTerms,
} from './release-messages.ts'
import {
  failedOf,
  newReleaseRecord,
  type ReleaseNotice,
  type ReleaseRecord,
  type ReleaseRequest,
  releaseKind,
  releaseStateRefusal,
} from './release-record.ts'
import { describeChecks, renderRelease } from './release-views.ts'

export type { ReleaseDeps } from './release-kind.ts'
export { inChatTerms } from './release-messages.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export class ReleaseFlow extends SignoffFlow<ReleaseRecord, ReleaseDeps> {
  constructor(deps: ReleaseDeps) {
    super(deps, releaseKind)
  }

  /** `/release line:<name> [bump] [version] [prerelease]` → a pinned preview. */
  async start(actor: Actor, request: ReleaseRequest): Promise<View> {
    const auth = request.move ? (kindNamed(request.move).auth ?? 'release') : 'release'
    return (await this.refuseStart(actor, auth, 'planned')) ?? this.#preview(actor, request, [])
  }

  /** **Cut release** (or **Open/Update release PR**, **Publish release**): blocked by a failed check. */
  cut(actor: Actor, id: string): Promise<View> {
    return this.#confirm(actor, id, false)
  }

  /** **Override and cut**: confirms despite the failed checks the preview showed, and audits which. */
  override(actor: Actor, id: string): Promise<View> {
    return this.#confirm(actor, id, true)
  }

  async #confirm(actor: Actor, id: string, override: boolean): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const kind = kindOf(record)
    // Opening a release PR releases nothing: the requester may open it, and the two-person rule
    // applies when it is tagged. Whoever chose the changelog it writes changed what is cut, so
    // under the rule that person may not be the one who confirms it, whatever the kind.
    const chooser = record.changelog?.chosenBy
    const authors = chooser && !samePerson(chooser, record.requester) ? [chooser] : []
    const context = {
      requester: kind.releases ? record.requester : undefined,
      authors,
      bump: record.plan.bump,
    }
    const refused = await this.#check(actor, record, {
      attempted: override ? 'override' : 'confirmed',
      auth: { action: kind.auth ?? 'release', context },
      states: ['planned'],
    })
    if (refused) return refused
    const overrideRefused = override ? this.#overrideRefusal(actor, record) : null
    if (overrideRefused) return this.#refused(actor, record, 'override', overrideRefused)
    const seen = failedOf(record)
    if (seen.length && !override)
      return this.#refused(actor, record, override ? 'override' : 'confirmed', blockedRefusal(seen))

    // Several lines (`a,b`): the kind finds each line itself.
    const line = this.deps.lines.find((l) => l.name === record.plan.line.split(',')[0])
    const fresh = line
      ? await kind.verify(this.deps, record, line)
      : { stale: `line ${record.plan.line} is no longer in the config`, failed: [] }
    if (fresh.stale) {
      const moved = await this.machine.move(
        record,
        { state: 'cancelled', reason: `stale: ${fresh.stale}` },
        actor,
        'stale preview',
      )
      if (!moved.ok) return this.#lost(moved.current)
      return this.#preview(actor, record.request, [
        {
          level: 'warning',
          text: `Nothing was ${kind.view.nothingDone}: ${fresh.stale}. Here is a fresh preview; check it and confirm again.`,
        },
      ])
    }
    const overridden = override ? fresh.failed : []
    const confirmed = await this.machine.move(
      record,
      { state: 'confirmed', confirmedBy: whoOf(actor), overridden },
      actor,
      (overridden.length
        ? `confirmed, overriding failed checks: ${describeChecks(overridden)}`
        : 'confirmed') +
        changelogDetail(record) +
        channelDetail(record),
    )
    if (!confirmed.ok) return this.#lost(confirmed.current)
    return this.#cutPinned(confirmed.record, actor)
  }

  /**
   * **Use grouped changelog** / **Keep flat changelog**: pins which CHANGELOG
   * section the release PR writes. `hash` is the start of the section's hash
   * the click's view carried: a click on anything but that exact section is
   * refused. For someone allowed to release, audited with the section's hash.
   */
  async chooseChangelog(actor: Actor, id: string, choice: 'flat' | 'grouped', hash: string): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const attempted = `changelog_${choice}`
    const refused = await this.#check(actor, record, {
      attempted,
      auth: { action: 'release' },
      states: ['planned'],
    })
    if (refused) return refused
    const c = record.changelog
    const section = choice === 'grouped' ? c?.grouped : c?.flat
    if (!c?.grouped || !section || shortHash(section.hash) !== hash)
      return this.#refused(
        actor,
        record,
        attempted,
        'This changelog choice is not the one this preview offers (an older view?): nothing was changed.',
      )
    if (c.choice === choice && c.chosenBy)
      return renderRelease(record, [
        { level: 'info', text: `The ${choice} changelog is already chosen (by ${md(who(c.chosenBy))}).` },
      ])
    const moved = await this.machine.move(
      record,
      { changelog: { ...c, choice, chosenBy: whoOf(actor) } },
      actor,
      `${c.path}: ${choice === 'grouped' ? `grouped section (proposed by ${c.grouped.by})` : 'flat section'} chosen, ${section.hash}`,
      { action: attempted, hash: section.hash },
    )
    return moved.ok ? renderRelease(moved.record) : this.#lost(moved.current)
  }

  /** A failed or interrupted cut, again: the forge resumes a tag already on the pinned commit. */
  async retry(actor: Actor, id: string): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, {
      attempted: 'cutting',
      auth: { action: 'release' },
      states: ['cut_failed'],
    })
    return refused ?? this.#cutPinned(record, actor)
  }

  /** Closes a preview or a failed cut: the requester, or anyone allowed to release. */
  async cancel(actor: Actor, id: string): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, {
      attempted: 'cancelled',
      auth: samePerson(record.requester, actor) ? { ok: true } : { action: 'release' },
      states: ['planned', 'cut_failed'],
    })
    if (refused) return refused
    const moved = await this.machine.move(
      record,
      { state: 'cancelled', reason: 'cancelled' },
      actor,
      'cancelled',
    )
    return moved.ok ? renderRelease(moved.record) : this.#lost(moved.current)
  }

  async #preview(actor: Actor, request: ReleaseRequest, notices: ReleaseNotice[]): Promise<View> {
    const prepared = await prepareRelease(this.deps, request)
    if (!prepared.ok)
      return messageView(
        prepared.level,
        [...notices.map((n) => n.text), inChatTerms(prepared.message)].join('\n'),
      )
    const record = newReleaseRecord(prepared, request, actor, this.machine.now(), this.#ttlMs())
    const failed = failedOf(record)
    await this.machine.create(
      record,
      actor,
      `${ACTION_PREFIX[prepared.action] ?? ''}${record.plan.tag} at ${record.plan.sha}${failed.length ? `; failed checks: ${failed.map((c) => c.id).join(', ')}` : ''}${groupingDetail(record)}`,
      { labelled: false },
    )
    await rememberPreview(this.deps.store, record)
    return renderRelease(record, notices)
  }

  #ttlMs(): number {
    return this.deps.pendingTtlMs ?? DAY_MS
  }

  /**
   * A line's release PR merged on GitHub: the same publish as **Publish
   * release**, with the merge as the confirmation (GitHub already decided who
   * may merge into the line's branch). The record is created and confirmed as
   * the merger, carried out on the machine and audited like a click; failed
   * checks are recorded, not blocking. Null when there is nothing to publish
   * for exactly this PR and merge commit (already tagged, or not the line's
   * merged release PR).
   */
  async publishMerged(
    merger: Who,
    lineName: string,
    pr: { number: number; sha: string },
  ): Promise<ReleaseRecord | null> {
    const prepared = await prepareMergedPublish(this.deps, lineName)
    if (!prepared?.ok || prepared.pr?.number !== pr.number || prepared.plan.sha !== pr.sha) return null
    const request = { line: lineName, bump: 'auto' } as const
    const record = newReleaseRecord(prepared, request, merger, this.machine.now(), this.#ttlMs())
    // One publish per merge commit, whichever replica or delivery gets here first.
    if (!(await this.deps.store.claim(`publish-merge:${lineName}:${pr.sha}`, record.id, DAY_MS))) return null
    const failed = failedOf(record)
    await this.machine.create(record, merger, `release PR #${pr.number} merged by ${who(merger)}`)
    const confirmed = await this.machine.move(
      record,
      { state: 'confirmed', confirmedBy: whoOf(merger), overridden: failed },
      merger,
      `confirmed by merging release PR #${pr.number}${failed.length ? `; checks failing at the merge: ${describeChecks(failed)}` : ''}`,
    )
    if (!confirmed.ok) return null
    await this.#cutPinned(confirmed.record, merger)
    return (await this.machine.load(record.id)) ?? null
  }

  /** CI finished on `sha`: its open previews carry the CI check as it is now (`preview-ci.ts`). */
  ciCompleted(sha: string): Promise<ReleaseRecord[]> {
    return refreshPreviewCi(this.machine, this.deps, sha)
  }

  async #cutPinned(record: ReleaseRecord, actor: Actor | Who): Promise<View> {
    const budget = this.deps.cutBudgetMs ?? 600_000
    const deadline = () => new Date(this.machine.now().getTime() + budget).toISOString()
    const cutting = await this.machine.move(
      record,
      { state: 'cutting', cutDeadline: deadline() },
      actor,
      'cutting',
    )
    if (!cutting.ok) return this.#lost(cutting.current)
    let current = cutting.record
    // Each step recorded (a line of several cut) starts the budget again: a cut making
    // progress is never swept as interrupted, nor cut again by a Retry beside it.
    const progress: Progress = async (patch, detail) => {
      const moved = await this.machine.move(current, { ...patch, cutDeadline: deadline() }, HERALD, detail)
      if (!moved.ok) throw new Error('the release changed while it was being cut; open it again')
      current = moved.record
    }
    const next = await this.#execute(cutting.record, progress)
    const detail =
      next.state === 'cut'
        ? next.result?.pr
          ? `release PR #${next.result.pr.number} ${next.result.pr.kind}`
          : 'cut'
        : (next.result?.error?.code ?? '')
    const done = await this.machine.move(current, next, HERALD, detail)
    return done.ok ? renderRelease(done.record) : this.#lost(done.current)
  }

  /** The kind's outcome; an error it throws is a failed cut with the error's code. */
  async #execute(record: ReleaseRecord, progress: Progress): Promise<Partial<ReleaseRecord>> {
    const line = this.deps.lines.find((l) => l.name === record.plan.line)
    try {
      return await kindOf(record).execute(this.deps, record, line, progress)
    } catch (error) {
      const code = error instanceof CutError ? error.code : 'cut_error'
      return cutFailed(code, error instanceof Error ? error.message : String(error))
    }
  }

  /**
   * An override needs the release role whatever the move's own role, and a
   * channel move's override needs a reason (it goes to the audit log and the index).
   */
  #overrideRefusal(actor: Actor, record: ReleaseRecord): string | null {
    const allowed = this.machine.authorize(actor, 'release')
    if (!allowed.ok)
      return `Only someone allowed to cut releases may override a failed check. ${allowed.message}`
    if (record.channel && !record.channel.reason)
      return `Overriding a failed check of a channel move needs a reason: run /release ${record.action} again with \`reason:"…"\`, then override.`
    return null
  }

  async #check(
    actor: Actor,
    record: ReleaseRecord,
    step: Omit<Step<ReleaseRecord>, 'stateRefusal'>,
  ): Promise<View | null> {
    const refusal = await this.machine.check(actor, record, { ...step, stateRefusal: releaseStateRefusal })
    return refusal && this.show(record, refusal)
  }

  async #refused(actor: Actor, record: ReleaseRecord, attempted: string, why: string): Promise<View> {
    await this.machine.refuse(actor, record, attempted, why)
    return this.show(record, { why, showRecord: true })
  }

  protected render(record: ReleaseRecord, notices: ReleaseNotice[] = []): View {
    return renderRelease(record, notices)
  }

  #lost(current: ReleaseRecord): View {
    return renderRelease(current, [
      {
        level: 'info',
        text: `Someone else acted on this release first; it is now ${current.state.replace('_', ' ')}.`,
      },
    ])
  }
}

function gone(): View {
  return messageView(
    'error',
    'This release preview no longer exists (cleaned up, or from another Herald): run /release again.',
  )
}
