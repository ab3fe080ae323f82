/**
 * The changelog grouping hook: something that proposes
 * subsections for a final release's entries, typically the LLM with
 * `prompts/changelog-grouping.md`. Its answer is only a proposal:
 * `applyGrouping` checks it and the flow falls back to the flat section.
 */
import type { GroupingProposal, GroupingRequest } from '../core/changelog-grouping.ts'
import type { Result } from '../core/result.ts'

export interface ChangelogGrouper {
  /** Who proposes (the model's name), for the person reviewing. */
  readonly name: string
  /** A proposal, or why there is none (the model failed, timed out, answered junk). */
  proposeGrouping(request: GroupingRequest): Promise<Result<GroupingProposal, string>>
}
