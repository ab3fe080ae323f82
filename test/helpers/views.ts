/** Readers of a chat `View`, shared by the tests that drive `ChatRouter`. */
import type { View } from '../../src/flows/view.ts'

/** The header's text. */
export const header = (view: View) => view.blocks.find((b) => b.kind === 'header')?.text
/** Every notice's text, in order. */
export const notices = (view: View) => view.blocks.flatMap((b) => (b.kind === 'notice' ? [b.text] : []))
/** Every text block, one a line. */
export const texts = (view: View) =>
  view.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])).join('\n')
/** The value of the field labelled `label`. */
export const field = (view: View, label: string) =>
  view.blocks.flatMap((b) => (b.kind === 'fields' ? b.fields : [])).find((f) => f.label === label)?.value
/** The actions' labels, in order. */
export const labels = (view: View) => view.actions.map((a) => a.label)
/** The id of the action labelled `label`; throws naming the labels and notices there are. */
export const button = (view: View, label: string) => {
  const a = view.actions.find((x) => x.label === label)
  if (!a) throw new Error(`no ${label} in [${labels(view).join(', ')}]: ${notices(view).join(' | ')}`)
  return a.id
}
