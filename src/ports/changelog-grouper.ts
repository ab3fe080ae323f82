/**
 * The changelog grouping hook (issue #7): something that proposes
 * subsections for a final release's entries, typically the LLM drafter with
 * `prompts/changelog-grouping.md`. Its answer is only a proposal:
 * `applyGrouping` checks it and the flow falls back to the flat section.
 */
import type { GroupingProposal, GroupingRequest } from '../core/changelog-grouping.ts'

export interface ChangelogGrouper {
  proposeGrouping(request: GroupingRequest): Promise<GroupingProposal>
}
