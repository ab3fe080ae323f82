import type { Readable } from 'node:stream'

/** What a CLI command may touch of the outside world; tests pass their own. */
export type Io = {
  /** Standard input (the console chat reads it); tests pass a stream. */
  input?: Readable | undefined
  /** Resolves when the process is asked to stop (SIGTERM, SIGINT); only long-running commands listen. */
  stopSignal?: (() => Promise<string>) | undefined
  /**
   * Ends the process now with `code`, even though abandoned work still holds it
   * open (`herald serve` after its grace period); tests leave it out.
   */
  exitNow?: ((code: number) => void) | undefined
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
    input: process.stdin,
    stopSignal: () =>
      new Promise((resolve) => {
        for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(signal))
      }),
    exitNow: (code) => process.exit(code),
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
