/**
 * `herald changelog`: the CHANGELOG section of a line's next release; with
 * `--write`, the line's changelog file with it prepended (and its
 * pre-releases consolidated), replaced atomically.
 */
import { isAbsolute, relative, resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { readTextIfExists, writeFileAtomic } from '../adapters/fs/atomic-write.ts'
import { planChangelog, updateChangelog } from '../core/changelog.ts'
import { changelogRelease } from '../flows/release-text.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'
import { addReleaseTextOptions, type ReleaseTextFlags, readReleaseText } from './release-text-flags.ts'

export type ChangelogFlags = ReleaseTextFlags & { write?: boolean; date?: string; file?: string }

export async function runChangelog(flags: ChangelogFlags, io: Io): Promise<number> {
  const { text, repoDir } = await readReleaseText(flags, io)
  if (!text.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: { code: text.code, message: text.message } })}\n`)
    io.err(`herald changelog: ${text.message}\n`)
    return text.kind === 'input' ? EXIT.badInput : EXIT.no
  }
  const release = changelogRelease(text, flags.date)
  if (!release) {
    const { plan } = text
    const message = plan.refusal?.message ?? `nothing to release for line "${plan.line}"`
    if (flags.json) io.out(`${JSON.stringify({ error: { code: plan.refusal?.code, message } })}\n`)
    io.err(`herald changelog: ${message}\n`)
    return plan.refusal?.code === 'invalid-version' ? EXIT.badInput : EXIT.no
  }
  const path = changelogPath(repoDir, flags.file ?? text.line.changelog ?? 'CHANGELOG.md')
  const current = (await readTextIfExists(path)) ?? ''
  const planned = planChangelog(current, release)
  if (!planned.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: planned.error })}\n`)
    io.err(`herald changelog: ${relative(io.cwd, path) || path}: ${planned.error.message}\n`)
    return EXIT.no
  }
  const updated = updateChangelog(current, release, planned.value)
  if (!updated.ok) throw new Error(`changelog update failed after planning: ${updated.error.message}`)
  const result = updated.value
  if (flags.write) await writeFileAtomic(path, result.text)
  const shown = relative(io.cwd, path) || path
  if (flags.json) {
    io.out(
      `${JSON.stringify({
        line: text.plan.line,
        version: release.version,
        path: shown,
        style: result.style,
        section: result.section,
        consolidated: result.consolidated,
        duplicates: result.duplicates,
        dropped: result.dropped,
        written: Boolean(flags.write),
      })}\n`,
    )
  } else if (flags.write) {
    const merged = result.consolidated.length ? `, consolidating ${result.consolidated.join(', ')}` : ''
    io.out(`wrote ${shown}: section for ${release.version}${merged} (${result.style} style)\n`)
  } else io.out(result.section)
  for (const d of result.duplicates)
    io.err(
      `herald changelog: ${d.key} was worded ${d.dropped.length + 1} ways; kept the latest: ${firstLine(d.kept)}\n`,
    )
  for (const line of result.dropped)
    io.err(`herald changelog: dropped text of a pre-release section: ${line}\n`)
  if (text.plan.refusal) {
    io.err(`herald changelog: ${text.plan.refusal.message}\n`)
    return EXIT.no
  }
  return EXIT.ok
}

/** The changelog path, which must stay inside the repository. */
function changelogPath(repoDir: string, file: string): string {
  const path = resolve(repoDir, file)
  const rel = relative(repoDir, path)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new CliError(`changelog path ${file} is outside the repository ${repoDir}: use a path inside it`)
  return path
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
    .addHelpText(
      'after',
      `
A final release takes in the sections of its pre-releases (rc, alpha, beta):
their entries join the new ones, once per pull request, and the pre-release
sections are removed. The rest of the file is kept byte for byte.

Exit status: 0 with a section, 1 when there is nothing to release or the
changelog already has that version, 2 on bad input.

Examples:
  herald changelog                       print the next release's section
  herald changelog --line cli --write    prepend it to the cli line's changelog
  herald changelog --at v2.0.0 --json    the section v2.0.0 gets, as JSON`,
    )
    .action(async (flags: ChangelogFlags) => setExit(await runChangelog(flags, io)))
}
