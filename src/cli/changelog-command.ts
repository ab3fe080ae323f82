/**
 * `herald changelog`: the CHANGELOG section of a line's next release; with
 * `--write`, the line's changelog file with it prepended (and its
 * pre-releases consolidated), replaced atomically. With `--group`, a final
 * release's entries are grouped into subsections by the LLM, as a proposal a
 * person reviews; the flat section is kept whenever that does not work out.
 */
import { relative } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { readTextIfExists, writeFileAtomic } from '../adapters/fs/atomic-write.ts'
import { resolveInsideRepo, UnsafePathError } from '../adapters/fs/repo-path.ts'
import { buildGrouper } from '../compose/build-adapters.ts'
import {
  type ChangelogPlan,
  type ChangelogRelease,
  type ChangelogUpdate,
  planChangelog,
  updateChangelog,
} from '../core/changelog.ts'
import { type GroupingOutcome, groupFinalSection } from '../flows/group-changelog.ts'
import { changelogRelease } from '../flows/line-notes.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'
import { addReleaseTextOptions, type ReleaseTextFlags, readReleaseText } from './release-text-flags.ts'

export type ChangelogFlags = ReleaseTextFlags & {
  write?: boolean
  date?: string
  file?: string
  group?: boolean
}

export async function runChangelog(flags: ChangelogFlags, io: Io): Promise<number> {
  const { text, repoDir } = await readReleaseText(flags, io)
  if (!text.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: { code: text.code, message: text.message } })}\n`)
    io.err(`herald changelog: ${text.message}\n`)
    return text.kind === 'input' ? EXIT.badInput : EXIT.no
  }
  for (const problem of text.fragments?.problems ?? []) io.err(`herald changelog: ${problem}\n`)
  const release = changelogRelease(text, flags.date)
  if (!release) {
    const { plan } = text
    const message = plan.refusal?.message ?? `nothing to release for line "${plan.line}"`
    if (flags.json) io.out(`${JSON.stringify({ error: { code: plan.refusal?.code, message } })}\n`)
    io.err(`herald changelog: ${message}\n`)
    return plan.refusal?.code === 'invalid-version' ? EXIT.badInput : EXIT.no
  }
  const path = await changelogPath(repoDir, flags.file ?? text.line.changelog ?? 'CHANGELOG.md')
  const current = (await readTextIfExists(path)) ?? ''
  const planned = planChangelog(current, release)
  if (!planned.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: planned.error })}\n`)
    io.err(`herald changelog: ${relative(io.cwd, path) || path}: ${planned.error.message}\n`)
    return EXIT.no
  }
  const grouping = flags.group ? await groupSection(planned.value, release, io) : null
  const updated = updateChangelog(current, release, grouping?.plan ?? planned.value)
  if (!updated.ok) throw new Error(`changelog update failed after planning: ${updated.error.message}`)
  const result = updated.value
  if (flags.write) await writeFileAtomic(path, result.text)
  printResult(
    { line: text.plan.line, release, result, grouping, shown: relative(io.cwd, path) || path },
    flags,
    io,
  )
  for (const d of result.duplicates)
    io.err(
      `herald changelog: ${d.key} was worded ${d.dropped.length + 1} ways; kept the latest: ${firstLine(d.kept)}\n`,
    )
  for (const line of result.dropped)
    io.err(`herald changelog: dropped text of a pre-release section: ${line}\n`)
  if (grouping) reportGrouping(grouping, Boolean(flags.write), io)
  if (text.plan.refusal) {
    io.err(`herald changelog: ${text.plan.refusal.message}\n`)
    return EXIT.no
  }
  return EXIT.ok
}

type Printed = {
  line: string
  release: ChangelogRelease
  result: ChangelogUpdate
  grouping: GroupingOutcome | null
  /** The changelog's path as the user reads it. */
  shown: string
}

/** The section (or what was written) on stdout, or the `--json` document. */
function printResult(
  { line, release, result, grouping, shown }: Printed,
  flags: ChangelogFlags,
  io: Io,
): void {
  if (flags.json) {
    io.out(
      `${JSON.stringify({
        line,
        version: release.version,
        path: shown,
        style: result.style,
        section: result.section,
        consolidated: result.consolidated,
        duplicates: result.duplicates,
        dropped: result.dropped,
        written: Boolean(flags.write),
        grouped: grouping?.grouped ?? false,
        problems: grouping?.problems ?? [],
        groupingNote: grouping?.reason ?? null,
      })}\n`,
    )
  } else if (flags.write) {
    const merged = result.consolidated.length ? `, consolidating ${result.consolidated.join(', ')}` : ''
    const grouped = grouping?.grouped ? ', grouped into subsections' : ''
    io.out(`wrote ${shown}: section for ${release.version}${merged}${grouped} (${result.style} style)\n`)
  } else io.out(result.section)
}

