/**
 * A line's whole CHANGELOG rebuilt from its history: every release, oldest
 * version first, each prepended with its pre-releases consolidated into the
 * final. Reads the history once (one `git log`), then plans each release in
 * memory. Used by the round-trip test and the changelog benchmark; it is
 * also how a project without a changelog gets one.
 */
import { formatDate, updateChangelog } from '../core/changelog.ts'
import { findVersionSections } from '../core/changelog-document.ts'
import { matchesAnyGlob } from '../core/glob.ts'
import { resolveNotesOptions } from '../core/note-sections.ts'
import { type BaseSelection, planRelease, type RawCommit, type ReleasePlan } from '../core/plan-release.ts'
import { isPathScoped, type ReleaseLine } from '../core/release-line.ts'
import { buildNotes } from '../core/release-notes.ts'
import { lineVersionOfTag, schemeOf } from '../core/version-scheme/index.ts'
import type { LineTag } from '../core/versions.ts'
import type { Forge } from '../ports/forge.ts'
import { linksFor } from './plan-line.ts'

/** Sections kept in the text that is read again for each release (the rest is only appended). */
const WINDOW = 12

export type HistoryChangelog = {
  text: string
  releases: number
  prereleases: number
  /** Pre-release sections taken in by final releases. */
  consolidated: number
  /** Releases whose section could not be written, with why. */
  problems: { tag: string; message: string }[]
}

type Release = { name: string; sha: string; time?: number | undefined; version: string }

type HistoryOptions = {
  webUrl?: string | null | undefined
  /** Only these releases (by tag and index in version order); the others are skipped. */
  only?: ((tag: string, index: number) => boolean) | undefined
  /** The history, already read (`readHistory`), to share one read between lines. */
  commits?: RawCommit[] | undefined
}

export async function buildHistoryChangelog(
  forge: Forge,
  line: ReleaseLine,
  options: HistoryOptions = {},
): Promise<HistoryChangelog> {
  const releases = (await forge.tags())
    .map((t) => ({ ...t, version: lineVersionOfTag(line, t.name) }))
    .filter((t): t is typeof t & { version: string } => t.version !== null)
    .sort((a, b) => schemeOf(line).compare(a.version, b.version))
  const commits =
    options.commits ??
    (await readHistory(
      forge,
      isPathScoped(line),
      releases.map((r) => r.sha),
    ))
  const links = options.webUrl ? linksFor(options.webUrl) : undefined
  const notes = resolveNotesOptions(line.notes)
  const time = new Map(commits.map((c) => [c.sha, c.time]))
  const out: HistoryChangelog = { text: '', releases: 0, prereleases: 0, consolidated: 0, problems: [] }
  const doc = new ChangelogWindow()
  const planOf = planner(line, releases, commits, links)
  releases.forEach((release, index) => {
    if (options.only && !options.only(release.name, index)) return
    const plan = planOf(release)
    if (!plan.to) {
      out.problems.push({ tag: release.name, message: plan.refusal?.message ?? 'no release planned' })
      return
    }
    const compareUrl =
      options.webUrl && plan.from ? `${options.webUrl}/compare/${plan.from.tag}...${plan.to.tag}` : null
    const updated = updateChangelog(doc.recent, {
      version: plan.to.version,
      tag: plan.to.tag,
      date: formatDate(dateOf(time.get(release.sha))),
      compareUrl,
      model: buildNotes(plan.commits, notes),
      options: notes,
      links,
    })
    if (!updated.ok) {
      out.problems.push({ tag: release.name, message: updated.error.message })
      return
    }
    doc.update(updated.value.text, plan.to.version)
    out.releases++
    if (plan.to.version.includes('-')) out.prereleases++
    out.consolidated += updated.value.consolidated.length
  })
  out.text = doc.text()
  return out
}

/**
 * Plans each release as `herald plan --at TAG` would, in memory: what
 * `selectBase` computes per release is computed once (the line's tags,
 * highest version first), and reachability once per commit asked about.
 */
