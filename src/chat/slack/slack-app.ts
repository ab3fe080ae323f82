/**
 * Herald's Slack front-end on Bolt: `/release` and `/announce-release`,
 * button clicks and edit modals, each turned into one `ChatFlows` call whose
 * view is rendered back through `respond()` (ephemeral when the view is private).
 */
import type { Logger, Receiver } from '@slack/bolt'
import { COMMAND_DEFINITIONS } from '../../../commands/index.ts'
import { parseCommandText } from '../../../commands/parse-args.ts'
import type { ChatFlows, View, ViewAction } from '../../flows/view.ts'
import { decodeActionId, EditTexts, type SharedTexts } from '../platform/action-ids.ts'
import { type ChatLog, errorField } from '../platform/log.ts'
import { type ClaimDelivery, SeenIds } from '../platform/seen-ids.ts'
import { App, LogLevel } from './bolt-app.ts'
import { type EditModalMetadata, renderEditModal, renderSlackMessage } from './render-block-kit.ts'
import { SlackActors } from './slack-actors.ts'

export type SlackAppOptions = {
  flows: ChatFlows
  botToken: string
  log: ChatLog
  /** Socket Mode (no public URL) when set. */
  appToken?: string | undefined
  /** HTTP mode: the receiver the shared HTTP server feeds. */
  receiver?: Receiver | undefined
  /** Web API base (SLACK_API_URL), for tests and proxies; default https://slack.com/api/. */
  apiUrl?: string | undefined
  now?: () => number
  /** Dedupe of retried deliveries across replicas (the shared store's claim). */
  claimDelivery?: ClaimDelivery | undefined
  /** Where edit texts are kept for every replica (the shared store). */
  sharedTexts?: SharedTexts | undefined
}

type Respond = (message: Record<string, unknown>) => Promise<unknown>

/** What the listeners share: the flows, who is acting, edit texts, and how to answer. */
type Listeners = {
  flows: ChatFlows
  log: ChatLog
  actors: SlackActors
  editTexts: EditTexts
  /** `responseUrl`: where `respond` posts, remembered for a preview CI may change. */
  show(respond: Respond, view: View, replace: boolean, responseUrl?: string): Promise<unknown>
  fail(respond: Respond, error: unknown, what: string): Promise<void>
}

export function createSlackApp(options: SlackAppOptions): App {
  const { flows, log } = options
  if (!options.botToken.trim())
    throw new Error('Slack: SLACK_BOT_TOKEN is empty; set it from the app’s OAuth page')
  const app = new App({
    token: options.botToken,
    ...(options.appToken ? { appToken: options.appToken, socketMode: true } : { receiver: options.receiver }),
    clientOptions: options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {},
    logger: boltLogger(log),
    // No listener reads Bolt's conversation context: skip its per-event store lookup.
    convoStore: false,
  })
  const editTexts = new EditTexts({ shared: options.sharedTexts })
  const seen = new SeenIds({ ...(options.now ? { now: options.now } : {}), shared: options.claimDelivery })
  ignoreRetries(app, seen, log)
  const listeners: Listeners = {
    flows,
    log,
    actors: new SlackActors(app.client, log, options.now),
    editTexts,
    show: async (respond, view, replace, responseUrl) => {
      await editTexts.remember(view.actions)
      const message = renderSlackMessage(view)
      if (view.private) {
        await respond({ ...message, response_type: 'ephemeral', replace_original: replace })
        if (view.updatable && responseUrl)
          await flows
            .shown?.(view, { platform: 'slack', responseUrl })
            .catch((e) => log.warn('slack: could not remember where a preview was shown', errorField(e)))
        return
      }
      await respond({ ...message, response_type: 'in_channel', replace_original: false })
      if (replace) await respond({ delete_original: true })
    },
    fail: (respond, error, what) => reportFailure(log, respond, error, what),
  }
  listenToCommands(app, listeners)
  listenToButtons(app, listeners)
  listenToModals(app, listeners)
  app.error(async (error) => log.error('slack: unhandled error', errorField(error)))
  return app
}

/**
 * A retried delivery (X-Slack-Retry-Num, or Socket Mode's retry_attempt) has the
 * trigger_id or event_id of the first: ack it and let nothing run twice.
 */
function ignoreRetries(app: App, seen: SeenIds, log: ChatLog): void {
  app.use(async (args) => {
    const body = args.body as Record<string, unknown>
    const id = body['trigger_id'] ?? body['event_id']
    if (
      typeof id === 'string' &&
      !(await seen.firstDelivery(`slack:${String(body['type'] ?? 'command')}:${id}`))
    ) {
      log.info('slack: ignored a repeated delivery', { id })
      if ('ack' in args && typeof args.ack === 'function') await args.ack()
      return
    }
    await args.next()
  })
}

