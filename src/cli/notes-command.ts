/** `herald notes`: the release notes of a line's next release (or of an existing tag with `--at`). */
import { type Command, Option } from 'commander'
import type { ReleaseText } from '../flows/line-notes.ts'
import { EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'
import {
  addReleaseTextOptions,
  collect,
  type ReleaseTextFlags,
  readReleaseText,
} from './release-text-flags.ts'

export type NotesFlags = ReleaseTextFlags & {
  template?: 'default' | 'swarm'
  theme?: string
  knownIssue?: string[]
}

export async function runNotes(flags: NotesFlags, io: Io): Promise<number> {
  const { text } = await readReleaseText(flags, io, {
    template: flags.template,
    checksums: true,
    ...(flags.theme ? { theme: flags.theme } : {}),
    ...(flags.knownIssue ? { knownIssues: flags.knownIssue } : {}),
  })
  if (!text.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: { code: text.code, message: text.message } })}\n`)
    io.err(`herald notes: ${text.message}\n`)
    return text.kind === 'input' ? EXIT.badInput : EXIT.no
  }
  const { plan } = text
  if (!plan.to) {
    const message = plan.refusal?.message ?? `nothing to release for line "${plan.line}"`
    if (flags.json) io.out(`${JSON.stringify({ error: { code: plan.refusal?.code, message } })}\n`)
    io.err(`herald notes: ${message}\n`)
    return plan.refusal?.code === 'invalid-version' ? EXIT.badInput : EXIT.no
  }
  for (const problem of text.fragments?.problems ?? []) io.err(`herald notes: ${problem}\n`)
  if (flags.json) io.out(`${JSON.stringify(notesJson(text))}\n`)
  else io.out(text.markdown || '_No user-facing changes._\n')
  if (plan.refusal) {
    io.err(`herald notes: ${plan.refusal.message}\n`)
    return EXIT.no
  }
  return EXIT.ok
}

/** The `--json` document: the markdown and the model it was printed from. */
export function notesJson(text: ReleaseText) {
  const { plan } = text
  return {
    line: plan.line,
    from: plan.from,
    to: plan.to,
    template: text.options.template,
    compareUrl: text.context.compareUrl ?? null,
    markdown: text.markdown,
    sections: text.model.sections.map((s) => ({
      id: s.id,
      title: s.title,
      entries: s.entries.map((e) => ({
        sha: e.sha,
        pr: e.pr,
        type: e.type,
        scope: e.scope,
        subject: e.subject,
        breaking: e.breaking,
        migration: e.migration,
        author: e.authorLogin ?? e.author,
        ...(e.fragment ? { fragment: e.fragment.name } : {}),
      })),
    })),
    excluded: text.model.excluded,
    ...(text.fragments ? { fragmentProblems: text.fragments.problems } : {}),
  }
}

export function registerNotes(program: Command, io: Io, setExit: SetExit): void {
  addReleaseTextOptions(
    program
      .command('notes')
      .description('Print the release notes of a line’s next release (or of REF with --at).'),
  )
    .addOption(
      new Option('--template <name>', 'notes template (default: the line’s notes.template)').choices([
        'default',
        'swarm',
      ]),
    )
    .option('--theme <text>', 'swarm template: the theme after the version in the title')
    .option('--known-issue <text>', 'swarm template: a known issue (repeat)', collect)
    .addHelpText(
      'after',
      `
Exit status: 0 with notes, 1 when there is nothing to release, 2 on bad input.

Examples:
  herald notes                              notes of the next release of the only line
  herald notes --line cli --at cli-v0.3.0   notes of an existing release
  herald notes --template swarm --theme "Streams" --known-issue "Windows builds are slow"
  herald notes --package core=0.1.1 --package proxy=0.2.0 --checksums dist/checksums.txt`,
    )
    .action(async (flags: NotesFlags) => setExit(await runNotes(flags, io)))
}
