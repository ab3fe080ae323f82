/**
 * The notes of a line's next (or `--at`) release and its CHANGELOG entry,
 * read through the forge. Used by `herald notes`, `herald
 * changelog`, and the release flows (the GitHub Release body and the release
 * PR print the same text).
 */
import { type ChangelogRelease, formatDate } from '../core/changelog.ts'
import { fragmentNotes } from '../core/fragments.ts'
import type { NotesOptions } from '../core/note-sections.ts'
import { resolveNotesOptions } from '../core/note-sections.ts'
import { renderSwarmNotes } from '../core/notes-swarm.ts'
import type { ReleasePlan } from '../core/plan-release.ts'
import type { ReleaseLine } from '../core/release-line.ts'
import {
  buildNotes,
  type NoteInput,
  type NotesContext,
  type NotesModel,
  renderNotesBody,
} from '../core/release-notes.ts'
import type { RepositoryNotes } from '../core/release-yml.ts'
import { ok, type Result } from '../core/result.ts'
import type { BuildOutput } from '../ports/build-output.ts'
import type { Clock } from '../ports/clock.ts'
import type { Forge } from '../ports/forge.ts'
import { type ReleaseFragments, releaseFragments } from './fragments.ts'
import { withRepositoryNotes } from './github-notes.ts'
import { lineChecksums, linePackageVersions } from './line-packages.ts'
import { linksFor, type PlanFailure, type PlanLineOptions, type PlanOutcome, planLine } from './plan-line.ts'

export type ReleaseTextOptions = PlanLineOptions & {
  template?: NotesOptions['template'] | undefined
  context?: Omit<NotesContext, 'links' | 'version' | 'tag' | 'compareUrl'> | undefined
  /**
   * What the forge knows of each change's pull request (labels, author
   * login, first-time contributor, body), by commit sha. The local git forge
   * knows none of it; the GitHub forge fills it in.
   */
  enrich?: ((commits: ReleasePlan['commits']) => Promise<NoteInput[]>) | undefined
  /**
   * The repository's own note categories at a commit (GitHub's
   * `.github/release.yml`); they apply to lines without a `notes` key.
   */
  repositoryNotes?: ((ref: string) => Promise<Result<RepositoryNotes | null, string>>) | undefined
  /** Where a line's `checksums.from` files are read (the checkout Herald runs in); absent: not read. */
  buildOutput?: BuildOutput | undefined
}

/** The note sources a forge that knows pull requests provides (`githubNoteSources`). */
export type NoteSources = Pick<ReleaseTextOptions, 'enrich' | 'repositoryNotes'>

export type ReleaseText = {
  ok: true
  plan: ReleasePlan
  line: ReleaseLine
  model: NotesModel
  options: NotesOptions
  context: NotesContext
  /** The notes, in the line's template. */
  markdown: string
  /** The release's date: the target commit's when planning `--at` a past ref, else the clock's today. */
  date: string
  /** The line's news fragments (`fragments`), which the notes come from; null: the commits'. */
  fragments: ReleaseFragments | null
}

/** Plan the line, then build its notes. A plan with nothing to release is returned as is (no `to`). */
export async function releaseTextForLine(
  forge: Forge,
  lines: readonly ReleaseLine[],
  options: ReleaseTextOptions,
  clock: Clock,
  repoWebUrl?: string | null,
): Promise<ReleaseText | PlanFailure> {
  const webUrl = repoWebUrl === undefined ? await forge.webUrl() : repoWebUrl
  // A calendar version takes the day from the same clock as the notes' date.
  const planned = await planLine(forge, lines, { clock, ...options }, webUrl)
  if (!planned.ok) return planned
  return releaseTextOfPlan(forge, planned, options, clock, webUrl)
}

/**
 * The notes of a plan already made (`herald plan` and `/release` plan once):
 * the repository's categories at the release's commit, each change's pull
 * request, then the line's template. A broken `.github/release.yml` is a
 * refusal that names the file: GitHub's own generator would not read it either.
 */
