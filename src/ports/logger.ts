/**
 * The logging port. Flows and chat code take a `Logger`; only
 * `src/adapters/log/` knows it is pino. The shape is a superset of the chat
 * transports' `ChatLog` (message first, then structured fields), so a `Logger`
 * can be passed wherever a `ChatLog` is expected.
 *
 * Callers pass ids and outcomes. The adapter still masks every secret it knows
 * of (by field name and by value), but that is the safety net, not the plan.
 */
export type LogFields = Record<string, unknown>

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'

export interface Logger {
  error(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  debug(message: string, fields?: LogFields): void
  /** A logger that adds `bindings` to every line (a request id, a platform, a line name). */
  child(bindings: LogFields): Logger
}
