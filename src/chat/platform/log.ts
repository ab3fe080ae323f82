/**
 * What the chat transports log through. Structured fields, never secrets:
 * callers pass ids and outcomes, not tokens, signatures or request bodies.
 */
export type ChatLog = {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export const silentLog: ChatLog = { info() {}, warn() {}, error() {} }

/** One JSON line per entry on stderr. */
export function createConsoleLog(write: (line: string) => void = (l) => process.stderr.write(l)): ChatLog {
  const entry = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`)
  return { info: entry('info'), warn: entry('warn'), error: entry('error') }
}

/** An error as a log field: its code and message, never its (possibly request-laden) properties. */
export function errorField(error: unknown): { code?: string; error: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { ...(typeof code === 'string' ? { code } : {}), error: error.message }
  }
  return { error: String(error) }
}
