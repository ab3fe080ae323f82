/**
 * Herald's logger: pino, one JSON object per line on stderr (stdout
 * belongs to the CLI's output), levels from `LOG_LEVEL`, a pretty mode for
 * terminals (`LOG_PRETTY=1`, or stderr is a TTY and `LOG_PRETTY` is not `0`),
 * and every secret masked before pino sees the line (see redact-secrets.ts).
 *
 * `herald serve`:
 *   const log = createLogger({ env: process.env, secretEnvNames: webhookEnvNames(config) })
 *   const reqLog = withRequestId(log, interactionId, { platform: 'slack' })
 */
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { LogFields, Logger, LogLevel } from '../../ports/logger.ts'
import { collectSecrets, createRedactor, type Redactor } from './redact-secrets.ts'

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace']

export type CreateLoggerOptions = {
  env: NodeJS.ProcessEnv
  /** Variables holding secrets beyond the known ones: the config's webhook variables ({@link webhookEnvNames}). */
  secretEnvNames?: readonly string[] | undefined
  /** Where lines go (default: stderr, synchronously). Tests collect them. */
  write?: ((line: string) => void) | undefined
  /** stderr is a terminal (default: `process.stderr.isTTY`); picks the pretty mode unless `LOG_PRETTY` says otherwise. */
  terminal?: boolean | undefined
  /** Fields on every line (default `{ service: 'herald' }`). */
  base?: LogFields | undefined
}

/**
 * pino-pretty, loaded when a logger is pretty: `herald serve` in a container
 * logs JSON and so never holds it (about 1 MiB of heap and 60 modules).
 * Synchronous (a CommonJS package) so that creating a logger stays so.
 */
function loadPretty(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty')
}

/** A {@link Logger} that also says its level; `serve` logs it once at start-up. */
export type HeraldLogger = Logger & { readonly level: LogLevel; readonly pretty: boolean }

export function createLogger(options: CreateLoggerOptions): HeraldLogger {
  const { env } = options
  const level = resolveLogLevel(env['LOG_LEVEL'])
  const usePretty = resolvePretty(env['LOG_PRETTY'], options.terminal ?? Boolean(process.stderr.isTTY))
  const redactor = createRedactor(collectSecrets(env, options.secretEnvNames))
  // Synchronous writes: a line logged just before `process.exit` (SIGTERM) is never lost.
  const write = options.write
  const destination = write
    ? new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          write(String(chunk))
          done()
        },
      })
    : usePretty
      ? undefined
      : pino.destination({ dest: 2, sync: true })
  const stream = usePretty
    ? loadPretty()({
        destination: destination ?? 2,
        sync: true,
        colorize: !options.write && Boolean(process.stderr.isTTY),
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
      })
    : destination!
  const root = pino(
    {
      level,
      base: redactor.value(options.base ?? { service: 'herald' }) as LogFields,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors were already turned into masked plain data; pino's serializer would relabel them `Object`.
      serializers: { err: (value: unknown) => value },
      // Level names, not numbers: operators grep for "error", not 50.
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  )
  return Object.assign(wrap(root, redactor), { level, pretty: usePretty })
}

/** A child logger for one interaction: every line carries `reqId` (the platform's interaction id, or a fresh one). */
export function withRequestId(
  logger: Logger,
  requestId: string = randomUUID(),
  fields: LogFields = {},
): Logger {
  return logger.child({ ...fields, reqId: requestId })
}

/** The webhook variables a config names: their values are secrets to mask. */
export function webhookEnvNames(config: {
  lines: readonly { announce?: { webhook?: { env: string } | undefined } | undefined }[]
}): string[] {
  return [...new Set(config.lines.flatMap((line) => line.announce?.webhook?.env ?? []))]
}

export function resolveLogLevel(value: string | undefined): LogLevel {
  const v = value?.trim().toLowerCase()
  return LEVELS.find((l) => l === v) ?? 'info'
}

function resolvePretty(value: string | undefined, terminal: boolean): boolean {
  const v = value?.trim().toLowerCase()
  if (v === '1' || v === 'true') return true
  if (v === '0' || v === 'false') return false
  return terminal
}

function wrap(p: pino.Logger, redactor: Redactor): Logger {
  const at =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (message: string, fields?: LogFields): void => {
      if (!p.isLevelEnabled(level)) return
      const text = redactor.text(message)
      if (fields) p[level](redactor.value(fields) as object, text)
      else p[level](text)
    }
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: (bindings) => wrap(p.child(redactor.value(bindings) as LogFields), redactor),
  }
}
