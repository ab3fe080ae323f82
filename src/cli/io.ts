/** What a CLI command may touch of the outside world; tests pass their own. */
export type Io = {
  out: (text: string) => void
  err: (text: string) => void
  env: NodeJS.ProcessEnv
  cwd: string
  /** stderr is a terminal: show progress. */
  interactive: boolean
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY),
  }
}

/** Exit codes of the CLI contract (DESIGN.md). */
export const EXIT = { ok: 0, no: 1, badInput: 2 } as const

/** A failure the CLI reports as one line, with the exit code it maps to. */
export class CliError extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode: number = EXIT.badInput) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}
