/**
 * The release sign-off (issues 4 and 6): planned → confirmed → cutting → cut |
 * cut_failed, or cancelled / expired. The plan is pinned to its commit, tag,
 * notes hash and the checks the preview showed; confirming does exactly that.
 * If the branch moved, the notes changed, the tag appeared or a new check
 * failed since the preview, Herald refuses and shows a fresh preview instead.
 * A failed check blocks the cut unless someone with the release role
 * overrides it (audited). A tag is never moved or overwritten (the forge's rule).
 * `mode: pr` lines go through the same states: the preview opens or updates
 * the release PR, or publishes the merged one (`release-steps.ts`).
 */
import { authorize } from '../../core/authorize.ts'
import type { AuditEntry } from '../../ports/store.ts'
import { HERALD, type Who, whoOf } from '../announce/announce-record.ts'
import { messageView, who } from '../announce/announce-views.ts'
import { hashText, newId, SignoffLog } from '../signoff/signoff-log.ts'
import type { Actor, View } from '../view.ts'
import type { ReleaseCheck } from './release-checks.ts'
import { checkFreshness, executeRelease, prepareRelease, type ReleaseDeps } from './release-kind.ts'
import {
  chosenSection,
  describeChecks,
  failedOf,
  type ReleaseNotice,
  type ReleaseRecord,
  type ReleaseRequest,
  renderRelease,
  shortHash,
} from './release-views.ts'

