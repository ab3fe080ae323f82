/** What every kind pins and re-reads: the plan as the record holds it, the checks, and staleness. */
import type { ReleasePlan } from '../../../core/plan-release.ts'
import type { Bump, ReleaseLine } from '../../../core/release-line.ts'
import { hashText } from '../../signoff/signoff-log.ts'
import { type CheckInput, checkRelease, failedChecks, type ReleaseCheck } from '../release-checks.ts'
import type { Freshness, ReleaseDeps } from '../release-kind.ts'
import type { ReleaseRecord } from '../release-record.ts'

export function pinnedPlan(plan: ReleasePlan, notes: string): ReleaseRecord['plan'] {
  const to = plan.to!
  return {
    line: plan.line,
    tag: to.tag,
    version: to.version,
    sha: to.sha,
    bump: plan.bump as Bump,
    from: plan.from?.tag ?? null,
    notes,
    notesHash: hashText(notes),
    commits: plan.commits.length,
    drivers: plan.commits
      .filter((c) => plan.drivers.includes(c.sha))
      .slice(0, 10)
      .map((c) => `${c.sha.slice(0, 7)} ${c.header}`),
  }
}

/** The checks; a forge that cannot answer (a missing token permission, an outage) is a failed check, not a lost preview. */
async function runChecks(input: CheckInput): Promise<ReleaseCheck[]> {
  try {
    return await checkRelease(input)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return [
      {
        id: 'ci_head',
        status: 'fail',
        text: `the checks could not be read (${why}): fix the token's access (docs/github.md, "Token") and preview again`,
      },
    ]
  }
}

/** The checks of the release `to` on `line`, with the forge and hosts the deps hold. */
export function checksOf(
  d: ReleaseDeps,
  line: ReleaseLine,
  to: { tag: string; version: string; sha: string },
  atBranchTip?: boolean,
): Promise<ReleaseCheck[]> {
  return runChecks({ forge: d.forge, host: d.host ?? null, files: d.files, line, plan: { to }, atBranchTip })
}

const checkKey = (c: ReleaseCheck) => `${c.id}\n${c.text}`

/**
 * The checks now, with `extra` ones the kind computed itself (the fragments
 * check): stale when one fails that the preview did not show failing.
 */
export async function checksStillHold(
  d: ReleaseDeps,
  record: Pick<ReleaseRecord, 'checks'>,
  line: ReleaseLine,
  to: { tag: string; version: string; sha: string },
  atBranchTip?: boolean,
  extra: readonly ReleaseCheck[] = [],
): Promise<Freshness> {
  const failed = failedChecks([...(await checksOf(d, line, to, atBranchTip)), ...extra])
  const seen = new Set(failedChecks(record.checks ?? []).map(checkKey))
  const unseen = failed.filter((c) => !seen.has(checkKey(c)))
  if (unseen.length)
    return {
      stale: `a check failed since the preview: ${unseen.map((c) => `${c.id} (${c.text})`).join('; ')}`,
      failed,
    }
  return { stale: null, failed }
}

/** Why a pinned plan no longer matches a fresh one, or null. */
export function staleness(
  record: Pick<ReleaseRecord, 'plan'>,
  fresh: ReleasePlan,
  notes: string,
): string | null {
  if (
    fresh.refusal?.code === 'tag-exists' ||
    (fresh.to && fresh.to.tag !== record.plan.tag && fresh.from?.tag === record.plan.tag)
  )
    return `the tag ${record.plan.tag} appeared since the preview`
  if (!fresh.to)
    return `there is nothing to release any more (${fresh.refusal?.message ?? 'no releasable commits'})`
  if (fresh.to.sha !== record.plan.sha)
    return `the branch moved since the preview (${record.plan.sha.slice(0, 7)} → ${fresh.to.sha.slice(0, 7)})`
  if (fresh.to.tag !== record.plan.tag)
    return `the version changed since the preview (${record.plan.tag} → ${fresh.to.tag})`
  if (hashText(notes) !== record.plan.notesHash) return 'the release notes changed since the preview'
  return null
}
