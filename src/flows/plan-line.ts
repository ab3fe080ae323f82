/**
 * Planning a line's next release against a forge: read what the pure planner
 * needs (tags, reachability, the commits since the last stable release), then
 * let it decide. Used by `herald plan`, `/release` and the release PR.
 */
import {
  ancestorsWithin,
  type BaseSelection,
  type Counted,
  countCommits,
  guessStableBase,
  type PlanRequest,
  planRelease,
  type RawCommit,
  type ReleasePlan,
  selectBase,
  tallyCommits,
} from '../core/plan-release.ts'
import { isPathScoped, type ReleaseLine } from '../core/release-line.ts'
import type { NoteLinks } from '../core/release-notes.ts'
import { isPrereleaseId, type LineTag, type TagRef } from '../core/versions.ts'
import type { Forge } from '../ports/forge.ts'

export type PlanLineOptions = PlanRequest & {
  line?: string | undefined
  /** Plan as if HEAD were this ref and the tags pointing at it did not exist. */
  at?: string | undefined
  /** Plan even when HEAD is not on the line's branch. */
  force?: boolean | undefined
  onProgress?: ((commitsRead: number) => void) | undefined
}

export type PlanFailure = {
  ok: false
  /** `input`: the request is wrong (exit 2); `refused`: a valid request Herald declines (exit 1). */
  kind: 'input' | 'refused'
  code: string
  message: string
}

export type PlanOutcome = { ok: true; plan: ReleasePlan; line: ReleaseLine; target: string } | PlanFailure

export function chooseLine(
  lines: readonly ReleaseLine[],
  name: string | undefined,
): ReleaseLine | PlanFailure {
  const names = lines.map((l) => l.name).join(', ')
  if (name === undefined) {
    if (lines.length === 1) return lines[0]!
    return {
      ok: false,
      kind: 'input',
      code: 'line_required',
      message: `several release lines (${names}): choose one with --line NAME`,
    }
  }
  return (
    lines.find((l) => l.name === name) ?? {
      ok: false,
      kind: 'input',
      code: 'unknown_line',
      message: `no release line named "${name}": the lines are ${names}`,
    }
  )
}

export async function planLine(
  forge: Forge,
  lines: readonly ReleaseLine[],
  options: PlanLineOptions,
  repoWebUrl?: string | null,
): Promise<PlanOutcome> {
  const line = chooseLine(lines, options.line)
  if ('ok' in line) return line
  if (options.prerelease !== undefined && !isPrereleaseId(options.prerelease)) {
    return fail(
      'input',
      'bad_prerelease',
      `bad prerelease identifier "${options.prerelease}": use letters, digits or "-", like rc or beta`,
    )
  }

  const ref = options.at ?? 'HEAD'
  const [resolved, tags, webUrl] = await Promise.all([
    forge.resolveCommit(ref),
    forge.listTags(),
    repoWebUrl === undefined ? forge.webUrl() : Promise.resolve(repoWebUrl),
  ])
  if (!resolved)
    return fail('input', 'unknown_ref', `no commit named "${ref}": pass a branch, tag or sha that exists`)
  const target = resolved.sha

  if (options.at === undefined && !options.force) {
    const branch = await forge.currentBranch()
    if (branch !== line.branch) {
      const where = branch ? `on branch "${branch}"` : 'on a detached HEAD'
      return fail(
        'refused',
        'wrong_branch',
        `line "${line.name}" releases from "${line.branch}" but HEAD is ${where}: check out ${line.branch}, or pass --force to plan here anyway`,
      )
    }
  }

  const guess = guessStableBase(line, tags, resolved)
  const scoped = await readLineOnly(forge, line, tags, target, guess)
  const { base, commits, counted } =
    scoped ?? (await readRange(forge, line, tags, target, guess, options.onProgress))

  // `--at REF`: the tags pointing at REF do not exist; otherwise every tag does.
  const existingTags = new Set(
    tags.filter((t) => options.at === undefined || t.sha !== target).map((t) => t.name),
  )
  const plan = planRelease({
    line,
    base,
    target: { sha: target },
    commits,
    existingTags,
    counted,
    request: { bump: options.bump, version: options.version, prerelease: options.prerelease },
    links: webUrl ? linksFor(webUrl) : undefined,
  })
  return { ok: true, plan, line, target }
}

