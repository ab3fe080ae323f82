/**
 * Herald's Discord front-end, independent of the transport: an interaction
 * payload in (from the HTTP endpoint or the gateway), the initial response out
 * within Discord's 3 s, and the flow's view sent afterwards as a follow-up
 * through REST. Every click carries the member's roles from the payload into
 * the actor; the flows decide what they allow.
 */
import type { REST } from '@discordjs/rest'
import { z } from 'zod'
import { COMMAND_DEFINITIONS } from '../../../commands/index.ts'
import { validateCommandArgs } from '../../../commands/parse-args.ts'
import type { Actor, ChatFlows, CommandArgs, View } from '../../flows/view.ts'
import { decodeActionId, EditTexts, type SharedTexts } from '../platform/action-ids.ts'
import { type ChatLog, errorField } from '../platform/log.ts'
import { type ClaimDelivery, SeenIds } from '../platform/seen-ids.ts'
import { afterPendingIo, BackgroundTasks } from '../platform/tasks.ts'
import { defuseMassMentions, truncate } from '../platform/text.ts'
import { interactionRoutes } from './discord-routes.ts'
import { DISCORD_LIMITS, EPHEMERAL, renderDiscordMessage, renderEditModal } from './render-discord.ts'

/** Interaction and response types (https://discord.com/developers/docs/interactions/receiving-and-responding). */
export const INTERACTION = { ping: 1, command: 2, component: 3, autocomplete: 4, modalSubmit: 5 } as const
export const RESPONSE = {
  pong: 1,
  message: 4,
  deferredMessage: 5,
  deferredUpdate: 6,
  autocomplete: 8,
  modal: 9,
} as const

export type InitialResponse = { type: number; data?: unknown }
/** Delivers the initial response; resolves once Discord has it, so follow-ups never overtake it. */
export type SendInitial = (response: InitialResponse) => Promise<void>

/** Autocomplete must answer within Discord's 3 s; stop waiting for the flow well before. */
const AUTOCOMPLETE_BUDGET_MS = 2_000

const snowflake = z.string().regex(/^\d{1,20}$/)
const user = z.object({
  id: snowflake,
  username: z.string().max(100).optional(),
  global_name: z.string().max(100).nullish(),
})
const option = z.object({
  name: z.string().max(32),
  type: z.number(),
  value: z.unknown().optional(),
  focused: z.boolean().optional(),
})
const interactionSchema = z.object({
  id: snowflake,
  application_id: snowflake,
  type: z.number().int(),
  token: z.string().regex(/^[A-Za-z0-9._-]{1,1000}$/),
  member: z
    .object({ user, roles: z.array(snowflake).max(500), nick: z.string().max(100).nullish() })
    .optional(),
  user: user.optional(),
  data: z
    .object({
      name: z.string().max(32).optional(),
      custom_id: z.string().max(100).optional(),
      options: z.array(option).max(25).optional(),
      components: z.array(z.unknown()).max(25).optional(),
    })
    .optional(),
})
type Interaction = z.infer<typeof interactionSchema>

export class DiscordInteractions {
  readonly #flows: ChatFlows
  readonly #rest: REST
  readonly #log: ChatLog
  readonly #seen: SeenIds
  readonly #editTexts: EditTexts
  readonly #tasks = new BackgroundTasks()

  constructor(options: {
    flows: ChatFlows
    rest: REST
    log: ChatLog
    now?: () => number
    /** Dedupe of duplicated interactions across replicas (the shared store's claim). */
    claimDelivery?: ClaimDelivery | undefined
    /** Where edit texts are kept for every replica (the shared store). */
    sharedTexts?: SharedTexts | undefined
  }) {
    this.#editTexts = new EditTexts({ shared: options.sharedTexts })
    this.#flows = options.flows
    this.#rest = options.rest
    this.#log = options.log
    this.#seen = new SeenIds({ ...(options.now ? { now: options.now } : {}), shared: options.claimDelivery })
  }

  drain(timeoutMs: number): Promise<number> {
    return this.#tasks.drain(timeoutMs)
  }

