/**
 * The announcement sign-off (issue 4): drafted → (edited | regenerated)* →
 * approved → posting → posted | post_failed | post_unknown, or cancelled /
 * expired. Every move is authorised for the clicking person, checked against
 * the revision they saw, claimed atomically in the store and audited. What is
 * posted is the approved revision's text, hash-checked right before sending.
 */
import { type AuthAction, type AuthConfig, authorize } from '../../core/authorize.ts'
import { findUnsafeContent } from '../../core/post-safety.ts'
import { type AnnouncementFacts, TARGET_LIMITS } from '../../core/voice/facts.ts'
import { type Finding, hasErrors } from '../../core/voice/finding.ts'
import { lintAnnouncement } from '../../core/voice/lint-announcement.ts'
import type { VoiceOptions } from '../../core/voice/voice-options.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Drafter } from '../../ports/drafter.ts'
import type { Poster, PosterLookup } from '../../ports/poster.ts'
import type { AuditEntry, StateStore } from '../../ports/store.ts'
import type { ReleaseFinder } from '../find-release.ts'
import { hashText, newId, SignoffLog } from '../signoff/signoff-log.ts'
import { INTERRUPTED_POST } from '../signoff/sweep.ts'
import type { Actor, View } from '../view.ts'
import {
  type AnnounceRecord,
  currentRevision,
  EDITABLE,
  EXPIRING,
  HERALD,
  POSTABLE,
  type Revision,
  type Who,
  whoOf,
} from './announce-record.ts'
import { announceIds, messageView, type Notice, renderAnnouncement, who } from './announce-views.ts'

export type AnnounceDeps = {
  store: StateStore
  clock: Clock
  auth: AuthConfig | undefined
  finder: ReleaseFinder
  drafter: Drafter
  voice: VoiceOptions
  posters: PosterLookup
  /** Channel names shown in previews, by line (`announce.channel`). */
  channels?: Readonly<Record<string, string | undefined>> | undefined
  /** The voice linter (default `lintAnnouncement`); the post gate runs whatever it says. */
  lint?:
    | ((text: string, facts: AnnouncementFacts, voice: VoiceOptions) => { findings: Finding[] })
    | undefined
  /** How long a draft waits for sign-off (default 24 h). */
  pendingTtlMs?: number | undefined
  /** How long one post may take, retries and 429 waits included (default 60 s). */
  postBudgetMs?: number | undefined
}

const DAY_MS = 24 * 60 * 60 * 1000
const MAX_REVISIONS = 50

export class AnnounceFlow {
  readonly #d: AnnounceDeps
  readonly #log: SignoffLog<AnnounceRecord>

  constructor(deps: AnnounceDeps) {
    this.#d = deps
    this.#log = new SignoffLog(deps.store, 'announce')
  }