export type { ReleaseDeps } from './release-kind.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export class ReleaseFlow {
  readonly #d: ReleaseDeps
  readonly #log: SignoffLog<ReleaseRecord>

  constructor(deps: ReleaseDeps) {
    this.#d = deps
    this.#log = new SignoffLog(deps.store, 'release')
  }

  /** `/release line:<name> [bump] [version] [prerelease]` → a pinned preview. */
  async start(actor: Actor, request: ReleaseRequest): Promise<View> {
    const allowed = authorize(this.#d.auth, actor, 'release')
    if (!allowed.ok) return this.#refuse(actor, 'release:new', 'planned', allowed.message)
    return this.#preview(actor, request, [])
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
    const record = await this.#load(id)
    if (!record) return gone()
    const attempted = override ? 'override' : 'confirmed'
    // Opening a release PR releases nothing: the two-person rule applies when it is tagged.
    const context = record.action === 'pr' ? {} : { requester: record.requester, bump: record.plan.bump }
    const allowed = authorize(this.#d.auth, actor, 'release', context)
    if (!allowed.ok) return this.#refuse(actor, record, attempted, allowed.message)
    if (record.state !== 'planned') return this.#refuse(actor, record, attempted, stateRefusal(record), true)
    const seen = failedOf(record)
    if (seen.length && !override) return this.#refuse(actor, record, attempted, blockedRefusal(seen), true)

    const fresh = await checkFreshness(this.#d, record)
    if (fresh.stale) {
      const moved = await this.#move(
        record,
        { state: 'cancelled', reason: `stale: ${fresh.stale}` },
        actor,
        'stale preview',
      )
      if (!moved.ok) return this.#lost(moved.current)
      return this.#preview(actor, record.request, [
        {
          level: 'warning',
          text: `Nothing was ${record.action === 'pr' ? 'written' : 'cut'}: ${fresh.stale}. Here is a fresh preview; check it and confirm again.`,
        },
      ])
    }
    const overridden = override ? fresh.failed : []
    const confirmed = await this.#move(
      record,
      { state: 'confirmed', confirmedBy: whoOf(actor), overridden },
      actor,
      (overridden.length
        ? `confirmed, overriding failed checks: ${describeChecks(overridden)}`
        : 'confirmed') + changelogDetail(record),
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
    const record = await this.#load(id)
    if (!record) return gone()
    const attempted = `changelog_${choice}`
    const allowed = authorize(this.#d.auth, actor, 'release')
    if (!allowed.ok) return this.#refuse(actor, record, attempted, allowed.message)
    if (record.state !== 'planned') return this.#refuse(actor, record, attempted, stateRefusal(record), true)
    const c = record.changelog
    const section = choice === 'grouped' ? c?.grouped : c?.flat
    if (!c?.grouped || !section || shortHash(section.hash) !== hash)
      return this.#refuse(
        actor,
        record,
        attempted,
        'This changelog choice is not the one this preview offers (an older view?): nothing was changed.',
        true,
      )
    if (c.choice === choice && c.chosenBy)
      return renderRelease(record, [
        { level: 'info', text: `The ${choice} changelog is already chosen (by ${who(c.chosenBy)}).` },
      ])
    const moved = await this.#move(
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
    const record = await this.#load(id)
    if (!record) return gone()
    const allowed = authorize(this.#d.auth, actor, 'release')
    if (!allowed.ok) return this.#refuse(actor, record, 'cutting', allowed.message)
    if (record.state !== 'cut_failed')
      return this.#refuse(actor, record, 'cutting', stateRefusal(record), true)
    return this.#cutPinned(record, actor)
  }

  async cancel(actor: Actor, id: string): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    const isRequester =
      record.requester.platform === actor.platform && record.requester.userId === actor.userId
    const allowed = isRequester ? { ok: true as const } : authorize(this.#d.auth, actor, 'release')
    if (!allowed.ok) return this.#refuse(actor, record, 'cancelled', allowed.message)
    if (record.state !== 'planned' && record.state !== 'cut_failed')
      return this.#refuse(actor, record, 'cancelled', stateRefusal(record), true)
    const moved = await this.#move(record, { state: 'cancelled', reason: 'cancelled' }, actor, 'cancelled')
    return moved.ok ? renderRelease(moved.record) : this.#lost(moved.current)
  }

  async #preview(actor: Actor, request: ReleaseRequest, notices: ReleaseNotice[]): Promise<View> {
    const prepared = await prepareRelease(this.#d, request)
    if (!prepared.ok)
      return messageView(prepared.level, [...notices.map((n) => n.text), prepared.message].join('\n'))
    const { plan } = prepared
    const now = this.#d.clock.now()
    const record: ReleaseRecord = {
      id: newId(),
      seq: 0,
      state: 'planned',
      action: prepared.action,
      expiresAt: new Date(now.getTime() + (this.#d.pendingTtlMs ?? DAY_MS)).toISOString(),
      request,
      requester: whoOf(actor),
      createdAt: now.toISOString(),
      plan,
      planHash: hashText(`${plan.tag}\n${plan.sha}\n${plan.notesHash}`),
      checks: prepared.checks,
      pr: prepared.pr,
      changelog: prepared.changelog ?? null,
      confirmedBy: null,
      result: null,
      reason: null,
    }
    const failed = failedOf(record)
    await this.#log.create(
      record,
      this.#audit(
        actor,
        record,
        null,
        `${prepared.action === 'pr' ? 'release PR for ' : ''}${plan.tag} at ${plan.sha}${failed.length ? `; failed checks: ${failed.map((c) => c.id).join(', ')}` : ''}${groupingDetail(record)}`,
      ),
    )
    return renderRelease(record, notices)
  }

  async #cutPinned(record: ReleaseRecord, actor: Actor): Promise<View> {
    const deadline = new Date(this.#d.clock.now().getTime() + (this.#d.cutBudgetMs ?? 600_000)).toISOString()
    const cutting = await this.#move(record, { state: 'cutting', cutDeadline: deadline }, actor, 'cutting')
    if (!cutting.ok) return this.#lost(cutting.current)
    const next = await executeRelease(this.#d, cutting.record)
    const detail =
      next.state === 'cut'
        ? next.result?.pr
          ? `release PR #${next.result.pr.number} ${next.result.pr.kind}`
          : 'cut'
        : (next.result?.error?.code ?? '')
    const done = await this.#move(cutting.record, next, HERALD, detail)
    return done.ok ? renderRelease(done.record) : this.#lost(done.current)
  }

  async #load(id: string): Promise<ReleaseRecord | undefined> {
    for (let round = 0; round < 5; round++) {
      const record = await this.#log.load(id)
      if (!record) return undefined
      const now = this.#d.clock.now().toISOString()
      let next: Partial<ReleaseRecord> | null = null
      if (record.state === 'planned' && now > record.expiresAt) next = { state: 'expired', reason: 'expired' }
      if (record.state === 'cutting' && record.cutDeadline && now > record.cutDeadline) {
        const error = {
          code: 'interrupted',
          message:
            'The cut did not finish (Herald may have stopped): retry it; a tag already on the pinned commit is reused, never moved.',
        }
        next = { state: 'cut_failed', result: { releaseUrl: null, tagCreated: false, error } }
      }
      if (!next) return record
      const moved = await this.#move(record, next, HERALD, 'overdue')
      if (moved.ok) return moved.record
    }
    return this.#log.load(id)
  }

  #move(
    record: ReleaseRecord,
    patch: Partial<ReleaseRecord>,
    actor: Actor | Who,
    detail: string,
    audit: { action: string; hash: string } | null = null,
  ) {
    const next = { ...record, ...patch, seq: record.seq + 1 } as ReleaseRecord
    const entry = this.#audit(actor, next, record.state, `${record.plan.tag}: ${detail}`)
    return this.#log.transition(record, next, audit ? { ...entry, ...audit } : entry)
  }

  #audit(actor: Actor | Who, record: ReleaseRecord, from: string | null, detail: string): AuditEntry {
    return {
      at: this.#d.clock.now().toISOString(),
      actor: whoOf(actor),
      subject: this.#log.subject(record.id),
      action: record.state,
      outcome: 'done',
      from,
      to: record.state,
      hash: record.planHash,
      detail,
    }
  }

  async #refuse(
    actor: Actor,
    record: ReleaseRecord | string,
    attempted: string,
    why: string,
    show = false,
  ): Promise<View> {
    const state = typeof record === 'string' ? null : record.state
    await this.#d.store
      .appendAudit({
        at: this.#d.clock.now().toISOString(),
        actor: whoOf(actor),
        subject: typeof record === 'string' ? record : this.#log.subject(record.id),
        action: attempted,
        outcome: 'refused',
        from: state,
        to: state,
        hash: typeof record === 'string' ? undefined : record.planHash,
        detail: why,
      })
      .catch(() => {})
    if (typeof record !== 'string' && show) return renderRelease(record, [{ level: 'error', text: why }])
    return messageView('error', why)
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

/** What the confirmation writes to the changelog, when the preview pinned a section. */
function changelogDetail(record: ReleaseRecord): string {
  const c = record.changelog
  return c ? `; ${c.path}: ${c.choice} section, ${chosenSection(c).hash}` : ''
}

/** What the preview offers for the changelog section, for the audit log. */
function groupingDetail(record: ReleaseRecord): string {
  const c = record.changelog
  if (!c) return ''
  if (c.grouped) return `; ${c.path}: grouping proposed by ${c.grouped.by}, ${c.grouped.hash}`
  return c.unavailable ? `; ${c.path}: grouping unavailable: ${c.unavailable}` : ''
}

function blockedRefusal(failed: readonly ReleaseCheck[]): string {
  return `Nothing was cut: ${failed.length === 1 ? 'a check failed' : `${failed.length} checks failed`}: ${describeChecks(failed)}. Fix ${failed.length === 1 ? 'it' : 'them'} and run /release again, or someone allowed to cut releases can press **Override and cut** (written to the audit log).`
}

function stateRefusal(record: ReleaseRecord): string {
  switch (record.state) {
    case 'expired':
      return `This preview expired at ${record.expiresAt} without confirmation: run /release again for a fresh one.`
    case 'cancelled':
      return `This preview was closed (${record.reason ?? 'cancelled'}): run /release again.`
    case 'cut':
      return record.action === 'pr'
        ? `The release PR for ${record.plan.tag} is written${record.pr ? ` (#${record.pr.number})` : ''}: review and merge it, then run /release again to publish (or to update it with newer commits).`
        : `${record.plan.tag} is already cut; nothing more to do.`
    case 'confirmed':
    case 'cutting':
      return `${record.plan.tag} is being cut right now (confirmed by ${record.confirmedBy ? who(record.confirmedBy) : 'someone'}).`
    case 'cut_failed':
      return `Cutting ${record.plan.tag} failed; retry it or cancel.`
    default:
      return 'This release has not been cut yet.'
  }
}

function gone(): View {
  return messageView(
    'error',
    'This release preview no longer exists (cleaned up, or from another Herald): run /release again.',
  )
}
