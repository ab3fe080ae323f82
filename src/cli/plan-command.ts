import { type Command, InvalidArgumentError, Option } from 'commander'
import type { GitHubForge } from '../adapters/github/github-forge.ts'
import { buildForge, type ForgeChoice, loadSetup } from '../compose/build-adapters.ts'
import type { ReleasePlan } from '../core/plan-release.ts'
import { type Bump, type ReleaseLine, rulesOf } from '../core/release-line.ts'
import { strayTagsNote } from '../core/stray-tags.ts'
import { chooseLine, type PlanOutcome, planLine } from '../flows/plan-line.ts'
import { plannedNextVersion } from '../flows/release/next-version.ts'
import { systemClock } from '../ports/clock.ts'
import type { Forge } from '../ports/forge.ts'
import { dayOf } from './herald-today.ts'
import { EXIT, type Io } from './io.ts'
import { JsonRows, writeJson } from './json-out.ts'
import type { SetExit } from './register.ts'

export type PlanFlags = {
  repo?: string
  config?: string
  /** One line, or several (`--line a --line b`: each at the tip of its own branch, `plan-lines.ts`). */
  line?: string | string[]
  at?: string
  bump: 'auto' | Bump
  version?: string
  prerelease?: string
  force?: boolean
  json?: boolean
  /** The next development version to write instead of the advanced one (`nextVersion`). */
  next?: string
}

