/**
 * The GitHub Actions runner's side of a step, as the runner sets it up:
 * inputs arrive as `INPUT_<NAME>` variables, outputs go to the file named by
 * `GITHUB_OUTPUT`, the job summary to the file named by
 * `GITHUB_STEP_SUMMARY`, and the triggering event's payload is the JSON file
 * at `GITHUB_EVENT_PATH`. Written here rather than taken from `@actions/core`:
 * these are four documented file formats, and the package would be Herald's
 * only dependency used by the Action alone.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, readFileSync } from 'node:fs'

export const ACTION_COMMANDS = ['release-pr', 'publish', 'plan', 'notes'] as const
export type ActionCommand = (typeof ACTION_COMMANDS)[number]

export type ActionInputs = {
  command: ActionCommand
  /** `line`: one release line; absent, every line the command concerns. */
  line: string | undefined
  /** `config`: the config file, relative to the workspace. */
  config: string | undefined
}

/** A bad input or runner setting: `code` is stable, the message says what to change in the workflow. */
export class ActionInputError extends Error {
  readonly code: 'action_input'
  constructor(message: string) {
    super(message)
    this.name = 'ActionInputError'
    this.code = 'action_input'
  }
}

/** `INPUT_<NAME>` as the runner names it: upper case, spaces as `_`; blank is absent. */
export function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim()
  return value ? value : undefined
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const command = input(env, 'command')
  if (!command || !(ACTION_COMMANDS as readonly string[]).includes(command))
    throw new ActionInputError(
      `input command: expected one of ${ACTION_COMMANDS.join(', ')} (got ${command ? JSON.stringify(command) : 'nothing'}): set \`with: command: release-pr\` (or publish, plan, notes)`,
    )
  const line = input(env, 'line')
  if (line !== undefined && !/^[\w./@-]{1,100}$/.test(line))
    throw new ActionInputError(
      `input line: not a line name (${JSON.stringify(line.slice(0, 100))}): give a name from herald.config.yaml`,
    )
  return { command: command as ActionCommand, line, config: input(env, 'config') }
}

/** The step's outputs, each `name=value` line, or a delimited block for a value with line breaks. */
export function formatOutputs(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!/[\r\n]/.test(value)) return `${name}=${value}\n`
      // A delimiter no value can contain, as the runner's own toolkit does.
      const delimiter = `herald_${randomUUID()}`
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`
    })
    .join('')
}

/** Where the step writes: the runner's files, each optional (a plain shell run prints instead). */
export type StepFiles = { output: string | undefined; summary: string | undefined }

export function stepFiles(env: NodeJS.ProcessEnv): StepFiles {
  return {
    output: env.GITHUB_OUTPUT?.trim() || undefined,
    summary: env.GITHUB_STEP_SUMMARY?.trim() || undefined,
  }
}

export function writeOutputs(files: StepFiles, outputs: Record<string, string>): void {
  if (files.output) appendFileSync(files.output, formatOutputs(outputs))
}

export function writeSummary(files: StepFiles, markdown: string): void {
  if (files.summary) appendFileSync(files.summary, `${markdown.trimEnd()}\n`)
}

/** The event that started the workflow: its name and payload (null without `GITHUB_EVENT_PATH`). */
export function readEvent(env: NodeJS.ProcessEnv): { name: string; payload: unknown } | null {
  const path = env.GITHUB_EVENT_PATH?.trim()
  const name = env.GITHUB_EVENT_NAME?.trim()
  if (!path || !name) return null
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ActionInputError(
      `GITHUB_EVENT_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}): run Herald as a step of a workflow, where the runner writes it`,
    )
  }
  try {
    return { name, payload: JSON.parse(text) }
  } catch {
    throw new ActionInputError(`GITHUB_EVENT_PATH: ${path} is not JSON: run Herald as a step of a workflow`)
  }
}
