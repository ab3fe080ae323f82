/**
 * Every text Herald sends to a chat passes the same redaction as its logs:
 * a webhook error that echoes its own URL, or a model endpoint with
 * credentials in its address, must not end up in a channel. One wrapper
 * around the flows, so Slack, Discord and the console all get it; button ids
 * are left alone (they hold no secret and must route back unchanged).
 */
import type { ChatFlows, View, ViewAction, ViewBlock } from '../flows/view.ts'

export function redactingFlows(flows: ChatFlows, redact: (text: string) => string): ChatFlows {
  const view = (v: View): View => ({
    ...v,
    blocks: v.blocks.map((b) => redactBlock(b, redact)),
    actions: v.actions.map((a) => redactAction(a, redact)),
  })
  return {
    command: async (actor, name, args) => view(await flows.command(actor, name, args)),
    action: async (actor, id, input) => view(await flows.action(actor, id, input)),
    complete: async (name, option, prefix) => (await flows.complete(name, option, prefix)).map(redact),
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