export async function runPlan(flags: PlanFlags, io: Io): Promise<number> {
  const setup = loadSetup({ env: io.env, cwd: io.cwd, repo: flags.repo, configPath: flags.config })
  const names = typeof flags.line === 'string' ? [flags.line] : (flags.line ?? [])
  if (names.length > 1) {
    const { runPlanLines } = await import('./plan-lines.ts')
    return runPlanLines(setup, flags, names, io)
  }
  flags = { ...flags, line: names[0] }
  // With GITHUB_TOKEN and `repo`, plan through the GitHub API: "HEAD" is the line's branch there.
  const chosen = chooseLine(setup.config.lines, names[0])
  const forge = await buildForge(setup, {
    branch: 'ok' in chosen ? undefined : chosen.branch,
    warn: (m) => io.err(`herald plan: ${m}\n`),
  })
  const today = dayOf(io.env.HERALD_TODAY)
  if (typeof today === 'string') {
    io.err(`herald plan: ${today}\n`)
    return EXIT.badInput
  }
  const progress =
    io.interactive && !flags.json ? (n: number) => io.err(`\rreading commits: ${n}…`) : undefined
  const [planned, tags] = await Promise.all([
    planLine(
      forge.forge,
      setup.config.lines,
      { ...flags, line: names[0], today, onProgress: progress },
      forge.repoWebUrl,
    ),
    // Through git the tag list is one cheap read; through GitHub it would repeat the planner's queries.
    forge.kind === 'git' ? forge.forge.tags() : [],
  ])
  const outcome = await withPublishedNotes(forge, planned, flags, io)
  if (progress) io.err('\r\u001b[K')
  if (!outcome.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: { code: outcome.code, message: outcome.message } })}\n`)
    io.err(`herald plan: ${outcome.message}\n`)
    return outcome.kind === 'input' ? EXIT.badInput : EXIT.no
  }
  const { plan, line } = outcome
  const next = plan.to ? plannedNextVersion(line, plan.to.version, flags.next) : null
  if (next && !next.ok) {
    if (flags.json) io.out(`${JSON.stringify({ error: { code: 'bad_next', message: next.error } })}\n`)
    io.err(`herald plan: ${next.error}\n`)
    return EXIT.badInput
  }
  const stray = strayTagsNote(setup.config.lines, tags)
  if (stray) io.err(`herald plan: note: ${stray}\n`)
  // A refusal is said once, on stderr; people get the plan only when it can be cut.
  const nextVersion = next?.value ?? null
  if (flags.json) writeJson({ ...toJson(plan, line), ...(line.nextVersion ? { nextVersion } : {}) }, io.out)
  else if (!plan.refusal) io.out(renderPlanText(plan, line, nextVersion))
  if (plan.refusal) {
    // With nothing to release, the rules that judged the commits are part of why.
    const rules = plan.to ? '' : ` (rules: ${rulesOf(line)})`
    io.err(`herald plan: ${plan.refusal.message}${rules}\n`)
    return plan.refusal.code === 'invalid-version' ? EXIT.badInput : EXIT.no
  }
  return EXIT.ok
}

/** The plan with the notes a cut would publish (a plan that releases nothing keeps its own). */
export async function withPublishedNotes(
  forge: ForgeChoice,
  outcome: PlanOutcome,
  flags: PlanFlags,
  io: Io,
): Promise<PlanOutcome> {
  if (!outcome.ok || !outcome.plan.to) return outcome
  // Through GitHub, the notes are the ones /release would publish: PR labels and .github/release.yml.
  if (forge.kind === 'github') return withLabelNotes(forge.forge, outcome, flags, io)
  // A line with news fragments: the notes are its fragments', as they are published.
  if (outcome.line.fragments) return withFragmentNotes(forge.forge, outcome, flags, forge.repoWebUrl)
  return outcome
}

async function withFragmentNotes(
  forge: Forge,
  planned: Extract<PlanOutcome, { ok: true }>,
  flags: PlanFlags,
  webUrl: string | null,
): Promise<PlanOutcome> {
  const { releaseTextOfPlan } = await import('../flows/line-notes.ts')
  const text = await releaseTextOfPlan(
    forge,
    planned,
    { ...flags, line: planned.line.name },
    systemClock,
    webUrl,
  )
  return text.ok ? { ...planned, plan: { ...planned.plan, notes: text.markdown } } : planned
}

async function withLabelNotes(
  github: GitHubForge,
  planned: Extract<PlanOutcome, { ok: true }>,
  flags: Pick<PlanFlags, 'bump' | 'prerelease'> & { version?: string | undefined },
  io: Io,
): Promise<PlanOutcome> {
  const [{ githubNoteSources }, { releaseTextOfPlan }] = await Promise.all([
    import('../flows/github-notes.ts'),
    import('../flows/line-notes.ts'),
  ])
  const text = await releaseTextOfPlan(
    github,
    planned,
    { ...flags, ...githubNoteSources(github) },
    systemClock,
    await github.webUrl(),
  )
  if (text.ok) return { ...planned, plan: { ...planned.plan, notes: text.markdown } }
  io.err(`herald plan: ${text.message}; the notes below are by commit type\n`)
  return planned
}

/** What the document says of each commit, in this order. */
const commitJson = (c: ReleasePlan['commits'][number]) => ({
  sha: c.sha,
  subject: c.subject,
  type: c.type,
  scope: c.scope,
  breaking: c.breaking,
  pr: c.pr,
})

/** The `--json` document (DESIGN.md's contract, plus `reason`, `rules`, `drivers`, `base`, `refusal`). */
export function toJson(
  plan: ReleasePlan,
  line: Pick<ReleaseLine, 'preset' | 'releasePlease' | 'scheme' | 'calver' | 'range'>,
) {
  return {
    line: plan.line,
    from: plan.from,
    to: plan.to,
    bump: plan.bump,
    reason: plan.reason,
    rules: rulesOf(line),
    // A line with a scheme or range says so; a SemVer line's document is unchanged.
    ...(line.scheme ? { scheme: line.scheme } : {}),
    ...(line.calver ? { calver: line.calver } : {}),
    ...(line.range ? { range: line.range } : {}),
    commits: new JsonRows(plan.commits, commitJson),
    drivers: plan.drivers,
    base: plan.base,
    notes: plan.notes,
    refusal: plan.refusal,
  }
}

export function renderPlanText(
  plan: ReleasePlan,
  line: Pick<ReleaseLine, 'preset' | 'releasePlease' | 'version' | 'scheme' | 'calver' | 'range'>,
  nextVersion: string | null = null,
): string {
  const out: string[] = []
  const from = plan.from ? plan.from.tag : '(no previous release)'
  if (!plan.to) return `Line ${plan.line}: nothing to release since ${from} (${rulesOf(line)}).\n`
  out.push(
    `Line ${plan.line}: ${from} -> ${plan.to.tag} (${plan.reason === 'initial' ? 'first release' : plan.bump})`,
  )
  out.push(`  commit   ${plan.to.sha.slice(0, 12)}`)
  out.push(`  rules    ${rulesOf(line)}`)
  if (line.scheme || line.range)
    out.push(
      `  versions ${[line.scheme ?? 'semver', line.calver, line.range && `in ${line.range}`].filter(Boolean).join(' ')}`,
    )
  out.push(`  why      ${why(plan, line)}`)
  const byDriver = new Set(plan.drivers)
  for (const c of plan.commits.filter((c) => byDriver.has(c.sha)).slice(0, 10)) {
    out.push(`             ${c.sha.slice(0, 7)} ${c.header}`)
  }
  if (plan.drivers.length > 10) out.push(`             … and ${plan.drivers.length - 10} more`)
  out.push(`  commits  ${plan.commits.length}${plan.from ? ` since ${plan.from.tag}` : ''}`)
  if (nextVersion) out.push(`  next development version: ${nextVersion}`)
  if (plan.notes) out.push('', plan.notes.trimEnd())
  return `${out.join('\n')}\n`
}

function why(plan: ReleasePlan, line: Pick<ReleaseLine, 'version'>): string {
  switch (plan.reason) {
    case 'explicit-version':
      return 'version given with --version'
    case 'version-file':
      return `the version in ${line.version?.file ?? "the line's version file"}`
    case 'forced-bump':
      return `${plan.bump} bump forced with --bump`
    case 'initial':
      return `the first release of line ${plan.line} starts at its initialVersion (${plan.drivers.length} releasable commit${plan.drivers.length === 1 ? '' : 's'}):`
    case 'release-as':
      return 'a Release-As footer sets the version'
    case 'fragments':
      return `no commit asks for a release; the news fragments ask for a ${plan.bump} release`
    default: {
      const n = plan.drivers.length
      return `${n} commit${n === 1 ? '' : 's'} ask${n === 1 ? 's' : ''} for a ${plan.bump} release:`
    }
  }
}

export function registerPlan(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('plan')
    .description('Show the release that would be cut for a line: version, commits, notes.')
    .option('--repo <dir>', 'repository to plan in', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option(
      '--line <name>',
      'release line (required when the config has several); repeat it to plan several lines, each at the tip of its own branch',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--at <ref>', 'plan as if HEAD were REF and the tags pointing at it did not exist')
    .addOption(
      new Option('--bump <level>', 'force the bump instead of deriving it from commits')
        .choices(['auto', 'patch', 'minor', 'major'])
        .default('auto'),
    )
    .option('--version <version>', 'release exactly this version (e.g. 2.0.0)')
    .option('--prerelease <id>', 'cut a prerelease with this identifier (rc -> 1.3.0-rc.1)', prereleaseId)
    .option('--next <version>', 'next development version after this .0 release (lines with nextVersion)')
    .option('--force', 'plan even when HEAD is not on the line’s branch')
    .option('--json', 'print one JSON document (several lines: one JSON document per line, JSON Lines)')
    .addHelpText(
      'after',
      `
Exit status: 0 with a plan, 1 when there is nothing to release or the tag
already exists, 2 on bad input.

Examples:
  herald plan                          the next release of the only line
  herald plan --line cli --json        machine-readable plan of line "cli"
  herald plan --prerelease rc          the next release candidate
  herald plan --at v1.4.0              what v1.4.0 should have been
  herald plan --line main --line lts --json
                                       both lines, one JSON line each`,
    )
    .action(async (flags) => setExit(await runPlan(flags, io)))
}

function prereleaseId(value: string): string {
  if (!/^[0-9A-Za-z-]+$/.test(value) || /^\d+$/.test(value))
    throw new InvalidArgumentError('use letters, digits or "-", like rc or beta')
  return value
}