  /** `/announce-release [tag]`, or "Announce anyway" after a skip. */
  async start(actor: Actor, tag: string | undefined, anyway = false): Promise<View> {
    if (tag !== undefined && !/^[\w./@+-]{1,80}$/.test(tag)) {
      return messageView(
        'error',
        'That is not a tag name: use the tag as it appears in git, like cli-v1.2.0.',
      )
    }
    const allowed = authorize(this.#d.auth, actor, 'announce')
    if (!allowed.ok) return this.#refuse(actor, 'announce:new', 'drafted', null, allowed.message)
    const found = await this.#d.finder.find(tag)
    if (!found.ok) return messageView('error', found.message)
    const draft = await this.#d.drafter.draftAnnouncement({
      facts: found.facts,
      commits: found.commits,
      voice: this.#d.voice,
      announceAnyway: anyway,
    })
    if (draft.skip) {
      return messageView('info', `${found.tag} is not announced by default: ${draft.skip.reason}`, [
        { id: announceIds.anyway(found.tag), label: 'Announce anyway', style: 'secondary' },
      ])
    }
    const now = this.#now()
    const by = whoOf(actor)
    const revision = this.#revision(1, draft.text, 'drafted', by, found.facts, draft.provenance, {
      modelDraft: draft.modelDraft,
    })
    const record: AnnounceRecord = {
      id: newId(),
      seq: 0,
      state: 'drafted',
      expiresAt: new Date(now.getTime() + (this.#d.pendingTtlMs ?? DAY_MS)).toISOString(),
      tag: found.tag,
      line: found.line.name,
      facts: found.facts,
      requester: by,
      createdAt: now.toISOString(),
      revisions: [revision],
      approved: null,
      posting: null,
      outcome: null,
    }
    await this.#log.create(
      record,
      this.#audit(actor, record, 'drafted', null, revision.hash, `${record.tag} rev 1`),
    )
    return this.#render(record)
  }

  async approve(actor: Actor, id: string, seenRevision: number): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, 'approve', 'approved', {
      editable: true,
      seen: seenRevision,
    })
    if (refused) return refused
    const rev = currentRevision(record)
    if (hasErrors(rev.findings)) {
      return this.#refuse(
        actor,
        record,
        'approved',
        rev.hash,
        'The draft has lint errors: fix them with Edit first.',
      )
    }
    const poster = this.#d.posters(record.line)
    if (!poster.ok) return this.#refuse(actor, record, 'approved', rev.hash, poster.message)
    const unsafe = this.#unsafe(rev.text, record, poster.poster)
    if (unsafe.length > 0) {
      return this.#refuse(actor, record, 'approved', rev.hash, unsafe.map((u) => u.message).join(' '))
    }
    const approved = { revision: rev.n, hash: rev.hash, by: whoOf(actor), at: this.#now().toISOString() }
    const moved = await this.#move(record, { state: 'approved', approved }, actor, rev.hash, `rev ${rev.n}`)
    if (!moved.ok) return this.#lost(moved.current)
    return this.#post(moved.record, actor, poster.poster)
  }

  async edit(actor: Actor, id: string, seenRevision: number, text: string | undefined): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    if (typeof text !== 'string' || text.trim() === '') {
      return messageView('error', 'The edited announcement is empty: write the text, or press Cancel.')
    }
    return this.#revise(actor, record, seenRevision, 'edited', async () => ({ text, provenance: null }))
  }

  async regenerate(actor: Actor, id: string, seenRevision: number): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    return this.#revise(actor, record, seenRevision, 'regenerated', async () => {
      const found = await this.#d.finder.find(record.tag)
      if (!found.ok) return { error: found.message }
      const draft = await this.#d.drafter.draftAnnouncement({
        facts: found.facts,
        commits: found.commits,
        voice: this.#d.voice,
        announceAnyway: true,
      })
      return { text: draft.text, provenance: draft.provenance, modelDraft: draft.modelDraft }
    })
  }

  /**
   * "Use the model's draft": the model's best attempt, kept beside a fallback,
   * becomes the next revision. It is linted like any other, so it cannot be
   * approved while it has errors; Edit fixes them.
   */
  async useModelDraft(actor: Actor, id: string, seenRevision: number): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    return this.#revise(actor, record, seenRevision, 'regenerated', async () => {
      const rev = currentRevision(record)
      if (!rev.modelDraft) return { error: 'This revision has no model draft to use: Edit or Regenerate it.' }
      const provenance = rev.provenance && {
        ...rev.provenance,
        source: 'model' as const,
        fallbackReason: null,
      }
      return {
        text: rev.modelDraft.text,
        provenance,
        carried: rev.modelDraft.findings,
        detail: `the model's draft kept beside rev ${rev.n}`,
      }
    })
  }

  /** "Post again" after a failure, an unknown outcome checked by a person, or an interrupted approval. */
  async retry(actor: Actor, id: string): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, 'approve', 'posting', { postable: true })
    if (refused) return refused
    const poster = this.#d.posters(record.line)
    if (!poster.ok)
      return this.#refuse(actor, record, 'posting', record.approved?.hash ?? null, poster.message)
    return this.#post(record, actor, poster.poster)
  }

  /** A person saw the message in the channel after an unknown outcome. */
  async markPosted(actor: Actor, id: string): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, 'approve', 'posted', { states: ['post_unknown'] })
    if (refused) return refused
    const outcome = {
      code: 'confirmed',
      message: `Confirmed in the channel by ${who(whoOf(actor))}.`,
      messageUrl: null,
    }
    const moved = await this.#move(
      record,
      { state: 'posted', outcome },
      actor,
      record.approved?.hash,
      'seen in channel',
    )
    return moved.ok ? this.#render(moved.record) : this.#lost(moved.current)
  }

  async cancel(actor: Actor, id: string): Promise<View> {
    const record = await this.#load(id)
    if (!record) return gone()
    const approver = authorize(this.#d.auth, actor, 'approve').ok
    const refused = await this.#check(actor, record, approver ? 'approve' : 'announce', 'cancelled', {
      states: [...EDITABLE, ...POSTABLE],
    })
    if (refused) return refused
    const moved = await this.#move(
      record,
      { state: 'cancelled' },
      actor,
      currentRevision(record).hash,
      'cancelled',
    )
    return moved.ok ? this.#render(moved.record) : this.#lost(moved.current)
  }

  /** The record with overdue moves applied: expiry, and `posting` past its deadline → `post_unknown`. */
  async #load(id: string): Promise<AnnounceRecord | undefined> {
    for (let round = 0; round < 5; round++) {
      const record = await this.#log.load(id)
      if (!record) return undefined
      const now = this.#now()
      let next: Partial<AnnounceRecord> | null = null
      if (EXPIRING.has(record.state) && now.toISOString() > record.expiresAt) next = { state: 'expired' }
      if (record.state === 'posting' && record.posting && now.toISOString() > record.posting.deadline) {
        next = {
          state: 'post_unknown',
          outcome: { code: 'interrupted', message: INTERRUPTED_POST, messageUrl: null },
        }
      }
      if (!next) return record
      const moved = await this.#move(record, next, HERALD, record.approved?.hash, 'overdue')
      if (moved.ok) return moved.record
    }
    return this.#log.load(id)
  }

  async #post(record: AnnounceRecord, actor: Actor, poster: Poster): Promise<View> {
    const approved = record.approved!
    const budget = this.#d.postBudgetMs ?? 60_000
    const now = this.#now()
    const posting = {
      attempt: (record.posting?.attempt ?? 0) + 1,
      startedAt: now.toISOString(),
      // The record's deadline leaves the poster a margin, so a live post is never declared unknown.
      deadline: new Date(now.getTime() + budget + 5_000).toISOString(),
      by: whoOf(actor),
    }
    const claimed = await this.#move(
      record,
      { state: 'posting', posting },
      actor,
      approved.hash,
      `attempt ${posting.attempt}`,
    )
    if (!claimed.ok) return this.#lost(claimed.current)
    const text = claimed.record.revisions[approved.revision - 1]?.text
    if (text === undefined || hashText(text) !== approved.hash) {
      const outcome = {
        code: 'integrity',
        message: 'The stored text does not match the approved hash: nothing was posted. Draft again.',
        messageUrl: null,
      }
      const failed = await this.#move(
        claimed.record,
        { state: 'post_failed', outcome },
        HERALD,
        approved.hash,
        'integrity',
      )
      return failed.ok ? this.#render(failed.record) : this.#lost(failed.current)
    }
    // A poster that throws (a bug) may have sent the request: unknown, never retried by itself.
    const result = await poster.post(text, budget).catch((error: unknown) => ({
      status: 'unknown' as const,
      code: 'poster_error',
      message: `Posting stopped on an unexpected error (${error instanceof Error ? error.name : 'error'}): the message may or may not be in the channel.`,
    }))
    const next: Partial<AnnounceRecord> =
      result.status === 'posted'
        ? { state: 'posted', outcome: { code: 'posted', message: 'Posted.', messageUrl: result.messageUrl } }
        : {
            state: result.status === 'failed' ? 'post_failed' : 'post_unknown',
            outcome: { code: result.code, message: result.message, messageUrl: null },
          }
    const detail = result.status === 'posted' ? (result.messageUrl ?? 'posted') : result.code
    const settled = await this.#move(claimed.record, next, HERALD, approved.hash, detail)
    if (settled.ok) return this.#render(settled.record)
    const said = result.status === 'posted' ? 'reports the message was posted' : `reports: ${result.message}`
    return this.#render(settled.current, [
      { level: 'warning', text: `${poster.targetName} ${said}, but the draft had already moved on.` },
    ])
  }

  async #revise(
    actor: Actor,
    record: AnnounceRecord,
    seen: number,
    source: 'edited' | 'regenerated',
    produce: () => Promise<Produced | { error: string }>,
  ): Promise<View> {
    const refused = await this.#check(actor, record, 'announce', source, { editable: true, seen })
    if (refused) return refused
    if (record.revisions.length >= MAX_REVISIONS) {
      return messageView(
        'error',
        `This draft has ${MAX_REVISIONS} revisions: cancel it and run /announce-release again.`,
      )
    }
    const produced = await produce()
    if ('error' in produced) return messageView('error', produced.error)
    const rev = this.#revision(
      record.revisions.length + 1,
      produced.text,
      source,
      whoOf(actor),
      record.facts,
      produced.provenance,
      produced,
    )
    const moved = await this.#move(
      record,
      { state: source, revisions: [...record.revisions, rev] },
      actor,
      rev.hash,
      produced.detail ? `rev ${rev.n}: ${produced.detail}` : `rev ${rev.n}`,
    )
    return moved.ok ? this.#render(moved.record) : this.#lost(moved.current)
  }

  /** Authorisation, state, expiry and revision checks shared by every click; a refusal is audited. */
  async #check(
    actor: Actor,
    record: AnnounceRecord,
    action: AuthAction,
    attempted: string,
    expect: { editable?: boolean; postable?: boolean; states?: string[]; seen?: number },
  ): Promise<View | null> {
    const rev = currentRevision(record)
    const allowed = authorize(this.#d.auth, actor, action, {
      requester: action === 'approve' && attempted === 'approved' ? record.requester : undefined,
      bump: record.facts.bump,
    })
    if (!allowed.ok) return this.#refuse(actor, record, attempted, rev.hash, allowed.message)
    const states = expect.states ?? (expect.editable ? [...EDITABLE] : expect.postable ? [...POSTABLE] : [])
    if (!states.includes(record.state)) {
      return this.#refuse(actor, record, attempted, rev.hash, stateRefusal(record), true)
    }
    if (expect.seen !== undefined && expect.seen !== rev.n) {
      return this.#refuse(
        actor,
        record,
        attempted,
        rev.hash,
        `You acted on revision ${expect.seen}, but the draft is now at revision ${rev.n} (${rev.source} by ${who(rev.by)}): read the text below and act again.`,
        true,
      )
    }
    return null
  }

  async #refuse(
    actor: Actor,
    record: AnnounceRecord | string,
    attempted: string,
    hash: string | null,
    why: string,
    showRecord = false,
  ): Promise<View> {
    const subject = typeof record === 'string' ? record : this.#log.subject(record.id)
    const state = typeof record === 'string' ? null : record.state
    const entry: AuditEntry = {
      at: this.#now().toISOString(),
      actor: whoOf(actor),
      subject,
      action: attempted,
      outcome: 'refused',
      from: state,
      to: state,
      hash: hash ?? undefined,
      detail: why,
    }
    // The refusal is reported even if the log is unreachable; the state did not change either way.
    await this.#d.store.appendAudit(entry).catch(() => {})
    if (typeof record !== 'string' && showRecord) return this.#render(record, [{ level: 'error', text: why }])
    return messageView('error', why)
  }

  #move(
    record: AnnounceRecord,
    patch: Partial<AnnounceRecord>,
    actor: Actor | Who,
    hash: string | undefined,
    detail: string,
  ) {
    const next = { ...record, ...patch, seq: record.seq + 1 } as AnnounceRecord
    return this.#log.transition(
      record,
      next,
      this.#audit(actor, next, next.state, record.state, hash, detail),
    )
  }

  #audit(
    actor: Actor | Who,
    record: AnnounceRecord,
    action: string,
    from: string | null,
    hash: string | undefined,
    detail: string,
  ): AuditEntry {
    return {
      at: this.#now().toISOString(),
      actor: whoOf(actor),
      subject: this.#log.subject(record.id),
      action,
      outcome: 'done',
      from,
      to: record.state,
      hash,
      detail: `${record.tag}: ${detail}`,
    }
  }

  #revision(
    n: number,
    text: string,
    source: Revision['source'],
    by: Who,
    facts: AnnounceRecord['facts'],
    provenance: Revision['provenance'],
    extra: Pick<Produced, 'modelDraft' | 'carried'> = {},
  ): Revision {
    const lint = (t: string, carried: readonly Finding[] = []) =>
      mergeFindings((this.#d.lint ?? lintAnnouncement)(t, facts, this.#d.voice).findings, carried)
    const model = extra.modelDraft
    return {
      n,
      text,
      hash: hashText(text),
      source,
      by,
      at: this.#now().toISOString(),
      // The drafter's findings ride along (composition errors the text cannot show), never fewer.
      findings: lint(text, extra.carried),
      provenance,
      ...(model ? { modelDraft: { text: model.text, findings: lint(model.text, model.findings) } } : {}),
    }
  }

  #unsafe(text: string, record: AnnounceRecord, poster: Poster | null) {
    return findUnsafeContent(text, {
      allowedUrls: [record.facts.releaseUrl],
      allowedDomains: this.#d.voice.linkDomains,
      maxLength: poster?.maxLength ?? TARGET_LIMITS[record.facts.target ?? 'discord'],
      targetName: poster?.targetName ?? (record.facts.target === 'slack' ? 'Slack' : 'Discord'),
    })
  }

  #render(record: AnnounceRecord, notices: Notice[] = []): View {
    const poster = this.#d.posters(record.line)
    const p = poster.ok ? poster.poster : null
    const name = p?.targetName ?? (record.facts.target === 'slack' ? 'Slack' : 'Discord')
    const channel = this.#d.channels?.[record.line]
    const extra = poster.ok ? [] : [{ level: 'warning' as const, text: poster.message }]
    return renderAnnouncement(
      record,
      {
        unsafe: EDITABLE.has(record.state) ? this.#unsafe(currentRevision(record).text, record, p) : [],
        targetLabel: channel ? `${channel} (${name})` : name,
        maxLength: p?.maxLength ?? TARGET_LIMITS[record.facts.target ?? 'discord'],
      },
      [...notices, ...extra],
    )
  }

  /** Someone else moved the draft first: show where it is now. */
  #lost(current: AnnounceRecord): View {
    const by = current.state === 'posting' ? current.posting?.by : current.approved?.by
    return this.#render(current, [
      {
        level: 'info',
        text: `Someone else acted on this draft first${by ? ` (${who(by)})` : ''}; it is now ${current.state.replace('_', ' ')}.`,
      },
    ])
  }

  #now(): Date {
    return this.#d.clock.now()
  }
}

