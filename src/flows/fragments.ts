/**
 * A release's towncrier fragments, read through the forge at the release's
 * commit. Fragments are consumed once: a fragment file already present, with
 * the same content, at the release the notes count from (the previous
 * pre-release of the series, or the last stable release) was released then
 * and is not listed again. Content counts as well as the name because a tag
 * line removes its fragments in the follow-up commit after the tag: the
 * tagged commit still has `changes/123.fix.md`, and a later, different
 * `changes/123.fix.md` is a new fragment. The
 * final release's notes therefore hold every fragment since the last stable
 * release, while its CHANGELOG section takes the pre-releases' sections in
 * and adds only the fragments newer than the newest pre-release.
 */
import { type Fragment, fragmentBump, isIgnoredFile, parseFragmentName } from '../core/fragments.ts'
import type { ReleasePlan } from '../core/plan-release.ts'
import type { Bump, ReleaseLine } from '../core/release-line.ts'
import { lineVersionOfTag, schemeOf } from '../core/version-scheme/index.ts'
import type { Forge } from '../ports/forge.ts'
import type { ReleaseCheck } from './release/release-checks.ts'

export type ReleaseFragments = {
  /** The release's notes: the fragments at its commit that were not at `plan.from`. */
  notes: Fragment[]
  /** Its CHANGELOG section's own entries: a final release leaves out what its pre-releases listed. */
  changelog: Fragment[]
  /** Paths of every fragment file at the commit: what a final release PR removes. */
  files: string[]
  /** Files in the folder that are not fragments, each named with what is wrong. */
  problems: string[]
}

type Config = NonNullable<ReleaseLine['fragments']>

/** The fragments of a planned release (null: the line keeps none, or nothing is released). */
export async function releaseFragments(forge: Forge, line: ReleaseLine, plan: ReleasePlan) {
  const config = line.fragments
  if (!config || !plan.to) return null
  const [{ atTarget, fresh }, atPrerelease] = await Promise.all([
    unreleased(forge, config, plan.to.sha, plan.from?.sha),
    newestPrereleaseNames(forge, line, config, plan.to.version),
  ])
  const problems: string[] = []
  const parsed: Fragment[] = []
  for (const name of fresh) {
    const p = parseFragmentName(name, config.types)
    if (!p.ok) problems.push(`${folderOf(config)}/${name}: ${p.problem}`)
    else parsed.push({ name, issue: p.issue, type: p.type, text: '' })
  }
  const texts = await Promise.all(
    parsed.map((f) => readText(forge, `${folderOf(config)}/${f.name}`, plan.to!.sha)),
  )
  const notes = parsed.map((f, i) => ({ ...f, text: texts[i]! }))
  const result: ReleaseFragments = {
    notes,
    changelog: atPrerelease ? notes.filter((f) => !atPrerelease.includes(f.name)) : notes,
    files: atTarget
      .filter((n) => parseFragmentName(n, config.types).ok)
      .map((n) => `${folderOf(config)}/${n}`),
    problems,
  }
  return result
}

/**
 * The bump a line's fragments call for when its commits call for none:
 * breaking → major, feature → minor, any other fragment → patch.
 */
export async function fragmentsBump(
  forge: Forge,
  line: ReleaseLine,
  plan: ReleasePlan,
  target: string,
): Promise<Bump | null> {
  const config = line.fragments
  if (!config) return null
  const { fresh } = await unreleased(forge, config, target, plan.from?.sha)
  const types = fresh.flatMap((n) => {
    const p = parseFragmentName(n, config.types)
    return p.ok ? [{ type: p.type }] : []
  })
  return fragmentBump(types)
}

/**
 * Every fragment name at `target`, and those of them `from` has not, or has
 * with other content (a new fragment reusing a released name).
 */
async function unreleased(
  forge: Forge,
  config: Config,
  target: string,
  from: string | undefined,
): Promise<{ atTarget: string[]; fresh: string[] }> {
  const [atTarget, atFrom] = await Promise.all([
    fragmentNames(forge, config, target),
    from ? fragmentNames(forge, config, from) : ([] as string[]),
  ])
  const shared = atTarget.filter((n) => atFrom.includes(n))
  const changed = await Promise.all(
    shared.map(async (n) => {
      const path = `${folderOf(config)}/${n}`
      const [now, then] = await Promise.all([readText(forge, path, target), readText(forge, path, from!)])
      return now !== then
    }),
  )
  return { atTarget, fresh: atTarget.filter((n) => !atFrom.includes(n) || changed[shared.indexOf(n)]) }
}

async function fragmentNames(forge: Forge, config: Config, sha: string): Promise<string[]> {
  if (!forge.listFiles)
    throw new Error('this forge cannot list files: fragments need the git or GitHub forge')
  const names = await forge.listFiles(folderOf(config), sha)
  return names.filter((n) => !isIgnoredFile(n)).sort()
}

async function readText(forge: Forge, path: string, sha: string): Promise<string> {
  const text = forge.readFile ? await forge.readFile(path, sha) : null
  return (text ?? '').replace(/\r\n?/g, '\n').trim()
}

/** The fragment names at the newest pre-release of `version`, for a final release; null otherwise. */
async function newestPrereleaseNames(
  forge: Forge,
  line: ReleaseLine,
  config: Config,
  version: string,
): Promise<string[] | null> {
  // In the line's scheme and range (26.2.0rc2 of a PEP 440 line), never another same-prefix line's tag.
  const scheme = schemeOf(line)
  if (scheme.isPrerelease(version)) return null
  const pre = (await forge.tags())
    .flatMap((t) => {
      const v = lineVersionOfTag(line, t.name)
      return v && scheme.isPrerelease(v) && scheme.core(v) === version ? [{ v, sha: t.sha }] : []
    })
    .sort((a, b) => scheme.compare(b.v, a.v))[0]
  return pre ? fragmentNames(forge, config, pre.sha) : null
}

/** The folder as git names it: `./changes/` is `changes`. */
export function folderOf(config: Config): string {
  return config.dir.replace(/^(\.\/)+/, '').replace(/\/+$/, '')
}

/** The preview's `fragments` check: every file in the folder is a fragment (none for a line without fragments). */
export function fragmentChecks(fragments: ReleaseFragments | null): ReleaseCheck[] {
  if (!fragments) return []
  const { problems, notes } = fragments
  if (problems.length) return [{ id: 'fragments', status: 'fail', text: problems.join('; ') }]
  const n = notes.length
  return [
    { id: 'fragments', status: 'pass', text: `${n} news fragment${n === 1 ? '' : 's'} in this release` },
  ]
}
