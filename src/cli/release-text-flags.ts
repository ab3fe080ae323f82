/** Options `herald notes` and `herald changelog` share, and reading them into a release's text. */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { buildForge, buildOutputOf, loadSetup } from '../compose/build-adapters.ts'
import { type PackageVersion, parseChecksums, parsePackageVersion } from '../core/release-assets.ts'
import { isPrereleaseId } from '../core/versions.ts'
import { type ReleaseText, releaseTextForLine } from '../flows/line-notes.ts'
import type { PlanFailure } from '../flows/plan-line.ts'
import { cliClock } from './herald-today.ts'
import { CliError, type Io } from './io.ts'

export type ReleaseTextFlags = {
  repo?: string
  config?: string
  line?: string
  at?: string
  version?: string
  prerelease?: string
  force?: boolean
  package?: PackageVersion[]
  checksums?: string
  json?: boolean
}

export function addReleaseTextOptions(command: Command): Command {
  return command
    .option('--repo <dir>', 'repository to read', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option('--line <name>', 'release line (required when the config has several)')
    .option(
      '--at <ref>',
      'the release at REF, as if the tags pointing at it did not exist (e.g. an existing tag)',
    )
    .option('--version <version>', 'release exactly this version (e.g. 2.0.0)')
    .option('--prerelease <id>', 'a prerelease with this identifier (rc -> 1.3.0-rc.1)', prereleaseArg)
    .option('--force', 'plan even when HEAD is not on the line’s branch')
    .option(
      '--package <name=version>',
      'a package this release ships and its version (repeat); named when they diverge',
      collectPackage,
    )
    .option('--checksums <file>', 'a checksums.txt (`<sha256>  <file>` lines) to list per asset')
    .option('--json', 'print one JSON document')
}

/** Load the config, plan the line and build its notes; bad input is a CliError (exit 2). */
export async function readReleaseText(
  flags: ReleaseTextFlags,
  io: Io,
  extra: {
    template?: 'default' | 'swarm' | undefined
    theme?: string
    knownIssues?: string[]
    /** Read the line's `checksums.from` files in the checkout (the notes list them; a changelog does not). */
    checksums?: boolean
  } = {},
): Promise<{ text: ReleaseText | PlanFailure; repoDir: string }> {
  const setup = loadSetup({ env: io.env, cwd: io.cwd, repo: flags.repo, configPath: flags.config })
  let assets: ReturnType<typeof parseChecksums> | undefined
  if (flags.checksums) {
    const path = resolve(io.cwd, flags.checksums)
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read --checksums ${path}: ${error.code ?? error.message}`)
    })
    assets = parseChecksums(text)
    if (!assets.ok) throw new CliError(`--checksums ${path}: ${assets.error}`)
  }
  // Notes and changelog files come from the checkout, even where releases go through GitHub.
  const { forge, repoWebUrl } = await buildForge(setup, { local: true })
  const text = await releaseTextForLine(
    forge,
    setup.config.lines,
    {
      line: flags.line,
      at: flags.at,
      version: flags.version,
      prerelease: flags.prerelease,
      force: flags.force,
      bump: 'auto',
      template: extra.template,
      buildOutput: extra.checksums ? buildOutputOf(setup) : undefined,
      context: {
        packages: flags.package,
        assets: assets?.ok ? assets.value : undefined,
        theme: extra.theme,
        knownIssues: extra.knownIssues,
      },
    },
    // HERALD_TODAY pins the day a calendar version is planned on, as for `herald plan`.
    cliClock(io.env),
    repoWebUrl,
  )
  return { text, repoDir: setup.repoDir }
}

function prereleaseArg(value: string): string {
  if (!isPrereleaseId(value)) throw new InvalidArgumentError('use letters, digits or "-", like rc or beta')
  return value
}

function collectPackage(value: string, previous: PackageVersion[] = []): PackageVersion[] {
  const parsed = parsePackageVersion(value)
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error)
  return [...previous, parsed.value]
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}
