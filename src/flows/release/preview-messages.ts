/**
 * Where each pending `/release` preview was shown, so the message can be
 * replaced when the preview changes without a click (CI finishing on its
 * commit). The reference is kept in the state store under the record's id,
 * for as long as the platform lets Herald edit the message (Slack's
 * `response_url`: 30 minutes and 5 messages; Discord's interaction token: 15
 * minutes); the newest place a preview was shown wins. Replacing is best
 * effort: an expired or used-up reference is skipped (logged at debug), a
 * refusal is logged, and neither ever fails what GitHub's event did.
 */
import type { Logger } from '../../ports/logger.ts'
import {
  MESSAGE_REF_TTL_MS,
  type MessageRef,
  type PreviewUpdater,
  SLACK_RESPONSE_URL_USES,
} from '../../ports/preview-updater.ts'
import type { StateStore } from '../../ports/store.ts'
import type { View } from '../view.ts'

/** What the store keeps per preview: the reference, until when it is valid, and how often it was used. */
type Stored = { ref: MessageRef; expiresAt: number; uses: number }

const keyOf = (recordId: string) => `preview-message:${recordId}`

export type PreviewRefresh = 'replaced' | 'expired' | 'none' | 'failed'

export class PreviewMessages {
  readonly #store: StateStore
  readonly #now: () => number

  constructor(deps: { store: StateStore; now?: (() => number) | undefined }) {
    this.#store = deps.store
    this.#now = deps.now ?? Date.now
  }

  /** `view` (an updatable preview) was just shown at `where`: one use of the reference is spent. */
  async remember(view: View, where: MessageRef): Promise<void> {
    if (!view.updatable) return
    const ttl = MESSAGE_REF_TTL_MS[where.platform]
    const stored: Stored = { ref: where, expiresAt: this.#now() + ttl, uses: 1 }
    await this.#store.set(keyOf(view.updatable.recordId), stored, ttl)
  }

  /** Replaces the message that shows `recordId` with `view`, when Herald still may. */
  async replace(
    recordId: string,
    view: View,
    updater: PreviewUpdater,
    log: Pick<Logger, 'debug' | 'warn'>,
  ): Promise<PreviewRefresh> {
    const key = keyOf(recordId)
    const stored = await this.#store.get<Stored>(key)
    const left = stored ? stored.expiresAt - this.#now() : 0
    if (!stored || left <= 0 || (stored.ref.platform === 'slack' && stored.uses >= SLACK_RESPONSE_URL_USES)) {
      log.debug('release: the preview message is no longer editable; not replaced', { record: recordId })
      return 'none'
    }
    await this.#store.set(key, { ...stored, uses: stored.uses + 1 }, left)
    try {
      const outcome = await updater.replace(stored.ref, view)
      if (outcome === 'expired') {
        log.debug('release: the platform refused the preview message reference as expired', {
          record: recordId,
          platform: stored.ref.platform,
        })
        await this.#store.delete(key)
      }
      return outcome
    } catch (error) {
      log.warn('release: the preview message could not be replaced', {
        record: recordId,
        platform: stored.ref.platform,
        code: (error as { code?: unknown }).code ?? 'replace_failed',
        error: error instanceof Error ? error.message : String(error),
      })
      return 'failed'
    }
  }
}
