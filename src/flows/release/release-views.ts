/** What a release preview and its outcome look like in chat, for every release kind. */
import { actionId, isTagListArg } from '../actions.ts'
import { who } from '../signoff/who.ts'
import { md, mdCode, type View, type ViewAction, type ViewBlock } from '../view.ts'
import { kindOf } from './kinds/index.ts'
import type { ReleaseCheck } from './release-checks.ts'
import type { KindView } from './release-kind.ts'
import {
  awaitsCi,
  failedOf,
  type ReleaseChangelog,
  type ReleaseNotice,
  type ReleaseRecord,
  type ReleaseState,
} from './release-record.ts'

const TITLES: Record<ReleaseState, string> = {
  planned: 'preview, waiting for confirmation',
  confirmed: 'confirmed',
  cutting: 'cutting…',
  cut: 'released',
  cut_failed: 'cut failed',
  cancelled: 'closed',
  expired: 'expired',
}

const MARK = { pass: '✅', fail: '❌', skip: '➖' } as const

export function describeChecks(checks: readonly ReleaseCheck[]): string {
  return checks.map((c) => `${c.id} (${c.text})`).join('; ')
}

export function renderRelease(record: ReleaseRecord, notices: ReleaseNotice[] = []): View {
  const view = kindOf(record).view
  const blocks: ViewBlock[] = notices.map((n) => ({ kind: 'notice', level: n.level, text: n.text }))
  const title = view.titles?.[record.state] ?? TITLES[record.state]
  blocks.push({ kind: 'header', text: `${view.header(record)}: ${title}` })
  blocks.push({
    kind: 'fields',
    fields: [
      ...view.fields(record),
      ...(record.next ? [{ label: 'Next development version', value: md(record.next) }] : []),
      { label: 'Requested by', value: md(who(record.requester)) },
      ...(record.confirmedBy ? [{ label: 'Confirmed by', value: md(who(record.confirmedBy)) }] : []),
    ],
  })
  if (record.state === 'planned') blocks.push(...previewBlocks(record, view))
  if (record.overridden?.length && record.state !== 'planned')
    blocks.push({
      kind: 'notice',
      level: 'warning',
      text: `Cut despite failed checks, overridden by ${record.confirmedBy ? md(who(record.confirmedBy)) : 'someone'}: ${md(describeChecks(record.overridden))}`,
    })
  if (record.state === 'cut') blocks.push({ kind: 'text', text: view.doneText(record) })
  if (record.state === 'cut_failed' && view.outcomeText)
    blocks.push({ kind: 'text', text: view.outcomeText(record) })
  if (record.state === 'cut_failed' && record.result?.error) {
    blocks.push({
      kind: 'notice',
      level: 'error',
      text: `${md(record.result.error.message)} (${record.result.error.code})`,
    })
  }
  return {
    private: record.state !== 'cut',
    blocks,
    actions: actionsFor(record, view),
    // CI finishing may change this preview without a click: the front-end remembers where it showed it.
    ...(awaitsCi(record) ? { updatable: { recordId: record.id } } : {}),
  }
}

/** Why this version, the checks, the notes, the changelog section, and what confirming does. */
function previewBlocks(record: ReleaseRecord, view: KindView): ViewBlock[] {
  const { plan } = record
  const blocks: ViewBlock[] = []
  if (plan.drivers.length)
    blocks.push({
      kind: 'text',
      text: `${plan.from === null ? `First release of line ${plan.line}: it starts at the line's initial version. Releasable commits` : `Why ${plan.bump}`}:\n${plan.drivers.map((d) => `• ${mdCode(d)}`).join('\n')}`,
    })
  if (record.checks?.length)
    blocks.push({
      kind: 'text',
      text: `Checks:\n${record.checks.map((c) => `${MARK[c.status]} ${c.id}: ${md(c.text)}`).join('\n')}`,
    })
  blocks.push({ kind: 'code', text: plan.notes || '(no notes)' })
  if (record.changelog) blocks.push(...changelogBlocks(record.changelog))
  blocks.push({ kind: 'text', text: `Pending until ${record.expiresAt}. ${view.confirmText(record)}` })
  const failed = failedOf(record)
  if (failed.length)
    blocks.push({
      kind: 'notice',
      level: 'error',
      text: `${failed.length === 1 ? 'A check failed' : `${failed.length} checks failed`} (${failed.map((c) => c.id).join(', ')}), so ${view.blocked} is blocked. Fix ${failed.length === 1 ? 'it' : 'them'} and run /release again, or someone allowed to cut releases can **Override and cut**; the override is written to the audit log with the checks it overrode.`,
    })
  return blocks
}

