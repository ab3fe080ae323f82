/** The words of channel-move previews: what moves where, why, the ticket, and what was written. */
import type { KindView } from '../release-kind.ts'
import type { ChannelMove, ReleaseRecord } from '../release-record.ts'
import { taggedText } from './tag-kind.ts'

const WORDS: Record<ChannelMove, { confirm: string; nothing: string; blocked: string; title: string }> = {
  canary: { confirm: 'Cut canary', nothing: 'cut', blocked: 'the canary cut', title: 'on canary' },
  promote: {
    confirm: 'Promote to stable',
    nothing: 'promoted',
    blocked: 'promoting',
    title: 'promoted to stable',
  },
  rollback: { confirm: 'Roll back', nothing: 'rolled back', blocked: 'rolling back', title: 'rolled back' },
}

function why(r: ReleaseRecord): { label: string; value: string }[] {
  const c = r.channel
  return [
    ...(c?.reason ? [{ label: 'Reason', value: c.reason }] : []),
    ...(c?.ticket ? [{ label: 'Ticket', value: c.ticket }] : []),
    { label: 'Index sequence', value: String(r.result?.sequence ?? c?.sequence ?? 0) },
  ]
}

export function moveView(name: ChannelMove): KindView {
  const words = WORDS[name]
  return {
    header: (r) => `${r.plan.tag} (line ${r.plan.line}, ${name})`,
    fields: (r) =>
      name === 'canary'
        ? [
            { label: 'From → to', value: `${r.plan.from ?? '(first release)'} → ${r.plan.tag}` },
            { label: 'Bump', value: r.plan.bump },
            { label: 'Commit', value: r.plan.sha.slice(0, 12) },
            { label: 'Channel', value: 'canary' },
            ...why(r),
          ]
        : [
            { label: 'Stable', value: `${r.channel?.stable ?? '(none)'} → ${r.plan.version}` },
            { label: 'Commit', value: r.plan.sha.slice(0, 12) },
            ...why(r),
          ],
    titles: { cut: words.title },
    confirmLabel: () => words.confirm,
    confirmText: (r) => confirmText(name, r),
    doneText: (r) => doneText(name, r),
    retryLabel: `Retry ${name}`,
    nothingDone: words.nothing,
    blocked: words.blocked,
    announces: name === 'promote',
  }
}

function confirmText(name: ChannelMove, r: ReleaseRecord): string {
  if (name === 'canary')
    return `**Cut canary** tags exactly commit \`${r.plan.sha.slice(0, 12)}\` as \`${r.plan.tag}\` and publishes it on the canary channel only; the soak period starts then.`
  if (name === 'promote')
    return `**Promote to stable** makes \`${r.plan.tag}\` the stable version: no new tag, the same commit.`
  return `**Roll back** makes \`${r.plan.tag}\` the stable version again; ${r.channel?.stable ?? 'the current version'} stays listed, marked as rolled back with the reason. Nothing is deleted or re-tagged.`
}

function doneText(name: ChannelMove, r: ReleaseRecord): string {
  const sequence = `the release index is at sequence ${r.result?.sequence ?? '?'}`
  if (name === 'canary') return `${taggedText(r)} On the canary channel; ${sequence}.`
  if (name === 'promote') return `\`${r.plan.tag}\` is stable; ${sequence}.`
  return `\`${r.plan.tag}\` is stable again and ${r.channel?.stable ?? 'the replaced version'} is marked rolled back; ${sequence}.`
}
