/**
 * Every text Herald sends to a chat passes the same redaction as its logs:
 * a webhook error that echoes its own URL, or a model endpoint with
 * credentials in its address, must not end up in a channel. One wrapper
 * around the flows, so Slack, Discord and the console all get it; button ids
 * are left alone (they hold no secret and must route back unchanged).
 */
import type { ChatFlows, View, ViewAction, ViewBlock } from '../flows/view.ts'

export function redactingFlows(flows: ChatFlows, redact: (text: string) => string): ChatFlows {
  const view = (v: View): View => redactView(v, redact)
  return {
    command: async (actor, name, args) => view(await flows.command(actor, name, args)),
    action: async (actor, id, input) => view(await flows.action(actor, id, input)),
    complete: async (name, option, prefix) => (await flows.complete(name, option, prefix)).map(redact),
    ...(flows.shown ? { shown: flows.shown.bind(flows) } : {}),
  }
}

/** A view with every text masked; button ids are left as they are. */
export function redactView(v: View, redact: (text: string) => string): View {
  return {
    ...v,
    blocks: v.blocks.map((b) => redactBlock(b, redact)),
    actions: v.actions.map((a) => redactAction(a, redact)),
  }
}

/** A source of pending records whose views are masked like every other chat text (the web console's). */
export function redactingPending<T extends { view: View }>(
  source: { pending(): Promise<T[]> },
  redact: (text: string) => string,
): { pending(): Promise<T[]> } {
  return {
    pending: async () =>
      (await source.pending()).map((item) => ({ ...item, view: redactView(item.view, redact) })),
  }
}

function redactBlock(block: ViewBlock, redact: (text: string) => string): ViewBlock {
  if (block.kind === 'fields')
    return { ...block, fields: block.fields.map((f) => ({ label: redact(f.label), value: redact(f.value) })) }
  return { ...block, text: redact(block.text) }
}

function redactAction(action: ViewAction, redact: (text: string) => string): ViewAction {
  return {
    ...action,
    label: redact(action.label),
    ...(action.edit ? { edit: { ...action.edit, text: redact(action.edit.text) } } : {}),
  }
}