async function reportFailure(log: ChatLog, respond: Respond, error: unknown, what: string): Promise<void> {
  const ref = Math.random().toString(36).slice(2, 8)
  log.error(`slack: ${what} failed`, { ref, ...errorField(error) })
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: `:x: Herald could not finish this (ref ${ref}). Nothing was changed by this message; try again, and if it keeps failing, ask whoever runs Herald to look up ref ${ref} in its log.`,
  }).catch((e) => log.error('slack: could not report a failure', errorField(e)))
}

function listenToCommands(app: App, l: Listeners): void {
  for (const def of COMMAND_DEFINITIONS) {
    app.command(`/${def.name}`, async ({ ack, command, respond }) => {
      await ack()
      try {
        const args = parseCommandText(def, command.text ?? '')
        if (!args.ok) return void (await respond({ response_type: 'ephemeral', text: args.error }))
        const actor = await l.actors.resolve(command.user_id, command.user_name)
        await l.show(respond, await l.flows.command(actor, def.name, args.value), false, command.response_url)
      } catch (error) {
        await l.fail(respond, error, `/${def.name}`)
      }
    })
  }
}

function listenToButtons(app: App, l: Listeners): void {
  app.action(/^[ae]/, async ({ ack, body, action, respond, client }) => {
    await ack()
    const wire = 'action_id' in action ? decodeActionId(action.action_id) : undefined
    if (!wire || body.type !== 'block_actions') return
    try {
      if (wire.kind === 'edit') {
        const edit = await l.editTexts.get(wire.id)
        const responseUrl = body.response_url
        const modal =
          edit && responseUrl
            ? renderEditModal({ id: wire.id, edit } as ViewAction & { edit: typeof edit }, { responseUrl })
            : undefined
        if (!modal) {
          const why = edit
            ? 'The text is too long to edit in Slack (3,000 characters at most).'
            : 'This editor expired.'
          return void (await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: `${why} Run the command again for a fresh preview.`,
          }))
        }
        // trigger_id is valid for 3 s: open the modal before any other call.
        await client.views.open({ trigger_id: body.trigger_id, view: modal })
        return
      }
      const actor = await l.actors.resolve(body.user.id, body.user.name)
      await l.show(respond, await l.flows.action(actor, wire.id), true, body.response_url)
    } catch (error) {
      await l.fail(respond, error, 'a button')
    }
  })
}

function listenToModals(app: App, l: Listeners): void {
  app.view(/^m/, async ({ ack, body, view }) => {
    await ack()
    const wire = decodeActionId(view.callback_id)
    const metadata = parseMetadata(view.private_metadata)
    if (wire?.kind !== 'submit' || !metadata) return
    const respond = postTo(metadata.responseUrl)
    try {
      const value = view.state.values['text']?.['text']?.value
      const text = typeof value === 'string' ? value : ''
      const actor = await l.actors.resolve(body.user.id, body.user.name)
      await l.show(respond, await l.flows.action(actor, wire.id, { text }), true, metadata.responseUrl)
    } catch (error) {
      await l.fail(respond, error, 'an edit')
    }
  })
}

/** Only what Herald itself wrote into the modal (Slack returns it inside a signed request). */
function parseMetadata(raw: string): EditModalMetadata | undefined {
  try {
    const value = JSON.parse(raw) as Partial<EditModalMetadata>
    if (typeof value.responseUrl !== 'string') return undefined
    const url = new URL(value.responseUrl)
    return url.protocol === 'https:' || url.protocol === 'http:' ? { responseUrl: url.href } : undefined
  } catch {
    return undefined
  }
}

/** A `respond()` for a modal submit: the response_url of the message whose Edit button opened the modal. */
function postTo(responseUrl: string): Respond {
  return async (message) => {
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    })
    if (!res.ok) throw new Error(`slack response_url: HTTP ${res.status}`)
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

/** Bolt's logger onto Herald's: messages only (errors as their message), debug dropped. */
function boltLogger(log: ChatLog): Logger {
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')
  let level = LogLevel.INFO
  return {
    debug: () => {},
    info: (...args) => log.info(`slack: ${line(args)}`),
    warn: (...args) => log.warn(`slack: ${line(args)}`),
    error: (...args) => log.error(`slack: ${line(args)}`),
    setLevel: (l) => {
      level = l
    },
    getLevel: () => level,
    setName: () => {},
  }
}