  /**
   * Handles one interaction. Returns 'invalid' for a payload that is not an
   * interaction, 'duplicate' for an id already handled; otherwise the initial
   * response has been passed to `sendInitial` and any follow-up is under way.
   */
  async handle(payload: unknown, sendInitial: SendInitial): Promise<'handled' | 'invalid' | 'duplicate'> {
    const parsed = interactionSchema.safeParse(payload)
    if (!parsed.success) return 'invalid'
    const interaction = parsed.data
    if (interaction.type === INTERACTION.ping) {
      await sendInitial({ type: RESPONSE.pong })
      return 'handled'
    }
    if (!(await this.#seen.firstDelivery(`discord:${interaction.id}`))) {
      this.#log.info('discord: ignored a repeated interaction', { id: interaction.id })
      return 'duplicate'
    }
    const actor = actorOf(interaction)
    if (!actor) return 'invalid'
    switch (interaction.type) {
      case INTERACTION.command:
        await this.#command(interaction, actor, sendInitial)
        return 'handled'
      case INTERACTION.component:
        await this.#component(interaction, actor, sendInitial)
        return 'handled'
      case INTERACTION.modalSubmit:
        await this.#modalSubmit(interaction, actor, sendInitial)
        return 'handled'
      case INTERACTION.autocomplete:
        await sendInitial({
          type: RESPONSE.autocomplete,
          data: { choices: await this.#complete(interaction) },
        })
        return 'handled'
      default:
        return 'invalid'
    }
  }

  async #command(interaction: Interaction, actor: Actor, sendInitial: SendInitial): Promise<void> {
    const def = COMMAND_DEFINITIONS.find((d) => d.name === interaction.data?.name)
    if (!def)
      return sendInitial(
        privateText('Herald does not know this command. Ask an admin to run `herald register-commands`.'),
      )
    const args: CommandArgs = {}
    for (const o of interaction.data?.options ?? [])
      args[o.name] = typeof o.value === 'string' ? o.value : String(o.value)
    const valid = validateCommandArgs(def, args)
    if (!valid.ok) return sendInitial(privateText(valid.error))
    // Defer at once: the flow may read git or GitHub for longer than Discord's 3 s.
    await sendInitial({ type: RESPONSE.deferredMessage, data: { flags: EPHEMERAL } })
    this.#followUp(interaction, `/${def.name}`, () => this.#flows.command(actor, def.name, valid.value))
  }

  async #component(interaction: Interaction, actor: Actor, sendInitial: SendInitial): Promise<void> {
    const wire = decodeActionId(interaction.data?.custom_id)
    if (!wire || wire.kind === 'submit') return sendInitial(privateText('This button is not Herald’s.'))
    if (wire.kind === 'edit') {
      const edit = await this.#editTexts.get(wire.id)
      const modal = edit && renderEditModal(wire.id, edit)
      if (modal) return sendInitial({ type: RESPONSE.modal, data: modal })
      const why = edit
        ? 'The text is too long to edit in Discord (4,000 characters at most).'
        : 'This editor expired.'
      return sendInitial(privateText(`${why} Run the command again for a fresh preview.`))
    }
    await sendInitial({ type: RESPONSE.deferredUpdate })
    this.#followUp(interaction, 'a button', () => this.#flows.action(actor, wire.id))
  }

