/**
 * One run of the Action's step: the inputs read, the command carried out,
 * its outputs and job summary written where the runner reads them, and
 * anything that went wrong said as one `::error::` annotation. Exit 0 when
 * the command did its work (or found nothing to do), 2 on a bad input or a
 * line that could not be written.
 */
import { parseGitHubEvent } from '../chat/github/github-payloads.ts'
import { buildActionSetup } from '../compose/build-action.ts'
import type { ActionDeps, ActionResult, ParsedEvent } from './action-commands.ts'
import { planOrNotes, publish, releasePrs } from './action-commands.ts'
import { readEvent, readInputs, stepFiles, writeOutputs, writeSummary } from './action-io.ts'

export type ActionIo = { env: NodeJS.ProcessEnv; cwd: string; out: (text: string) => void }

export async function runAction(io: ActionIo): Promise<number> {
  try {
    const inputs = readInputs(io.env)
    const built = buildActionSetup({ env: io.env, cwd: io.cwd, configPath: inputs.config })
    const deps: ActionDeps = {
      lines: built.setup.config.lines,
      depsFor: built.depsFor,
      publishedPosters: built.publishedPosters,
      event: readEvent(io.env),
      parseEvent,
    }
    const run = { plan: planOrNotes, notes: planOrNotes, 'release-pr': releasePrs, publish }[inputs.command]
    const result: ActionResult = await run(deps, inputs)
    const files = stepFiles(io.env)
    writeOutputs(files, result.outputs)
    writeSummary(files, result.summary)
    for (const said of result.log.map(oneLine))
      io.out(`${said.startsWith('warning: ') ? `::warning::${said.slice(9)}` : `herald: ${said}`}\n`)
    if (!files.output) io.out(`${JSON.stringify(result.outputs)}\n`)
    if (result.failed) io.out('::error::herald: a release PR could not be written: see the lines above\n')
    return result.failed ? 2 : 0
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.out(`::error::herald: ${oneLine(message)}\n`)
    return 2
  }
}

/**
 * One log line: text from the repository (a version file, a changelog) can
 * never start a line of its own, where the runner would read `::command::`.
 */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '; ')
}

function parseEvent(name: string, payload: unknown): ParsedEvent {
  const parsed = parseGitHubEvent(name, payload)
  if (parsed.kind === 'merged') return { kind: 'merged', event: parsed.event }
  if (parsed.kind === 'invalid') return parsed
  return { kind: 'other' }
}
