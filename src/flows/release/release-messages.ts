/** What the release flow writes to the audit log and says in chat, beyond the views. */
import type { ReleaseCheck } from './release-checks.ts'
import { chosenSection, type ReleaseRecord } from './release-record.ts'
import { describeChecks } from './release-views.ts'

/** What the confirmation writes to the changelog, when the preview pinned a section. */
export function changelogDetail(record: ReleaseRecord): string {
  const c = record.changelog
  return c ? `; ${c.path}: ${c.choice} section, ${chosenSection(c).hash}` : ''
}

/** What a channel move's confirmation carries to the audit log: its reason and ticket. */
export function channelDetail(record: ReleaseRecord): string {
  const c = record.channel
  if (!c) return ''
  return `${c.reason ? `; reason: ${c.reason}` : ''}${c.ticket ? `; ticket: ${c.ticket}` : ''}`
}

export const ACTION_PREFIX: Partial<Record<string, string>> = {
  pr: 'release PR for ',
  canary: 'canary ',
  promote: 'promote ',
  rollback: 'rollback to ',
}

/** What the preview offers for the changelog section, for the audit log. */
export function groupingDetail(record: ReleaseRecord): string {
  const c = record.changelog
  if (!c) return ''
  if (c.grouped) return `; ${c.path}: grouping proposed by ${c.grouped.by}, ${c.grouped.hash}`
  return c.unavailable ? `; ${c.path}: grouping unavailable: ${c.unavailable}` : ''
}

export function blockedRefusal(failed: readonly ReleaseCheck[]): string {
  return `Nothing was cut: ${failed.length === 1 ? 'a check failed' : `${failed.length} checks failed`}: ${describeChecks(failed)}. Fix ${failed.length === 1 ? 'it' : 'them'} and run /release again, or someone allowed to cut releases can press **Override and cut** (written to the audit log).`
}

/**
 * The planner words its advice for the command line (`--bump`, `--line NAME`);
 * chat says the same with `/release`'s own arguments.
 */
export function inChatTerms(message: string): string {
  return message
    .replace(/pass --bump to force one/g, 'use /release bump:patch (or minor, major) to force one')
    .replace(/--(line|bump|version|prerelease)[ =]([^\s,;)]+)/g, '$1:$2')
}
