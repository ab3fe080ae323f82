/**
 * `pr`: open or update the line's release PR, which bumps the version files
 * and writes the CHANGELOG section; merging it is the release (`publish`).
 * A final release that takes in pre-release sections pins the section shown:
 * flat, or grouped into subsections as the LLM grouper proposed and a person
 * chose. Opening a PR releases nothing, so the two-person rule waits for
 * the publish.
 */
import type { ReleaseLine } from '../../../core/release-line.ts'
import { fragmentChecks } from '../../fragments.ts'
import { groupFinalSection } from '../../group-changelog.ts'
import type { ReleaseText } from '../../line-notes.ts'
import { hashText } from '../../signoff/signoff-log.ts'
import { plannedNextVersion } from '../next-version.ts'
import { failedChecks } from '../release-checks.ts'
import {
  cutFailed,
  noGitHubAnyMore,
  type ReleaseDeps,
  type ReleaseKind,
  releasePrDeps,
} from '../release-kind.ts'
import {
  changelogSection,
  planReleasePrChangelog,
  type ReleasePrDeps,
  releasePrExtras,
  releasePrText,
  updateReleasePr,
} from '../release-pr.ts'
import { chosenSection, type ReleaseChangelog, type ReleaseRecord } from '../release-record.ts'
import { pinnedPlan, staleness } from './pinned.ts'

export const prKind: ReleaseKind = {
  name: 'pr',
  modes: ['pr'],
  releases: false,

  async prepare({ deps, line, request, prDeps, releasePr }) {
    if (!prDeps) return null
    const text = await releasePrText(prDeps, line, request)
    if (!text.ok) return { ok: false, level: 'error', message: text.message }
    const { plan } = text
    const pr = await releasePr()
    const open = pr?.state === 'open' ? { number: pr.number, url: pr.url } : null
    if (!plan.to || plan.refusal) {
      const why = plan.refusal?.message ?? `nothing to release on line ${line.name}`
      return {
        ok: false,
        level: 'info',
        message: open ? `${why}. The release PR #${open.number} is open: ${open.url}` : why,
      }
    }
    const changelog = await previewChangelog(deps, prDeps, line, text)
    if (!changelog.ok) return { ok: false, level: 'error', message: changelog.message }
    // The next development version and the fragment removals are read now: a broken pattern shows in the preview.
    const extras = await releasePrExtras(prDeps, line, text, request.next)
    if (!extras.ok) return { ok: false, level: 'error', message: extras.error }
    const next = plannedNextVersion(line, plan.to.version, request.next)
    return {
      ok: true,
      action: 'pr',
      plan: pinnedPlan(plan, text.markdown),
      checks: fragmentChecks(text.fragments),
      pr: open,
      changelog: changelog.value,
      next: next.ok ? next.value : null,
    }
  },

  async verify(deps, record, line) {
    const prDeps = releasePrDeps(deps)
    if (!prDeps) return { stale: 'this Herald has no GitHub access any more', failed: [] }
    const text = await releasePrText(prDeps, line, record.request)
    if (!text.ok) return { stale: text.message, failed: [] }
    const stale = staleness(record, text.plan, text.markdown)
    if (stale) return { stale, failed: [] }
    // An override of a failed fragments check is recorded as one.
    const failed = failedChecks(fragmentChecks(text.fragments))
    if (!record.changelog) return { stale: null, failed }
    const planned = await planReleasePrChangelog(prDeps, line, text, record.changelog.date)
    if (!planned.ok) return { stale: planned.message, failed: [] }
    if (!planned.value || hashText(changelogSection(planned.value)) !== record.changelog.flat.hash)
      return { stale: `the ${record.changelog.path} section changed since the preview`, failed: [] }
    return { stale: null, failed }
  },

  async execute(deps, record) {
    const prDeps = releasePrDeps(deps)
    if (!prDeps) return noGitHubAnyMore()
    const { plan } = record
    const outcome = await updateReleasePr(prDeps, plan.line, {
      request: record.request,
      pin: { sha: plan.sha, tag: plan.tag, notesHash: plan.notesHash, changelog: changelogPin(record) },
    })
    switch (outcome.kind) {
      case 'opened':
      case 'updated': {
        const pr = { number: outcome.pr.number, url: outcome.pr.url }
        return {
          state: 'cut',
          pr,
          result: { releaseUrl: null, tagCreated: false, pr: { ...pr, kind: outcome.kind }, error: null },
        }
      }
      case 'stale':
      case 'nothing':
        return cutFailed(
          'stale',
          `Nothing was written: ${outcome.message}. Run /release again for a fresh preview`,
        )
      default:
        return cutFailed(outcome.code, outcome.message)
    }
  },

  view: {
    header: (r) => `Release PR for ${r.plan.tag} (line ${r.plan.line})`,
    fields: (r) => [
      { label: 'From → to', value: `${r.plan.from ?? '(first release)'} → ${r.plan.tag}` },
      { label: 'Bump', value: r.plan.bump },
      { label: 'Commit', value: r.plan.sha.slice(0, 12) },
      { label: 'Commits', value: String(r.plan.commits) },
      { label: 'Release PR', value: r.pr ? prLink(r.pr) : 'none open yet' },
    ],
    titles: {
      cutting: 'writing the release PR…',
      cut: 'release PR ready for review',
      cut_failed: 'release PR failed',
    },
    confirmLabel: (r) => (r.pr ? 'Update release PR' : 'Open release PR'),
    confirmText(r) {
      const sha = r.plan.sha.slice(0, 12)
      const c = r.changelog
      const section = c ? ` The ${c.path} section written is the ${c.choice} one shown above.` : ''
      return r.pr
        ? `**Update release PR** rewrites ${prLink(r.pr)} for \`${r.plan.tag}\` on top of commit \`${sha}\`.${section}`
        : `**Open release PR** opens a PR that bumps the version files${r.plan.notes ? ' and the changelog' : ''} for \`${r.plan.tag}\` on top of commit \`${sha}\`; merging it is the release.${section}`
    },
    doneText(r) {
      const written = r.result?.pr
      if (!written) return `Release PR for \`${r.plan.tag}\` written.`
      return `Release PR ${prLink(written)} ${written.kind} for \`${r.plan.tag}\`. Review and merge it, then run \`/release line:${r.plan.line}\` to tag the merge commit and publish the release.`
    },
    retryLabel: 'Retry',
    nothingDone: 'written',
    blocked: 'cutting',
    announces: false,
  },
}