export async function releaseTextOfPlan(
  forge: Forge,
  planned: Extract<PlanOutcome, { ok: true }>,
  options: ReleaseTextOptions,
  clock: Clock,
  webUrl: string | null,
): Promise<ReleaseText | PlanFailure> {
  const { plan } = planned
  let { line } = planned
  if (options.repositoryNotes && plan.to) {
    const repository = await options.repositoryNotes(plan.to.sha)
    if (!repository.ok) return { ok: false, kind: 'refused', code: 'release_yml', message: repository.error }
    line = withRepositoryNotes([line], repository.value)[0]!
  }
  const notesOptions = resolveNotesOptions({
    ...line.notes,
    ...(options.template ? { template: options.template } : {}),
  })
  const shipped = await shippedContext(forge, line, plan, options)
  if (!shipped.ok) return { ok: false, kind: 'refused', code: 'line_packages', message: shipped.error }
  const fragments = await releaseFragments(forge, line, plan)
  const model = fragments
    ? fragmentNotes(fragments.notes, line.fragments!.types)
    : buildNotes(options.enrich ? await options.enrich(plan.commits) : plan.commits, notesOptions)
  const links = webUrl ? linksFor(webUrl) : undefined
  const compareUrl =
    webUrl && plan.from && plan.to ? `${webUrl}/compare/${plan.from.tag}...${plan.to.tag}` : undefined
  const context: NotesContext = {
    ...options.context,
    ...shipped.value,
    links,
    version: plan.to?.version,
    tag: plan.to?.tag,
    compareUrl,
  }
  // Fragment notes print as towncrier's sections: the swarm template's highlights need commits.
  const markdown =
    notesOptions.template === 'swarm' && !fragments
      ? renderSwarmNotes(model, notesOptions, context)
      : renderNotesBody(model, notesOptions, context)
  let when = clock.now()
  if (options.at !== undefined && plan.to) {
    const target = await forge.resolveCommit(plan.to.sha)
    if (target) when = new Date(target.time * 1000)
  }
  const date = formatDate(when)
  return { ok: true, plan, line, model, options: notesOptions, context, markdown, date, fragments }
}

/** The CHANGELOG release of a planned release (null when there is nothing to release). */
export function changelogRelease(text: ReleaseText, date = text.date): ChangelogRelease | null {
  const { plan } = text
  if (!plan.to) return null
  return {
    version: plan.to.version,
    tag: plan.to.tag,
    date,
    compareUrl: text.context.compareUrl ?? null,
    // A final release's section takes its pre-releases' sections in: its own entries are the fragments they did not list.
    model: text.fragments ? fragmentNotes(text.fragments.changelog, text.line.fragments!.types) : text.model,
    options: text.options,
    links: text.context.links,
    packages: text.context.packages,
  }
}

/**
 * What the line's config says the release ships: its packages' versions at
 * the released commit and its build's checksums. What the caller gives
 * (`--package`, `--checksums`) takes their place.
 */
async function shippedContext(
  forge: Forge,
  line: ReleaseLine,
  plan: ReleasePlan,
  options: ReleaseTextOptions,
): Promise<Result<Pick<NotesContext, 'packages' | 'assets'>, string>> {
  if (!plan.to) return ok({})
  const given = options.context ?? {}
  const packages = given.packages ? null : await linePackageVersions(forge, line, plan.to.sha)
  if (packages && !packages.ok) return packages
  // Without a build output (`herald changelog`), the checksums are not asked for.
  const checksums =
    given.assets || !options.buildOutput ? null : await lineChecksums(options.buildOutput, line, plan.to.sha)
  if (checksums && !checksums.ok) return checksums
  return ok({
    ...(packages?.value.length ? { packages: packages.value } : {}),
    ...(checksums ? { assets: checksums.value.assets } : {}),
  })
}
