/**
 * LLM subsections for a final release's CHANGELOG section, as a checked
 * proposal: the flat consolidation stays the fallback whenever the grouper
 * is absent, fails, or proposes something that does not hold.
 */
import type { ChangelogPlan, ChangelogRelease } from '../core/changelog.ts'
import { applyGrouping, groupingRequest } from '../core/changelog-grouping.ts'
import type { ChangelogGrouper } from '../ports/changelog-grouper.ts'

export type GroupingOutcome = {
  plan: ChangelogPlan
  grouped: boolean
  /** What was wrong with the proposal, when one was rejected. */
  problems: string[]
  /** Why the flat section is kept (null when grouped). */
  reason: string | null
}

/**
 * Ask the grouper for subsections of a final release's section; keep the
 * flat consolidation when there is no grouper, nothing to group, it fails, or
 * its proposal does not hold (it must place every entry once). Pre-releases
 * stay flat.
 */
export async function groupFinalSection(
  plan: ChangelogPlan,
  release: ChangelogRelease,
  grouper: ChangelogGrouper | null,
): Promise<GroupingOutcome> {
  const flat = (reason: string, problems: string[] = []): GroupingOutcome => ({
    plan,
    grouped: false,
    problems,
    reason,
  })
  if (release.version.includes('-'))
    return flat(`${release.version} is a pre-release: its section stays flat`)
  if (!grouper) return flat('no grouper is configured')
  const categories = plan.consolidation.categories
  if (!categories.some((c) => c.items.length >= 2))
    return flat('nothing to group: no category has two or more entries')
  let proposal: Awaited<ReturnType<ChangelogGrouper['proposeGrouping']>>
  try {
    proposal = await grouper.proposeGrouping(groupingRequest(release.version, categories))
  } catch (error) {
    proposal = { ok: false, error: `the grouper failed: ${(error as Error).message}` }
  }
  if (!proposal.ok) return flat(`${grouper.name} gave no grouping: ${proposal.error}`)
  const applied = applyGrouping(categories, proposal.value, { everyEntry: true })
  if (!applied.ok)
    return flat(
      `${grouper.name}'s grouping was rejected (${plural(applied.error.length, 'problem')})`,
      applied.error,
    )
  return {
    plan: { ...plan, consolidation: { ...plan.consolidation, categories: applied.value } },
    grouped: true,
    problems: [],
    reason: null,
  }
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}
