/**
 * What a release writes besides its version files and CHANGELOG: the next
 * development version (`nextVersion`) and, for a final release, the removal
 * of the fragment files it consumed (`fragments`). A `pr` line's release PR
 * carries both; a `tag` line writes them in a follow-up commit on its branch
 * after the cut (`nextVersion.commit`).
 */
import { parseFragmentName } from '../../core/fragments.ts'
import { nextDevelopmentVersion, writeNextVersion } from '../../core/next-dev-version.ts'
import type { ReleaseLine } from '../../core/release-line.ts'
import { err, ok, type Result } from '../../core/result.ts'
import { isPrereleaseOf } from '../../core/version-scheme/index.ts'
import type { Forge } from '../../ports/forge.ts'
import type { FileChange, FileReader } from '../../ports/release-host.ts'
import { folderOf, type ReleaseFragments } from '../fragments.ts'

/** Where a line's next development version is written: in the release PR, or a follow-up commit. */
export function nextVersionCommit(line: ReleaseLine): 'pr' | 'follow-up' {
  return line.nextVersion?.commit ?? (line.mode === 'pr' ? 'pr' : 'follow-up')
}

/** The next development version releasing `version` moves to (null: none), or why `next:` is refused. */
export function plannedNextVersion(
  line: ReleaseLine,
  version: string,
  override: string | undefined,
): Result<string | null, string> {
  if (!line.nextVersion)
    return override === undefined
      ? ok(null)
      : err(
          `line ${line.name} keeps no next development version: leave out next:, or add nextVersion to its config`,
        )
  return nextDevelopmentVersion(line, version, line.nextVersion.advance, override)
}

/** The placeholder file at `sha` with `next` written in. */
async function nextVersionChange(
  files: FileReader,
  line: ReleaseLine,
  sha: string,
  next: string,
): Promise<Result<FileChange, string>> {
  const read = await rewriteNextVersion(files, line, sha, next)
  return read.ok ? ok(read.value.change) : read
}

/** The placeholder file's text at `sha`, and its change with `next` written in. */
async function rewriteNextVersion(
  files: FileReader,
  line: ReleaseLine,
  sha: string,
  next: string,
): Promise<Result<{ text: string; change: FileChange }, string>> {
  const { file, pattern } = line.nextVersion!
  const text = await files.readFile(file, sha)
  if (text === null) return err(`${file} is not in the repository: fix nextVersion.file`)
  const written = writeNextVersion(text, pattern, next)
  if (!written.ok) return err(`${file}: ${written.error}: fix nextVersion.pattern`)
  return ok({ text, change: { path: file, content: written.value } })
}

/** A final release's fragment files, removed (a pre-release keeps them for its final). */
function consumedFragments(
  line: ReleaseLine,
  version: string,
  fragments: ReleaseFragments | null,
): FileChange[] {
  if (!fragments || isPrereleaseOf(line, version)) return []
  return fragments.files.map((path) => ({ path, content: null }))
}

/**
 * The extra changes of a release written at `sha`: the consumed fragments
 * and the next development version, when `mode` is where they go.
 */
export async function releaseExtras(
  files: FileReader,
  line: ReleaseLine,
  at: { sha: string; version: string },
  fragments: ReleaseFragments | null,
  next: string | null,
): Promise<Result<FileChange[], string>> {
  const changes = consumedFragments(line, at.version, fragments)
  if (next === null) return ok(changes)
  const written = await nextVersionChange(files, line, at.sha, next)
  return written.ok ? ok([...changes, written.value]) : written
}

/**
 * The next development version a `tag` line's preview shows and its cut
 * writes in a follow-up commit (null: none), or why the request is refused.
 */
export async function tagNextVersion(
  forge: Forge,
  line: ReleaseLine,
  to: { sha: string; version: string },
  override: string | undefined,
): Promise<Result<string | null, string>> {
  const next = plannedNextVersion(line, to.version, override)
  if (!next.ok || next.value === null) return next
  if (nextVersionCommit(line) !== 'follow-up')
    return err(
      `line ${line.name} cuts tags and opens no release PR: set nextVersion.commit to follow-up to have the next development version committed after the cut`,
    )
  if (!forge.readFile || !forge.commitToBranch)
    return err('this forge cannot commit the next development version')
  // Read now so a missing file or a pattern that finds nothing shows in the preview, not after the cut.
  const written = await nextVersionChange(forge as FileReader, line, to.sha, next.value)
  return written.ok ? next : written
}

/**
 * After a `tag` line's cut: one commit on top of the line's branch that
 * writes the next development version and removes the fragment files the
 * release consumed (those still there). Never forced: a push in between
 * makes it fail, and the outcome says so.
 */
export async function followUpCommit(
  forge: Forge,
  line: ReleaseLine,
  released: { sha: string; version: string },
  next: string,
): Promise<{ sha: string | null; error: string | null }> {
  try {
    const head = await forge.resolveCommit(line.branch)
    if (!head) return { sha: null, error: `branch ${line.branch} not found` }
    const removed = await releasedFragments(forge, line, released, head.sha)
    const written = await rewriteNextVersion(forge as FileReader, line, head.sha, next)
    if (!written.ok) return { sha: null, error: written.error }
    const { text, change } = written.value
    // Already there (a retry after a crash that made it, or written by hand): never a second commit.
    if (!removed.length && change.content === text) return { sha: head.sha, error: null }
    const message = `chore(${line.name}): release ${released.version}: next development version ${next}`
    const sha = await forge.commitToBranch!(line.branch, head.sha, message, [...removed, change])
    return { sha, error: null }
  } catch (error) {
    return { sha: null, error: (error as Error).message }
  }
}

/** The fragment files of a final release that are still on the branch, as removals. */
async function releasedFragments(
  forge: Forge,
  line: ReleaseLine,
  released: { sha: string; version: string },
  headSha: string,
): Promise<FileChange[]> {
  const config = line.fragments
  if (!config || !forge.listFiles || isPrereleaseOf(line, released.version)) return []
  const dir = folderOf(config)
  const [then, now] = await Promise.all([forge.listFiles(dir, released.sha), forge.listFiles(dir, headSha)])
  return then
    .filter((name) => now.includes(name) && parseFragmentName(name, config.types).ok)
    .map((name) => ({ path: `${dir}/${name}`, content: null }))
}
