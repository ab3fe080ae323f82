/**
 * The release sign-off (issue 4): planned → confirmed → cutting → cut |
 * cut_failed, or cancelled / expired. The plan is pinned to its commit, tag
 * and notes hash; confirming cuts exactly that. If the branch moved, the notes
 * changed or the tag appeared since the preview, Herald refuses and shows a
 * fresh preview instead. A tag is never moved or overwritten (the forge's rule).
 */
import { type AuthConfig, authorize } from '../core/authorize.ts'
import type { ReleasePlan } from '../core/plan-release.ts'
import type { Bump, ReleaseLine } from '../core/release-line.ts'
import type { Clock } from '../ports/clock.ts'
import { CutError, type Forge } from '../ports/forge.ts'
import type { AuditEntry, StateStore } from '../ports/store.ts'
import { HERALD, type Who } from './announce-record.ts'
import { messageView, who } from './announce-views.ts'
import { type PlanLineOptions, planLine } from './plan-line.ts'
import {
  type ReleaseNotice,
  type ReleaseRecord,
  type ReleaseRequest,
  renderRelease,
} from './release-views.ts'
import { hashText, newId, SignoffLog } from './signoff-log.ts'
import type { Actor, View } from './view.ts'

export type ReleaseDeps = {
  store: StateStore
  clock: Clock
  auth: AuthConfig | undefined
  forge: Forge
  lines: readonly ReleaseLine[]
  repoWebUrl: string | null
  pendingTtlMs?: number | undefined
  /** A cut still `cutting` after this long is reported as interrupted (default 10 min). */
  cutBudgetMs?: number | undefined
}

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

  async cut(actor: Actor, id: string): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    const allowed = authorize(this.#d.auth, actor, 'release', {
      requester: record.requester,
      bump: record.plan.bump,
    })
    if (!allowed.ok) return this.#refuse(actor, record, 'confirmed', allowed.message)
    if (record.state !== 'planned')
      return this.#refuse(actor, record, 'confirmed', stateRefusal(record), true)

    const fresh = await this.#plan(record.request)
    const stale = !fresh.ok ? fresh.message : staleness(record, fresh.plan)
    if (stale) {
      const moved = await this.#move(
        record,
        { state: 'cancelled', reason: `stale: ${stale}` },
        actor,
        'stale preview',
      )
      if (!moved.ok) return this.#lost(moved.current)
      return this.#preview(actor, record.request, [
        {
          level: 'warning',
          text: `Nothing was cut: ${stale}. Here is a fresh preview; check it and confirm again.`,
        },
      ])
    }
    const confirmed = await this.#move(
      record,
      { state: 'confirmed', confirmedBy: whoOf(actor) },
      actor,
      'confirmed',
    )
    if (!confirmed.ok) return this.#lost(confirmed.current)
    return this.#cutPinned(confirmed.record, actor)
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
    const planned = await this.#plan(request)
    if (!planned.ok) return messageView('error', [...notices.map((n) => n.text), planned.message].join('\n'))
    const { plan } = planned
    if (!plan.to || plan.refusal) {
      const why = plan.refusal?.message ?? `nothing to release on line ${plan.line}`
      return messageView('info', [...notices.map((n) => n.text), why].join('\n'))
    }
    const now = this.#d.clock.now()
    const notesHash = hashText(plan.notes)
    const record: ReleaseRecord = {
      id: newId(),
      seq: 0,
      state: 'planned',
      expiresAt: new Date(now.getTime() + (this.#d.pendingTtlMs ?? DAY_MS)).toISOString(),
      request,
      requester: whoOf(actor),
      createdAt: now.toISOString(),
      plan: {
        line: plan.line,
        tag: plan.to.tag,
        version: plan.to.version,
        sha: plan.to.sha,
        bump: plan.bump as Bump,
        from: plan.from?.tag ?? null,
        notes: plan.notes,
        notesHash,
        commits: plan.commits.length,
        drivers: plan.commits
          .filter((c) => plan.drivers.includes(c.sha))
          .slice(0, 10)
          .map((c) => `${c.sha.slice(0, 7)} ${c.header}`),
      },
      planHash: hashText(`${plan.to.tag}\n${plan.to.sha}\n${notesHash}`),
      confirmedBy: null,
      result: null,
      reason: null,
    }
    await this.#log.create(
      record,
      this.#audit(actor, record, null, `${record.plan.tag} at ${record.plan.sha}`),
    )
    return renderRelease(record, notices)
  }

  async #cutPinned(record: ReleaseRecord, actor: Actor): Promise<View> {
    const deadline = new Date(this.#d.clock.now().getTime() + (this.#d.cutBudgetMs ?? 600_000)).toISOString()
    const cutting = await this.#move(record, { state: 'cutting', cutDeadline: deadline }, actor, 'cutting')
    if (!cutting.ok) return this.#lost(cutting.current)
    const { plan } = record
    const prerelease = plan.version.includes('-')
    let next: Partial<ReleaseRecord>
    try {
      const cut = await this.#d.forge.cutRelease({
        tag: plan.tag,
        sha: plan.sha,
        title: plan.tag,
        notes: plan.notes,
        prerelease,
        makeLatest: !prerelease,
      })
      next = { state: 'cut', result: { releaseUrl: cut.releaseUrl, tagCreated: cut.tagCreated, error: null } }
    } catch (error) {
      const code = error instanceof CutError ? error.code : 'cut_error'
      const message = error instanceof Error ? error.message : String(error)
      next = {
        state: 'cut_failed',
        result: { releaseUrl: null, tagCreated: false, error: { code, message } },
      }
    }
    const done = await this.#move(
      cutting.record,
      next,
      HERALD,
      next.state === 'cut' ? 'cut' : (next.result?.error?.code ?? ''),
    )
    return done.ok ? renderRelease(done.record) : this.#lost(done.current)
  }

  #plan(request: ReleaseRequest) {
    const options: PlanLineOptions = {
      line: request.line,
      bump: request.bump,
      version: request.version,
      prerelease: request.prerelease,
    }
    return planLine(this.#d.forge, this.#d.lines, options, this.#d.repoWebUrl ?? undefined)
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

  #move(record: ReleaseRecord, patch: Partial<ReleaseRecord>, actor: Actor | Who, detail: string) {
    const next = { ...record, ...patch, seq: record.seq + 1 } as ReleaseRecord
    return this.#log.transition(
      record,
      next,
      this.#audit(actor, next, record.state, `${record.plan.tag}: ${detail}`),
    )
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

