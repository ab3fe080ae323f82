/** `herald lint`: an announcement checked against the voice rules and the release's facts. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { formatPath, loadConfig } from '../config/load-config.ts'
import { type AnnouncementFacts, factsSchema } from '../core/voice/facts.ts'
import type { Finding } from '../core/voice/finding.ts'
import { lintAnnouncement, renderFindings } from '../core/voice/lint-announcement.ts'
import { resolveVoice, type VoiceOptions } from '../core/voice/voice-options.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

type LintFlags = { facts?: string; json?: boolean; repo?: string; config?: string }

export async function runLint(file: string | undefined, flags: LintFlags, io: Io): Promise<number> {
  if (!flags.facts) throw new CliError('--facts FACTS.json is required (the release the text announces)')
  const facts = readFacts(resolve(io.cwd, flags.facts))
  const voice = voiceFromConfig(io, flags)
  const name = file === undefined || file === '-' ? '<stdin>' : file
  const text = readText(file, io)
  const report = lintAnnouncement(text, facts, voice)
  if (flags.json) io.out(`${JSON.stringify(report)}\n`)
  else io.out(renderReport(report.findings, name))
  return report.ok ? EXIT.ok : EXIT.no
}

export function renderReport(findings: readonly Finding[], name: string): string {
  if (findings.length === 0) return 'clean: no findings\n'
  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`
  return `${renderFindings(findings, name)}\n${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`
}

function readText(file: string | undefined, io: Io): string {
  const path = file === undefined || file === '-' ? 0 : resolve(io.cwd, file)
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new CliError(
      `cannot read ${path === 0 ? 'stdin' : path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    )
  }
}

/** The facts file, validated; every problem names the key and what is allowed. */
export function readFacts(path: string): AnnouncementFacts {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const why =
      error instanceof SyntaxError
        ? `not valid JSON (${error.message})`
        : ((error as NodeJS.ErrnoException).code ?? 'unreadable')
    throw new CliError(`facts file ${path}: ${why}`)
  }
  const parsed = factsSchema.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`)
    throw new CliError(
      `facts file ${path}: ${issues.join('; ')} (expected {product, line, kind, tag, version, previousVersion, bump, fixOnly, releaseUrl, action})`,
    )
  }
  return parsed.data
}

/** The project's voice rules when a config is found; the defaults otherwise. */
export function voiceFromConfig(io: Io, flags: { repo?: string; config?: string }): VoiceOptions {
  const loaded = loadConfig({
    explicitPath: flags.config && resolve(io.cwd, flags.config),
    repoDir: resolve(io.cwd, flags.repo ?? '.'),
    env: io.env,
  })
  if (!loaded.ok) throw new CliError(loaded.errors.join('\n'))
  return resolveVoice(loaded.config.voice)
}

export function registerLint(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('lint')
    .description('Check an announcement against the voice rules and the release it announces.')
    .argument('[file]', 'announcement text; "-" or nothing reads stdin')
    .option('--facts <file>', 'JSON facts of the release: {product, line, kind, tag, version, …}')
    .option('--repo <dir>', 'repository whose config supplies the voice rules', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option('--json', 'print {ok, findings} as one JSON document')
    .addHelpText(
      'after',
      `
Exit status: 0 when there is no error (warnings allowed), 1 with errors,
2 on bad input.

Examples:
  herald lint post.txt --facts facts.json
  pbpaste | herald lint - --facts facts.json --json`,
    )
    .action(async (file: string | undefined, flags: LintFlags) => setExit(await runLint(file, flags, io)))
}
