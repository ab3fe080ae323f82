/**
 * `herald plan --line a --line b`: several lines at once, as `/release
 * line:a,b` previews them. Each line is planned at the tip of its own branch
 * (not at HEAD), so a maintenance line on another branch is planned where it
 * will be cut. `--json` prints JSON Lines: one plan object per line, in the
 * order asked, or `{"line", "error"}` for a line that cannot be planned.
 */
import type { Setup } from '../compose/build-adapters.ts'
import { buildForge } from '../compose/build-adapters.ts'
import { rulesOf } from '../core/release-line.ts'
import { chooseLine, type PlanOutcome, planLine } from '../flows/plan-line.ts'
import { plannedNextVersion } from '../flows/release/next-version.ts'
import { dayOf } from './herald-today.ts'
import { EXIT, type Io } from './io.ts'
import { writeJson } from './json-out.ts'
import { type PlanFlags, renderPlanText, toJson, withPublishedNotes } from './plan-command.ts'

/** Why these flags cannot plan several lines, or null. */
function flagProblem(flags: PlanFlags, names: readonly string[]): string | null {
  if (flags.at !== undefined) return '--at plans one line: name one --line'
  if (flags.version !== undefined)
    return "--version sets one line's version: plan several lines without it, or one line with it"
  if (flags.next !== undefined)
    return "--next sets one line's next development version: plan that line on its own with it"
  if (flags.force) return 'several lines are each planned at the tip of their own branch: leave out --force'
  if (new Set(names).size < names.length) return 'a line is named twice: name each line once'
  return null
}

export async function runPlanLines(setup: Setup, flags: PlanFlags, names: string[], io: Io): Promise<number> {
  const problem =
    flagProblem(flags, names) ??
    names.map((n) => chooseLine(setup.config.lines, n)).find((l) => 'ok' in l)?.message
  if (problem) {
    io.err(`herald plan: ${problem}\n`)
    return EXIT.badInput
  }
  const today = dayOf(io.env.HERALD_TODAY)
  if (typeof today === 'string') {
    io.err(`herald plan: ${today}\n`)
    return EXIT.badInput
  }
  const forge = await buildForge(setup, { warn: (m) => io.err(`herald plan: ${m}\n`) })
  let code: number = EXIT.ok
  // One line after the other: the output keeps the order asked, and GitHub is asked one thing at a time.
  for (const [i, name] of names.entries()) {
    const options = { bump: flags.bump, prerelease: flags.prerelease, line: name, branchTip: true, today }
    const planned = await planLine(forge.forge, setup.config.lines, options, forge.repoWebUrl)
    // The notes a cut would publish, as when the line is planned on its own.
    const outcome = await withPublishedNotes(forge, planned, options, io)
    // Text: a blank line between two lines' plans.
    const out = flags.json || i === 0 ? io : { ...io, out: spaced(io) }
    code = Math.max(code, print(outcome, name, flags.json === true, out))
  }
  return code
}

/** `io.out` that writes a blank line before the first text it is given. */
function spaced(io: Io): Io['out'] {
  let first = true
  return (text) => {
    io.out(first ? `\n${text}` : text)
    first = false
  }
}

/** One line's plan (or why not), as JSON Lines or text; its exit code. */
function print(outcome: PlanOutcome, name: string, json: boolean, io: Io): number {
  if (!outcome.ok) {
    if (json)
      io.out(`${JSON.stringify({ line: name, error: { code: outcome.code, message: outcome.message } })}\n`)
    io.err(`herald plan: line ${name}: ${outcome.message}\n`)
    return outcome.kind === 'input' ? EXIT.badInput : EXIT.no
  }
  const { plan, line } = outcome
  // As for one line: the next development version its `.0` release writes (never refused: no --next here).
  const moved = plan.to ? plannedNextVersion(line, plan.to.version, undefined) : null
  const nextVersion = moved?.ok ? moved.value : null
  if (json) writeJson({ ...toJson(plan, line), ...(line.nextVersion ? { nextVersion } : {}) }, io.out)
  else if (!plan.refusal) io.out(renderPlanText(plan, line, nextVersion))
  if (!plan.refusal) return EXIT.ok
  const rules = plan.to ? '' : ` (rules: ${rulesOf(line)})`
  io.err(`herald plan: line ${name}: ${plan.refusal.message}${rules}\n`)
  return plan.refusal.code === 'invalid-version' ? EXIT.badInput : EXIT.no
}