/** The LLM's grouping of a final release's section, or the flat section and why. */
async function groupSection(
  plan: ChangelogPlan,
  release: ChangelogRelease,
  io: Io,
): Promise<GroupingOutcome> {
  const grouper = await buildGrouper(io.env)
  if (!grouper)
    return {
      plan,
      grouped: false,
      problems: [],
      reason: 'no OPENAI_API_KEY: set it to have the LLM group the entries',
    }
  const outcome = await groupFinalSection(plan, release, grouper)
  const { calls, promptTokens, completionTokens } = grouper.usage
  if (calls === 0 || outcome.grouped) return outcome
  return {
    ...outcome,
    reason: `${outcome.reason} (${calls} call${calls === 1 ? '' : 's'}, ${promptTokens + completionTokens} tokens)`,
  }
}

function reportGrouping(grouping: GroupingOutcome, written: boolean, io: Io): void {
  if (!grouping.grouped) {
    io.err(`herald changelog: --group: kept the flat consolidated section: ${grouping.reason}\n`)
    for (const p of grouping.problems) io.err(`herald changelog:   - ${p}\n`)
    return
  }
  const groups = grouping.plan.consolidation.categories.reduce((n, c) => n + (c.groups?.length ?? 0), 0)
  io.err(
    `herald changelog: --group: the LLM proposed ${groups} subsections; checked: every entry placed once, ` +
      'none invented, groups of 2 or more entries (or marked standalone), titles and descriptions in plain ' +
      `words without links, mentions or markup, within length. A proposal: ${
        written ? 'review it with `git diff` before committing' : 'review it before writing it with --write'
      }.\n`,
  )
}

/** The changelog path: a plain file inside the repository, reached through no symlink. */
async function changelogPath(repoDir: string, file: string): Promise<string> {
  try {
    return await resolveInsideRepo(repoDir, file)
  } catch (error) {
    if (error instanceof UnsafePathError) throw new CliError(`changelog path ${error.message}`)
    throw error
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}

function dateArg(value: string): string {
  const d = new Date(`${value}T00:00:00Z`)
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== value
  )
    throw new InvalidArgumentError('expected a date like 2026-04-18')
  return value
}

export function registerChangelog(program: Command, io: Io, setExit: SetExit): void {
  addReleaseTextOptions(
    program
      .command('changelog')
      .description('Print the CHANGELOG section of a line’s next release, or --write it into the changelog.'),
  )
    .option('--write', 'prepend the section to the line’s changelog file (atomically)')
    .option(
      '--file <path>',
      'changelog file in the repository (default: the line’s changelog, else CHANGELOG.md)',
    )
    .option(
      '--date <yyyy-mm-dd>',
      'release date (default: today in UTC; with --at, the commit’s date)',
      dateArg,
    )
    .option(
      '--group',
      'have the LLM group a final release’s entries into subsections (needs OPENAI_API_KEY; a proposal to review)',
    )
    .addHelpText(
      'after',
      `
A final release takes in the sections of its pre-releases (rc, alpha, beta):
their entries join the new ones, once per pull request, and the pre-release
sections are removed. The rest of the file is kept byte for byte.

--group asks the model (OPENAI_API_KEY, OPENAI_BASE_URL, HERALD_MODEL) to
group each category's entries by initiative, checks the proposal (every entry
once, none invented, plain titles), and prints it for review. Without a key,
or when the model fails or its proposal does not hold, the flat section is
used and stderr says why; the command does not fail for that.

Exit status: 0 with a section, 1 when there is nothing to release or the
changelog already has that version, 2 on bad input.

Examples:
  herald changelog                       print the next release's section
  herald changelog --line cli --write    prepend it to the cli line's changelog
  herald changelog --at v2.0.0 --json    the section v2.0.0 gets, as JSON
  herald changelog --group               the final release's section, grouped`,
    )
    .action(async (flags: ChangelogFlags) => setExit(await runChangelog(flags, io)))
}