function prLink(pr: { number: number; url: string }): string {
  return `[#${pr.number}](${pr.url})`
}

/** The section a `pr` record pinned and its person chose (undefined: none pinned). */
function changelogPin(record: ReleaseRecord) {
  const c = record.changelog
  if (!c) return undefined
  const grouped = c.choice === 'grouped' ? c.grouped : null
  return { date: c.date, flatHash: c.flat.hash, categories: grouped?.categories, hash: chosenSection(c).hash }
}

/**
 * The CHANGELOG section of a final release that takes in pre-release sections,
 * for the preview to show and pin: the flat consolidation, and the grouper's
 * subsections when it has a proposal that holds (a person reviews it). Null
 * for any other release: the PR writes the planned section.
 */
async function previewChangelog(
  d: ReleaseDeps,
  prDeps: ReleasePrDeps,
  line: ReleaseLine,
  text: ReleaseText,
): Promise<{ ok: true; value: ReleaseChangelog | null } | { ok: false; message: string }> {
  const planned = await planReleasePrChangelog(prDeps, line, text)
  if (!planned.ok) return planned
  const p = planned.value
  if (!p || p.plan.prereleases.length === 0) return { ok: true, value: null }
  const flat = changelogSection(p)
  const changelog: ReleaseChangelog = {
    path: p.path,
    date: p.release.date,
    consolidated: p.plan.prereleases.map((s) => s.version),
    flat: { section: flat, hash: hashText(flat) },
    grouped: null,
    unavailable: null,
    problems: [],
    choice: 'flat',
    chosenBy: null,
  }
  if (!d.grouper) return { ok: true, value: changelog }
  const outcome = await groupFinalSection(p.plan, p.release, d.grouper)
  if (!outcome.grouped)
    return {
      ok: true,
      value: { ...changelog, unavailable: outcome.reason ?? 'no proposal', problems: outcome.problems },
    }
  const categories = outcome.plan.consolidation.categories
  const grouped = changelogSection(p, categories)
  return {
    ok: true,
    value: {
      ...changelog,
      grouped: { section: grouped, hash: hashText(grouped), categories, by: d.grouper.name },
    },
  }
}
