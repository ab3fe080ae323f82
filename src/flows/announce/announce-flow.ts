/**
 * The announcement sign-off: drafted → (edited | regenerated)* → approved →
 * posting → posted | post_failed | post_unknown, or cancelled / expired, on
 * the one sign-off machine. Every move is authorised for the clicking
 * person, checked against the revision they saw, claimed atomically in the
 * store and audited. What is posted is the approved revision's text,
 * hash-checked right before sending (`announce-post.ts`).
 */
import type { AuthAction, AuthConfig } from '../../core/authorize.ts'
import { hasErrors } from '../../core/voice/finding.ts'
import type { VoiceOptions } from '../../core/voice/voice-options.ts'
import type { Clock } from '../../ports/clock.ts'
import type { Drafter } from '../../ports/drafter.ts'
import type { Poster, PosterLookup } from '../../ports/poster.ts'
import type { StateStore } from '../../ports/store.ts'
import { actionId, isTagListArg } from '../actions.ts'
import type { ReleaseFinder } from '../find-release.ts'
import { type Notice, SignoffFlow } from '../signoff/signoff-flow.ts'
import { who, whoOf } from '../signoff/who.ts'
import { type Actor, md, messageView, type View } from '../view.ts'
import { announcedAlreadyView, lastAnnounced, rememberAnnounced } from './announce-history.ts'
import { postApproved } from './announce-post.ts'
import {
  type AnnounceRecord,
  announceKind,
  announceStateRefusal,
  currentRevision,
  EDITABLE,
  POSTABLE,
} from './announce-record.ts'
import { keptModelDraft, type Linter, makeRevision, type Produced, redraft } from './announce-revision.ts'
import { newDraftRecord } from './announce-start.ts'
import { findAnnounced } from './announce-together.ts'
import { renderDraft, unsafeContent } from './announce-views.ts'

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
  lint?: Linter | undefined
  /** How long a draft waits for sign-off (default 24 h). */
  pendingTtlMs?: number | undefined
  /** How long one post may take, retries and 429 waits included (default 60 s). */
  postBudgetMs?: number | undefined
}

const MAX_REVISIONS = 50

type Expect = { states: readonly string[]; seen?: number | undefined }

export class AnnounceFlow extends SignoffFlow<AnnounceRecord, AnnounceDeps> {
  constructor(deps: AnnounceDeps) {
    super(deps, announceKind)
  }

  /**
   * `/announce-release [tag]`; "Announce again" after the warning that it was
   * announced already; "Announce anyway" after a skip (which came after that warning).
   */
  async start(actor: Actor, tag: string | undefined, anyway = false, again = false): Promise<View> {
    if (tag !== undefined && !isTagListArg(tag))
      return messageView(
        'error',
        'That is not a tag name: use the tag as it appears in git, like cli-v1.2.0, or several separated by commas (v0.12.4,v2026.1.4).',
      )
    const refused = await this.refuseStart(actor, 'announce', 'drafted')
    if (refused) return refused
    const found = await findAnnounced(this.deps.finder, tag)
    if (!found.ok) return messageView('error', found.message)
    const announced = anyway || again ? undefined : await lastAnnounced(this.deps.store, found.tag)
    if (announced) return announcedAlreadyView(announced, found.tag)
    const draft = await this.deps.drafter.draftAnnouncement({
      facts: found.facts,
      commits: found.commits,
      voice: this.deps.voice,
      announceAnyway: anyway,
    })
    if (draft.skip) {
      return messageView('info', `${found.tag} is not announced by default: ${draft.skip.reason}`, [
        { id: actionId('announce.anyway', { tag: found.tag }), label: 'Announce anyway', style: 'secondary' },
      ])
    }
    const record = newDraftRecord(this.deps, this.machine.now(), whoOf(actor), found, draft)
    await this.machine.create(record, actor, `${record.tag} rev 1`, { hash: record.revisions[0]!.hash })
    return this.render(record)
  }