function planner(
  line: ReleaseLine,
  releases: readonly Release[],
  commits: readonly RawCommit[],
  links: ReturnType<typeof linksFor> | undefined,
): (release: Release) => ReleasePlan {
  const lineTags: LineTag[] = releases
    .filter((r) => !matchesAnyGlob(r.name, line.ignoreTags))
    .map((r) => ({
      tag: r.name,
      version: r.version,
      sha: r.sha,
      prerelease: schemeOf(line).isPrerelease(r.version),
      time: r.time,
    }))
    .reverse()
  const parents = new Map(commits.map((c) => [c.sha, c.parents]))
  const reached = new Map<string, Set<string>>()
  const reach = (sha: string) => {
    let set = reached.get(sha)
    if (!set) {
      set = reachableFrom(parents, sha)
      reached.set(sha, set)
    }
    return set
  }
  return (release) => {
    const mine = reach(release.sha)
    const reachable = lineTags.filter((t) => t.sha !== release.sha && mine.has(t.sha))
    const base: BaseSelection = {
      lineTags: lineTags.filter((t) => t.sha !== release.sha),
      reachable,
      stable: reachable.find((t) => !t.prerelease) ?? null,
    }
    const old = base.stable ? reach(base.stable.sha) : new Set<string>()
    return planRelease({
      line,
      base,
      target: { sha: release.sha },
      commits: commits.filter((c) => mine.has(c.sha) && !old.has(c.sha)),
      existingTags: new Set(),
      request: { bump: 'auto', version: release.version },
      links,
    })
  }
}

/**
 * The changelog being built: `recent` is read again for each release,
 * `older` only appended to. Releases come in version order, so the sections
 * a later final can take in are pre-releases of a version not lower than
 * this one: the sections below the last of those are final.
 */
class ChangelogWindow {
  recent = ''
  #older = ''

  update(text: string, version: string): void {
    this.recent = text
    const sections = findVersionSections(text)
    if (sections.length <= WINDOW * 2) return
    // The release numbers of any scheme (`1.2.0-rc.1`, `26.2.0rc2`, `2026.04.0`).
    const core = /^\d+(?:\.\d+)*/.exec(version)?.[0] ?? version
    let cut = sections.length
    while (cut > WINDOW) {
      const s = sections[cut - 1]!
      if (s.prerelease && compareCores(s.core, core) >= 0) break
      cut--
    }
    if (cut < sections.length) {
      const at = sections[cut]!.start
      this.#older = text.slice(at) + this.#older
      this.recent = text.slice(0, at)
    }
  }

  text(): string {
    return this.recent + this.#older
  }
}

/** Every commit reachable from HEAD and from `tips`, newest first: one read, plus one per tip off that history. */
export async function readHistory(
  forge: Forge,
  withFiles: boolean,
  tips: readonly string[],
): Promise<RawCommit[]> {
  const head = await forge.resolveCommit('HEAD')
  // A copy: a forge that keeps commits between reads answers with its own (frozen) list.
  const commits = head ? [...(await forge.range({ to: head.sha, since: null, withFiles }))] : []
  const seen = new Set(commits.map((c) => c.sha))
  for (const tip of new Set(tips)) {
    if (seen.has(tip)) continue
    const more = await forge.range({ to: tip, since: head?.sha ?? null, withFiles })
    for (const c of more) {
      if (seen.has(c.sha)) continue
      seen.add(c.sha)
      commits.push(c)
    }
  }
  return commits
}

/** `sha` and its ancestors within the history read. */
function reachableFrom(parents: ReadonlyMap<string, string[]>, sha: string): Set<string> {
  const seen = new Set<string>()
  const stack = [sha]
  while (stack.length) {
    const next = stack.pop()!
    if (seen.has(next)) continue
    const up = parents.get(next)
    if (!up) continue
    seen.add(next)
    for (const p of up) stack.push(p)
  }
  return seen
}

/** Release numbers compared number by number (`2026.04.0` and `26.2.0` are no SemVer `semver` would take). */
function compareCores(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** A release's date: its commit's author time, or today when the history does not say. */
function dateOf(time: number | undefined): Date {
  return time ? new Date(time * 1000) : new Date()
}
