/** Runs `herald …` in-process, capturing what it prints. */

import type { Io } from '../../src/cli/io.ts'
import { main } from '../../src/cli/main.ts'

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON contract loosely
export type CliRun = { code: number; stdout: string; stderr: string; json: () => any }

export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: Io = {
    out: (t) => {
      stdout += t
    },
    err: (t) => {
      stderr += t
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    interactive: false,
  }
  const code = await main(argv, io)
  return { code, stdout, stderr, json: () => JSON.parse(stdout) }
}