/** What a revision is made of: its text, where it came from, and findings the linter alone cannot see. */
type Produced = {
  text: string
  provenance: Revision['provenance']
  /** The model's best attempt beside a fallback draft. */
  modelDraft?: { text: string; findings: Finding[] } | null | undefined
  /** Findings to keep on top of the linter's (the drafter's composition errors). */
  carried?: readonly Finding[] | undefined
  /** Said in the audit log after `rev N`. */
  detail?: string | undefined
}

/** `a` plus whatever of `b` it does not already report. */
function mergeFindings(a: Finding[], b: readonly Finding[]): Finding[] {
  const key = (f: Finding) => `${f.rule}:${f.line}:${f.column}:${f.message}`
  const seen = new Set(a.map(key))
  return [...a, ...b.filter((f) => !seen.has(key(f)))]
}

function stateRefusal(record: AnnounceRecord): string {
  switch (record.state) {
    case 'expired':
      return `This draft expired at ${record.expiresAt} without sign-off: run /announce-release ${record.tag} again.`
    case 'cancelled':
      return 'This draft was cancelled: run /announce-release again to start over.'
    case 'posted':
      return 'This announcement is already posted; nothing more to do.'
    case 'posting':
      return 'This announcement is being posted right now.'
    case 'approved':
    case 'post_failed':
    case 'post_unknown':
      return `This draft is already approved (revision ${record.approved?.revision}); it can only be posted or closed now.`
    default:
      return 'The draft is still waiting for sign-off: approve it first.'
  }
}

function gone(): View {
  return messageView(
    'error',
    'This announcement draft no longer exists (cleaned up after 30 days, or from another Herald): run /announce-release again.',
  )
}