function changelogBlocks(c: ReleaseChangelog): ViewBlock[] {
  const takes = `takes in ${c.consolidated.join(', ')}; those sections are removed`
  const blocks: ViewBlock[] = []
  if (c.choice === 'grouped' && c.grouped) {
    blocks.push({
      kind: 'text',
      text: `${md(c.path)}, as it will be written (the section ${takes}): **grouped** into subsections as proposed by ${md(c.grouped.by)}, chosen by ${c.chosenBy ? md(who(c.chosenBy)) : 'someone'}. **Keep flat changelog** writes the flat section instead.`,
    })
    blocks.push({ kind: 'code', text: c.grouped.section })
    return blocks
  }
  blocks.push({
    kind: 'text',
    text: `${md(c.path)}, as it will be written (the section ${takes}): flat${c.chosenBy ? `, chosen by ${md(who(c.chosenBy))}` : ''}.`,
  })
  blocks.push({ kind: 'code', text: c.flat.section })
  if (c.grouped) {
    blocks.push({
      kind: 'text',
      text: `${md(c.grouped.by)} proposes grouping the entries into subsections (checked: every entry placed once, none invented, plain titles). A proposal: review it; **Use grouped changelog** writes it instead of the flat section.`,
    })
    blocks.push({ kind: 'code', text: c.grouped.section })
  }
  if (c.unavailable)
    blocks.push({
      kind: 'notice',
      level: 'warning',
      text: `grouping unavailable: ${md(c.unavailable)}. The flat section is used.${md(problemList(c.problems))}`,
    })
  return blocks
}

function problemList(problems: readonly string[]): string {
  if (!problems.length) return ''
  const more = problems.length > 5 ? `\n… and ${problems.length - 5} more` : ''
  return `\n${problems
    .slice(0, 5)
    .map((p) => `• ${p}`)
    .join('\n')}${more}`
}

function actionsFor(record: ReleaseRecord, view: KindView): ViewAction[] {
  const id = record.id
  const cancel: ViewAction = { id: actionId('release.cancel', { id }), label: 'Cancel', style: 'danger' }
  switch (record.state) {
    case 'planned': {
      const confirm: ViewAction = failedOf(record).length
        ? { id: actionId('release.override', { id }), label: 'Override and cut', style: 'danger' }
        : { id: actionId('release.cut', { id }), label: view.confirmLabel(record), style: 'primary' }
      return [confirm, ...changelogActions(record), cancel]
    }
    case 'cut_failed':
      return [{ id: actionId('release.retry', { id }), label: view.retryLabel, style: 'primary' }, cancel]
    case 'cut':
      if (!view.announces) return []
      if (view.announceTags) return announceActions(view.announceTags(record))
      return [
        { id: actionId('release.announce', { tag: record.plan.tag }), label: 'Announce', style: 'secondary' },
      ]
    default:
      return []
  }
}

/**
 * One **Announce <tag>** per line cut, and before them **Announce both** (all
 * N): one announcement naming every version, when the tags fit on a button.
 */
function announceActions(tags: string[]): ViewAction[] {
  const each = tags.map(
    (tag): ViewAction => ({
      id: actionId('release.announce', { tag }),
      label: `Announce ${tag}`,
      style: 'secondary',
    }),
  )
  const all = tags.join(',')
  if (tags.length < 2 || !isTagListArg(all)) return each
  const label = tags.length === 2 ? 'Announce both' : `Announce all ${tags.length}`
  return [{ id: actionId('release.announce', { tag: all }), label, style: 'secondary' }, ...each]
}

/** **Use grouped changelog** / **Keep flat changelog**, when a grouped proposal is offered. */
function changelogActions(record: ReleaseRecord): ViewAction[] {
  const c = record.changelog
  if (!c?.grouped) return []
  return [
    {
      id: actionId('release.changelog', { id: record.id, choice: 'grouped', hash: c.grouped.hash }),
      label: 'Use grouped changelog',
      style: 'secondary',
    },
    {
      id: actionId('release.changelog', { id: record.id, choice: 'flat', hash: c.flat.hash }),
      label: 'Keep flat changelog',
      style: 'secondary',
    },
  ]
}
