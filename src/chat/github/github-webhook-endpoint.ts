/**
 * `POST /github/webhook`: GitHub's deliveries to `herald serve`. The
 * `X-Hub-Signature-256` HMAC is verified with `GITHUB_WEBHOOK_SECRET`
 * (`@octokit/webhooks`) before anything else is read: a missing or wrong
 * signature is a 401 and nothing runs. Each `X-GitHub-Delivery` is claimed in
 * the store every replica shares, so a redelivery acts once; the work runs
 * after the 202 (GitHub waits 10 s at most), and shutdown waits for it.
 */
import { Webhooks } from '@octokit/webhooks'
import type { EventOutcome, GitHubEventFlow } from '../../flows/github/github-events.ts'
import {
  type HttpEndpoint,
  type HttpReply,
  type HttpRequest,
  header,
  json,
  unauthorized,
} from '../http/http-endpoint.ts'
import { type ChatLog, errorField } from '../platform/log.ts'
import { type ClaimDelivery, SeenIds } from '../platform/seen-ids.ts'
import { BackgroundTasks } from '../platform/tasks.ts'
import { type GitHubEvent, parseGitHubEvent } from './github-payloads.ts'

const OUTCOME_WORDS: Record<EventOutcome['kind'], string> = {
  published: 'published',
  publish_failed: 'publishing failed',
  refresh_scheduled: 'release PR refresh scheduled',
  previews_updated: 'CI check of open previews updated',
  ignored: 'nothing to do',
}

/** GitHub's delivery ids are GUIDs; anything else is not from GitHub. */
const DELIVERY_ID = /^[A-Za-z0-9-]{1,64}$/

export type GitHubWebhookOptions = {
  secret: string
  events: Pick<GitHubEventFlow, 'pullRequestMerged' | 'pushed' | 'ciCompleted' | 'flush'>
  log: ChatLog
  /** `repo` from the config: deliveries for any other repository are ignored. */
  repository: string | null
  claimDelivery?: ClaimDelivery | undefined
  now?: () => number
  /** Called with each outcome once the work after the ack is done (tests, logs). */
  onOutcome?: ((outcome: EventOutcome, delivery: string) => void) | undefined
}

export class GitHubWebhookEndpoint implements HttpEndpoint {
  readonly #webhooks: Webhooks
  readonly #options: GitHubWebhookOptions
  readonly #seen: SeenIds
  readonly #tasks = new BackgroundTasks()

  constructor(options: GitHubWebhookOptions) {
    this.#webhooks = new Webhooks({ secret: options.secret })
    this.#options = options
    // A day: GitHub redelivers on request for days; the publish claim covers anything older.
    this.#seen = new SeenIds({
      ttlMs: 24 * 60 * 60_000,
      shared: options.claimDelivery && ((id, ttl) => options.claimDelivery!(`github:${id}`, ttl)),
      ...(options.now ? { now: options.now } : {}),
    })
  }

  async handle(request: HttpRequest): Promise<HttpReply> {
    const body = request.rawBody.toString('utf8')
    if (!(await this.#verified(body, header(request.headers, 'x-hub-signature-256')))) return unauthorized()
    const name = header(request.headers, 'x-github-event')
    const delivery = header(request.headers, 'x-github-delivery')
    if (!name || !delivery || !DELIVERY_ID.test(delivery))
      return json(400, { error: 'X-GitHub-Event and X-GitHub-Delivery (a GUID) are required' })
    let payload: unknown
    try {
      payload = JSON.parse(body)
    } catch {
      return json(400, { error: 'the body is not JSON: set the webhook content type to application/json' })
    }
    const event = parseGitHubEvent(name, payload)
    const log = this.#options.log
    if (event.kind === 'invalid') {
      log.warn('github: delivery refused', { delivery, event: name, error: event.message })
      return json(400, { error: event.message })
    }
    if (event.kind === 'unused') return json(200, { ok: true, ignored: event.reason })
    if (event.kind === 'ping') return json(200, { ok: true, pong: true })
    const other = this.#otherRepository(event)
    if (other) return json(200, { ok: true, ignored: other })
    if (!(await this.#seen.firstDelivery(delivery))) return json(200, { ok: true, duplicate: true })
    this.#tasks.run(() => this.#act(event, delivery))
    return json(202, { ok: true, accepted: delivery })
  }

  /** Runs the release PR refreshes still waiting for pushes to stop, then waits for all work. */
  drain(timeoutMs: number): Promise<number> {
    this.#tasks.run(() => this.#options.events.flush())
    return this.#tasks.drain(timeoutMs)
  }

  async #verified(body: string, signature: string | undefined): Promise<boolean> {
    if (!signature?.startsWith('sha256=')) return false
    // A malformed signature is a wrong one.
    return this.#webhooks.verify(body, signature).catch(() => false)
  }

  #otherRepository(event: Extract<GitHubEvent, { repository: string }>): string | null {
    const expected = this.#options.repository
    if (!expected || event.repository.toLowerCase() === expected.toLowerCase()) return null
    return `the delivery is for ${event.repository}, and this Herald releases ${expected}`
  }

  async #act(
    event: Extract<GitHubEvent, { kind: 'merged' | 'push' | 'ci' }>,
    delivery: string,
  ): Promise<void> {
    const log = this.#options.log
    const events = this.#options.events
    try {
      const outcome =
        event.kind === 'push'
          ? events.pushed(event.event)
          : event.kind === 'ci'
            ? await events.ciCompleted(event.event)
            : await events.pullRequestMerged(event.event)
      const fields = { delivery, event: event.kind, ...outcome }
      if (outcome.kind === 'publish_failed')
        log.error('github: publishing a merged release PR failed', fields)
      else log.info(`github: ${OUTCOME_WORDS[outcome.kind]}`, fields)
      this.#options.onOutcome?.(outcome, delivery)
    } catch (error) {
      log.error('github: acting on a delivery failed', { delivery, ...errorField(error) })
    }
  }
}