  async approve(actor: Actor, id: string, seenRevision: number): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const rev = currentRevision(record)
    const refused = await this.#check(actor, record, 'approve', 'approved', {
      states: [...EDITABLE],
      seen: seenRevision,
    })
    if (refused) return refused
    const refuse = (why: string) => this.#refused(actor, record, 'approved', why, rev.hash, false)
    if (hasErrors(rev.findings)) return refuse('The draft has lint errors: fix them with Edit first.')
    const poster = this.deps.posters(record.line)
    if (!poster.ok) return refuse(poster.message)
    const unsafe = unsafeContent(rev.text, record, this.deps.voice, poster.poster)
    if (unsafe.length > 0) return refuse(unsafe.map((u) => u.message).join(' '))
    const approved = {
      revision: rev.n,
      hash: rev.hash,
      by: whoOf(actor),
      at: this.machine.now().toISOString(),
    }
    const moved = await this.machine.move(record, { state: 'approved', approved }, actor, `rev ${rev.n}`, {
      hash: rev.hash,
    })
    if (!moved.ok) return this.#lost(moved.current)
    return this.#post(moved.record, actor, poster.poster)
  }

  async edit(actor: Actor, id: string, seenRevision: number, text: string | undefined): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    if (typeof text !== 'string' || text.trim() === '') {
      return messageView('error', 'The edited announcement is empty: write the text, or press Cancel.')
    }
    return this.#revise(actor, record, seenRevision, 'edited', async () => ({ text, provenance: null }))
  }

  async regenerate(actor: Actor, id: string, seenRevision: number): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    return this.#revise(actor, record, seenRevision, 'regenerated', () => redraft(this.deps, record.tag))
  }

  /**
   * "Use the model's draft": the model's best attempt, kept beside a fallback,
   * becomes the next revision. It is linted like any other, so it cannot be
   * approved while it has errors; Edit fixes them.
   */
  async useModelDraft(actor: Actor, id: string, seenRevision: number): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    return this.#revise(actor, record, seenRevision, 'regenerated', async () =>
      keptModelDraft(currentRevision(record)),
    )
  }

  /** "Post again" after a failure, an unknown outcome checked by a person, or an interrupted approval. */
  async retry(actor: Actor, id: string): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, 'approve', 'posting', { states: [...POSTABLE] })
    if (refused) return refused
    const poster = this.deps.posters(record.line)
    if (!poster.ok)
      return this.#refused(
        actor,
        record,
        'posting',
        poster.message,
        record.approved?.hash ?? undefined,
        false,
      )
    return this.#post(record, actor, poster.poster)
  }

  /** A person saw the message in the channel after an unknown outcome. */
  async markPosted(actor: Actor, id: string): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    const refused = await this.#check(actor, record, 'approve', 'posted', { states: ['post_unknown'] })
    if (refused) return refused
    const outcome = {
      code: 'confirmed',
      message: `Confirmed in the channel by ${who(whoOf(actor))}.`,
      messageUrl: null,
    }
    const moved = await this.machine.move(record, { state: 'posted', outcome }, actor, 'seen in channel', {
      hash: record.approved?.hash,
    })
    if (moved.ok) await rememberAnnounced(this.deps.store, moved.record, this.machine.now())
    return moved.ok ? this.render(moved.record) : this.#lost(moved.current)
  }

  async cancel(actor: Actor, id: string): Promise<View> {
    const record = await this.machine.load(id)
    if (!record) return gone()
    // Once approved, closing the draft is an approver's decision, not a drafter's.
    const approver = POSTABLE.has(record.state) || this.machine.authorize(actor, 'approve').ok
    const refused = await this.#check(actor, record, approver ? 'approve' : 'announce', 'cancelled', {
      states: [...EDITABLE, ...POSTABLE],
    })
    if (refused) return refused
    const moved = await this.machine.move(record, { state: 'cancelled' }, actor, 'cancelled', {
      hash: currentRevision(record).hash,
    })
    return moved.ok ? this.render(moved.record) : this.#lost(moved.current)
  }

  async #post(record: AnnounceRecord, actor: Actor, poster: Poster): Promise<View> {
    const outcome = await postApproved(this.machine, record, actor, poster, this.deps.postBudgetMs ?? 60_000)
    if (outcome.ok) await rememberAnnounced(this.deps.store, outcome.record, this.machine.now())
    if (outcome.ok) return this.render(outcome.record)
    if (outcome.warning) return this.render(outcome.current, [{ level: 'warning', text: outcome.warning }])
    return this.#lost(outcome.current)
  }

  async #revise(
    actor: Actor,
    record: AnnounceRecord,
    seen: number,
    source: 'edited' | 'regenerated',
    produce: () => Promise<Produced | { error: string }>,
  ): Promise<View> {
    const refused = await this.#check(actor, record, 'announce', source, { states: [...EDITABLE], seen })
    if (refused) return refused
    if (record.revisions.length >= MAX_REVISIONS) {
      return messageView(
        'error',
        `This draft has ${MAX_REVISIONS} revisions: cancel it and run /announce-release again.`,
      )
    }
    const produced = await produce()
    if ('error' in produced) return messageView('error', produced.error)
    const n = record.revisions.length + 1
    const rev = makeRevision(
      {
        n,
        source,
        by: whoOf(actor),
        at: this.machine.now(),
        facts: record.facts,
        voice: this.deps.voice,
        lint: this.deps.lint,
      },
      produced,
    )
    const moved = await this.machine.move(
      record,
      { state: source, revisions: [...record.revisions, rev] },
      actor,
      produced.detail ? `rev ${rev.n}: ${produced.detail}` : `rev ${rev.n}`,
      { hash: rev.hash },
    )
    return moved.ok ? this.render(moved.record) : this.#lost(moved.current)
  }

  /** The machine's checks with this flow's wording; an approval also meets the two-person rule. */
  async #check(
    actor: Actor,
    record: AnnounceRecord,
    action: AuthAction,
    attempted: string,
    expect: Expect,
  ): Promise<View | null> {
    const rev = currentRevision(record)
    // An approval needs someone who neither asked for the draft nor wrote the revision approved.
    const approving = action === 'approve' && attempted === 'approved'
    const context = {
      requester: approving ? record.requester : undefined,
      authors: approving ? [rev.by] : [],
      bump: record.facts.bump,
    }
    const refusal = await this.machine.check(actor, record, {
      attempted,
      auth: { action, context },
      states: expect.states,
      stateRefusal: announceStateRefusal,
      hash: rev.hash,
      revision:
        expect.seen === undefined
          ? undefined
          : {
              seen: expect.seen,
              current: rev.n,
              message: `You acted on revision ${expect.seen}, but the draft is now at revision ${rev.n} (${rev.source} by ${md(who(rev.by))}): read the text below and act again.`,
            },
    })
    return refusal && this.show(record, refusal)
  }

  async #refused(
    actor: Actor,
    record: AnnounceRecord,
    attempted: string,
    why: string,
    hash: string | undefined,
    showRecord: boolean,
  ): Promise<View> {
    await this.machine.refuse(actor, record, attempted, why, hash)
    return this.show(record, { why, showRecord })
  }

  protected render(record: AnnounceRecord, notices: Notice[] = []): View {
    return renderDraft(record, this.deps, notices)
  }

  /** Someone else moved the draft first: show where it is now. */
  #lost(current: AnnounceRecord): View {
    const by = current.state === 'posting' ? current.posting?.by : current.approved?.by
    return this.render(current, [
      {
        level: 'info',
        text: `Someone else acted on this draft first${by ? ` (${md(who(by))})` : ''}; it is now ${current.state.replace('_', ' ')}.`,
      },
    ])
  }
}

function gone(): View {
  return messageView(
    'error',
    'This announcement draft no longer exists (cleaned up after 30 days, or from another Herald): run /announce-release again.',
  )
}
