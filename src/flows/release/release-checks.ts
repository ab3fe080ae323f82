/**
 * The checks before a cut, as data the release preview shows: the line's
 * branch, a free tag, CI green on the commit (or on the branch's last few
 * commits) and a changelog section. A failed check blocks the cut
 * unless someone with the release role overrides it; the release flow asks
 * and audits that, this file only finds out.
 */
import type { ReleasePlan } from '../../core/plan-release.ts'
import type { ReleaseLine } from '../../core/release-line.ts'
import { escapeRegExp } from '../../core/version-files.ts'
import type { Forge } from '../../ports/forge.ts'
import type { CiStatus, FileReader, ReleaseHost } from '../../ports/release-host.ts'

export type ReleaseCheckId =
  | 'branch'
  | 'tag_free'
  | 'ci_head'
  | 'ci_recent'
  | 'changelog'
  | 'soak'
  | 'fragments'

export type ReleaseCheck = {
  id: ReleaseCheckId
  /** `skip`: not configured, or the forge cannot tell (the local git forge sees no CI). */
  status: 'pass' | 'fail' | 'skip'
  /** One line for the preview: what was checked and what was found. */
  text: string
}

export type CheckSettings = { ci: boolean; ciLastCommits: number; changelog: boolean }

export const DEFAULT_CHECKS: CheckSettings = { ci: true, ciLastCommits: 1, changelog: true }

export type CheckInput = {
  forge: Forge
  /** CI and file access; null for a forge without them. */
  host: ReleaseHost | null
  /** Where the changelog is read; default `host` (the local git forge reads files but sees no CI). */
  files?: FileReader | null | undefined
  line: ReleaseLine
  /** A plan with a version (`to` set), or the merged release PR's tag, version and merge commit. */
  plan: Pick<ReleasePlan, 'to'>
  /** Planned at the tip of the line's own branch (several lines at once): the branch check passes. */
  atBranchTip?: boolean | undefined
}

export async function checkRelease(input: CheckInput): Promise<ReleaseCheck[]> {
  const { forge, host, files, line, plan } = input
  if (!plan.to) throw new Error('checkRelease needs a plan with a version to release')
  const to = plan.to
  const settings = { ...DEFAULT_CHECKS, ...line.checks }
  const [branch, existing] = await Promise.all([
    input.atBranchTip ? line.branch : forge.currentBranch(),
    forge.resolveCommit(`refs/tags/${to.tag}`),
  ])
  const checks: ReleaseCheck[] = [
    branch === line.branch
      ? {
          id: 'branch',
          status: 'pass',
          text: input.atBranchTip
            ? `cutting at the tip of ${line.branch}, the line's branch`
            : `cutting from ${line.branch}, the line's branch`,
        }
      : {
          id: 'branch',
          status: 'fail',
          text: `line ${line.name} releases from ${line.branch}, not from ${branch ?? 'a detached HEAD'}`,
        },
    existing
      ? {
          id: 'tag_free',
          status: 'fail',
          text: `tag ${to.tag} already exists on ${existing.sha.slice(0, 12)}: Herald never moves a tag`,
        }
      : { id: 'tag_free', status: 'pass', text: `tag ${to.tag} is free` },
  ]

  if (!settings.ci) {
    checks.push({ id: 'ci_head', status: 'skip', text: 'CI not checked (checks.ci: false)' })
  } else if (!host) {
    checks.push({ id: 'ci_head', status: 'skip', text: 'CI not checked: the local git forge cannot see CI' })
  } else {
    checks.push(ciCheck('ci_head', await host.ciStatus(to.sha)))
    if (settings.ciLastCommits > 1) checks.push(await recentCheck(host, line.branch, settings.ciLastCommits))
  }

  checks.push(await changelogCheck(files ?? host, line, to, settings.changelog))
  return checks
}

/** The checks that stop the cut. */
export function failedChecks(checks: readonly ReleaseCheck[]): ReleaseCheck[] {
  return checks.filter((c) => c.status === 'fail')
}

/** A CI check from the forge's status of a commit. */
export function ciCheck(id: ReleaseCheckId, ci: CiStatus): ReleaseCheck {
  const at = ci.sha.slice(0, 12)
  switch (ci.state) {
    case 'success':
      return { id, status: 'pass', text: `CI green on ${at} (${ci.total} check${ci.total === 1 ? '' : 's'})` }
    case 'failure':
      return { id, status: 'fail', text: `CI failed on ${at}: ${list(ci.failing)}` }
    case 'pending':
      return {
        id,
        status: 'fail',
        text: `CI still running on ${at}: ${list(ci.pending)}; wait and preview again`,
      }
    default:
      return {
        id,
        status: 'fail',
        text: `no CI ran on ${at}: if the repository has no CI, set checks.ci: false for line`,
      }
  }
}

async function recentCheck(host: ReleaseHost, branch: string, count: number): Promise<ReleaseCheck> {
  const shas = await host.recentCommits(branch, count)
  const results = await Promise.all(shas.map((sha) => host.ciStatus(sha)))
  const bad = results.filter((r) => r.state !== 'success')
  if (shas.length < count && bad.length === 0)
    return { id: 'ci_recent', status: 'pass', text: `CI green on all ${shas.length} commits of ${branch}` }
  if (bad.length === 0)
    return { id: 'ci_recent', status: 'pass', text: `CI green on the last ${count} commits of ${branch}` }
  const which = bad.map((r) => `${r.sha.slice(0, 12)} (${r.state === 'none' ? 'no CI' : r.state})`)
  return {
    id: 'ci_recent',
    status: 'fail',
    text: `CI is not green on the last ${count} commits of ${branch}: ${which.join(', ')}`,
  }
}

async function changelogCheck(
  host: FileReader | null,
  line: ReleaseLine,
  to: { version: string; sha: string },
  wanted: boolean,
): Promise<ReleaseCheck> {
  const path = line.changelog
  if (!path || !wanted) return { id: 'changelog', status: 'skip', text: 'no changelog kept for this line' }
  if (line.mode === 'pr') return { id: 'changelog', status: 'skip', text: `the release PR writes ${path}` }
  if (!host) return { id: 'changelog', status: 'skip', text: `${path} not checked by the local git forge` }
  const text = await host.readFile(path, to.sha)
  if (text === null)
    return { id: 'changelog', status: 'fail', text: `${path} is missing at ${to.sha.slice(0, 12)}` }
  return hasVersionHeading(text, to.version)
    ? { id: 'changelog', status: 'pass', text: `${path} has a section for ${to.version}` }
    : {
        id: 'changelog',
        status: 'fail',
        text: `${path} has no section for ${to.version}: add one (or run herald changelog --write) and merge it first`,
      }
}

/** A markdown heading naming the version: `## 1.2.0`, `## [1.2.0](…) (2024-01-01)`, `# v1.2.0 — …`. */
export function hasVersionHeading(text: string, version: string): boolean {
  const v = escapeRegExp(version)
  return new RegExp(`^#{1,4}\\s.*?(?<![\\w.-])v?\\[?v?${v}(?![\\w.-]|\\.\\d)`, 'm').test(text)
}

function list(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ')
}