/** Why a pinned plan no longer matches a fresh one, or null. */
function staleness(record: ReleaseRecord, fresh: ReleasePlan): string | null {
  if (
    fresh.refusal?.code === 'tag-exists' ||
    (fresh.to && fresh.to.tag !== record.plan.tag && fresh.from?.tag === record.plan.tag)
  )
    return `the tag ${record.plan.tag} appeared since the preview`
  if (!fresh.to)
    return `there is nothing to release any more (${fresh.refusal?.message ?? 'no releasable commits'})`
  if (fresh.to.sha !== record.plan.sha)
    return `the branch moved since the preview (${record.plan.sha.slice(0, 7)} → ${fresh.to.sha.slice(0, 7)})`
  if (fresh.to.tag !== record.plan.tag)
    return `the version changed since the preview (${record.plan.tag} → ${fresh.to.tag})`
  if (hashText(fresh.notes) !== record.plan.notesHash) return 'the release notes changed since the preview'
  return null
}

function stateRefusal(record: ReleaseRecord): string {
  switch (record.state) {
    case 'expired':
      return `This preview expired at ${record.expiresAt} without confirmation: run /release again for a fresh one.`
    case 'cancelled':
      return `This preview was closed (${record.reason ?? 'cancelled'}): run /release again.`
    case 'cut':
      return `${record.plan.tag} is already cut; nothing more to do.`
    case 'confirmed':
    case 'cutting':
      return `${record.plan.tag} is being cut right now (confirmed by ${record.confirmedBy ? who(record.confirmedBy) : 'someone'}).`
    case 'cut_failed':
      return `Cutting ${record.plan.tag} failed; retry it or cancel.`
    default:
      return 'This release has not been cut yet.'
  }
}

function whoOf(actor: Actor | Who): Who {
  return { platform: actor.platform, userId: actor.userId, name: actor.name ?? undefined }
}

function gone(): View {
  return messageView(
    'error',
    'This release preview no longer exists (cleaned up, or from another Herald): run /release again.',
  )
}