  async #modalSubmit(interaction: Interaction, actor: Actor, sendInitial: SendInitial): Promise<void> {
    const wire = decodeActionId(interaction.data?.custom_id)
    if (wire?.kind !== 'submit') return sendInitial(privateText('This form is not Herald’s.'))
    const text = findTextInput(interaction.data?.components ?? [])
    await sendInitial({ type: RESPONSE.deferredUpdate })
    this.#followUp(interaction, 'an edit', () => this.#flows.action(actor, wire.id, { text: text ?? '' }))
  }

  async #complete(interaction: Interaction): Promise<{ name: string; value: string }[]> {
    const name = interaction.data?.name
    const focused = interaction.data?.options?.find((o) => o.focused)
    if ((name !== 'release' && name !== 'announce-release') || !focused) return []
    const prefix = typeof focused.value === 'string' ? focused.value.slice(0, 100) : ''
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<string[]>((resolve) => {
      timer = setTimeout(() => resolve([]), AUTOCOMPLETE_BUDGET_MS)
    })
    try {
      const choices = await Promise.race([this.#flows.complete(name, focused.name, prefix), late])
      return choices
        .filter((c) => c.length > 0 && c.length <= 100)
        .slice(0, 25)
        .map((c) => ({ name: c, value: c }))
    } catch (error) {
      this.#log.warn('discord: autocomplete failed', errorField(error))
      return []
    } finally {
      clearTimeout(timer)
    }
  }

  /** Where an updatable preview was shown: its interaction's original response, editable for 15 minutes. */
  async #remember(view: View, interaction: Interaction): Promise<void> {
    const where = {
      platform: 'discord',
      applicationId: interaction.application_id,
      token: interaction.token,
    } as const
    await this.#flows
      .shown?.(view, where)
      .catch((e) => this.#log.warn('discord: could not remember where a preview was shown', errorField(e)))
  }

  /** Runs the flow after the initial response and replaces the deferred message with its view. */
  #followUp(interaction: Interaction, what: string, run: () => Promise<View>): void {
    const original = interactionRoutes.original(interaction.application_id, interaction.token)
    this.#tasks.run(async () => {
      // After the I/O already waiting (more interactions to verify and answer), not before it.
      await afterPendingIo()
      try {
        const view = await run()
        await this.#editTexts.remember(view.actions)
        const message = renderDiscordMessage(view)
        if (view.private) {
          await this.#rest.patch(original, { body: message, auth: false })
          if (view.updatable) await this.#remember(view, interaction)
        } else {
          await this.#rest.post(interactionRoutes.followUp(interaction.application_id, interaction.token), {
            body: message,
            auth: false,
          })
          await this.#rest.delete(original, { auth: false })
        }
      } catch (error) {
        const ref = Math.random().toString(36).slice(2, 8)
        this.#log.error(`discord: ${what} failed`, { ref, ...errorField(error) })
        const failure = renderDiscordMessage({
          private: true,
          blocks: [
            {
              kind: 'notice',
              level: 'error',
              text: `Herald could not finish this (ref ${ref}). Try again; if it keeps failing, ask whoever runs Herald to look up ref ${ref} in its log.`,
            },
          ],
          actions: [],
        })
        await this.#rest
          .patch(original, { body: failure, auth: false })
          .catch((e) => this.#log.error('discord: could not report a failure', errorField(e)))
      }
    })
  }
}

/** The member (in a server) or user (in a DM) Discord says clicked; roles only from the member. */
function actorOf(interaction: Interaction): Actor | undefined {
  const member = interaction.member
  const u = member?.user ?? interaction.user
  if (!u) return undefined
  return {
    platform: 'discord',
    userId: u.id,
    roles: member ? [...member.roles] : [],
    groups: [],
    name: member?.nick ?? u.global_name ?? u.username,
  }
}

function privateText(content: string): InitialResponse {
  return {
    type: RESPONSE.message,
    data: {
      content: truncate(defuseMassMentions(content), DISCORD_LIMITS.content),
      flags: EPHEMERAL,
      allowed_mentions: { parse: [] },
    },
  }
}

/** The value of the `text` input, wherever Discord nests it (action rows, or label components). */
function findTextInput(components: unknown[]): string | undefined {
  for (const c of components) {
    if (typeof c !== 'object' || c === null) continue
    const node = c as { custom_id?: unknown; value?: unknown; components?: unknown; component?: unknown }
    if (node.custom_id === 'text' && typeof node.value === 'string') return node.value.slice(0, 4_000)
    const inner = [
      ...(Array.isArray(node.components) ? node.components : []),
      ...(node.component ? [node.component] : []),
    ]
    const found = findTextInput(inner)
    if (found !== undefined) return found
  }
  return undefined
}