type Read = { commits: RawCommit[]; counted: Counted[] }

/**
 * A path-scoped line through the forge's `readLineCommits`, when it has one:
 * only the line's commits, not the whole range. Null when the forge cannot,
 * or when another of the line's tags lies in the range (then the planner
 * needs the range's ancestry: `readRange`).
 */
async function readLineOnly(
  forge: Forge,
  line: ReleaseLine,
  tags: readonly TagRef[],
  target: string,
  guess: LineTag | null,
): Promise<({ base: BaseSelection } & Read) | null> {
  if (!isPathScoped(line) || !forge.readLineCommits) return null
  const { lineTags } = selectBase({ line, tags, merged: new Set(), targetSha: target })
  // With a base, the forge reads the commits newer than it: older tags cannot be in the range.
  const candidates = lineTags.filter(
    (t) => t.sha !== guess?.sha && (!guess || t.time === undefined || t.time > guess.time!),
  )
  const read = await forge.readLineCommits({
    to: target,
    base: guess?.sha ?? null,
    paths: line.paths,
    excludePaths: line.excludePaths,
    tags: [...new Set(candidates.map((t) => t.sha))],
  })
  if (!read || read.tagsInRange.size > 0) return null
  const base = selectBase({ line, tags, merged: new Set(guess ? [guess.tag] : []), targetSha: target })
  return { base, commits: read.commits, counted: countCommits(read.commits, line) }
}

/** The whole range since the likely base, and the base it really is. */
async function readRange(
  forge: Forge,
  line: ReleaseLine,
  tags: readonly TagRef[],
  target: string,
  guess: LineTag | null,
  onProgress: ((n: number) => void) | undefined,
): Promise<{ base: BaseSelection } & Read> {
  const read = readSince(forge, line, target, onProgress)
  // Read from the likely base at once; whether it really is an ancestor of the
  // target falls out of the same read: it is exactly when a commit of the range
  // has it as a parent. (Asking git separately walks the whole history again.)
  let first = await read(guess?.sha ?? null)
  const guessReachable = guess === null || first.commits.some((c) => c.parents.includes(guess.sha))
  let base: BaseSelection
  if (guessReachable) {
    // Tags on commits in the range are reachable by definition.
    const inRange = new Set(first.commits.map((c) => c.sha))
    const merged = new Set(tags.filter((t) => inRange.has(t.sha)).map((t) => t.name))
    if (guess) merged.add(guess.tag)
    base = selectBase({ line, tags, merged, targetSha: target })
  } else {
    base = selectBase({ line, tags, merged: await forge.listTagsReachableFrom(target), targetSha: target })
  }
  if ((base.stable?.sha ?? null) !== (guess?.sha ?? null)) {
    // A newer stable release than guessed lies inside the range (clock skew): narrow in memory.
    const inRange = base.stable && guessReachable && first.commits.some((c) => c.sha === base.stable!.sha)
    first = inRange ? narrow(first, base.stable!.sha, line) : await read(base.stable?.sha ?? null)
  }
  return { base, ...first }
}

/** Reads the commits since a base, counting them for the line as they stream in. */
function readSince(forge: Forge, line: ReleaseLine, target: string, onProgress?: (n: number) => void) {
  return async (baseSha: string | null): Promise<Read> => {
    const tally = tallyCommits(line)
    let seen = 0
    let reported = 0
    const commits = await forge.readCommits(
      { to: target, exclude: baseSha ? [baseSha] : [], withFiles: isPathScoped(line) },
      (batch) => {
        tally.add(batch)
        seen += batch.length
        if (onProgress && seen - reported >= 5000) {
          reported = seen
          onProgress(seen)
        }
      },
    )
    return { commits, counted: tally.result() }
  }
}

function narrow(read: Read, baseSha: string, line: ReleaseLine): Read {
  const old = ancestorsWithin(read.commits, baseSha)
  const commits = read.commits.filter((c) => !old.has(c.sha))
  return { commits, counted: countCommits(commits, line) }
}

export function linksFor(webUrl: string): NoteLinks {
  return { commit: (sha) => `${webUrl}/commit/${sha}`, pr: (n) => `${webUrl}/pull/${n}` }
}

function fail(kind: PlanFailure['kind'], code: string, message: string): PlanFailure {
  return { ok: false, kind, code, message }
}
