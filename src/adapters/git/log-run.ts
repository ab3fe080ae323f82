/**
 * A `git log` run writing into an unlinked temporary file that the reader
 * follows while it grows (log-read.ts says why a file and not a pipe), and
 * the one run the command line starts before Herald has loaded.
 *
 * `herald plan` reads its range with `git log TARGET` (log-read.ts), and the
 * target is usually HEAD; but Herald takes a quarter of a second to load its
 * modules and configuration before it knows that, and on a long range git
 * could have walked a good part of it by then. So `herald plan` starts
 * `git log HEAD` the moment the command line is read (`startEarlyLog`, on a
 * machine with a second core for it), and the reader takes that run over
 * (`takeEarlyLog`) when it asks for exactly that log of the same repository
 * and the first commit git printed is the one it asks from. Any other read
 * stops it, and so does the end of the process: an early run never changes
 * what Herald reads, only when git starts.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { close, mkdtempSync, openSync, read, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawnError } from './git-errors.ts'
import { LOG_FORMAT, type LogFile } from './log-records.ts'

export type LogRun = {
  /** What git has written so far; the reader closes it. */
  file: LogFile
  git: ChildProcess
  /** git's exit status (a failure to start it rejects). */
  exited: Promise<number>
  /** What git has said on stderr so far. */
  stderr(): string
}

/** Starts `git log REVS` in `dir`, writing into a temporary file that is unlinked as soon as it is open. */
export function startLog(dir: string, revs: readonly string[], withFiles: boolean): LogRun {
  const { fd, file } = scratchFile()
  return { file, ...spawnLog(dir, revs, withFiles, fd) }
}

/**
 * A temporary file, unlinked as soon as it is open, so nothing is left behind
 * even if Herald is killed. Made synchronously (a fraction of a millisecond):
 * while Herald's modules load the event loop does not turn, and an early run
 * awaiting its file would start git only once they had loaded.
 */
function scratchFile(): { fd: number; file: LogFile } {
  const scratch = mkdtempSync(join(tmpdir(), 'herald-log-'))
  const fd = openSync(join(scratch, 'log'), 'w+')
  rmSync(scratch, { recursive: true, force: true })
  const file: LogFile = {
    read: (buffer, offset, length, position) =>
      new Promise((resolve, reject) =>
        read(fd, buffer, offset, length, position, (error, bytesRead) =>
          error ? reject(error) : resolve({ bytesRead }),
        ),
      ),
    close: () => new Promise((resolve) => close(fd, () => resolve())),
  }
  return { fd, file }
}

/** `git log REVS` writing to the file `fd`, with the paths each commit touches when `withFiles`. */
function spawnLog(
  dir: string,
  revs: readonly string[],
  withFiles: boolean,
  fd: number,
): Omit<LogRun, 'file'> {
  const args = ['-c', 'core.quotepath=off', 'log', '--no-color', LOG_FORMAT]
  if (withFiles) args.push('-z', '--name-only', '--no-renames')
  const git = spawn('git', [...args, ...revs, '--'], { cwd: dir, stdio: ['ignore', fd, 'pipe'] })
  let stderr = ''
  git.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number>((resolve, reject) => {
    git.on('error', (error) => reject(spawnError(error)))
    git.on('close', (status) => resolve(status ?? 1))
  })
  // Until a reader waits on it, a git that cannot start is not an unhandled rejection.
  exited.catch(() => {})
  return { git, exited, stderr: () => stderr }
}

let early: { dir: string; run: LogRun } | undefined

/**
 * Starts `git log HEAD` in `dir` for a reader to take over; nothing on a
 * single core (git would only take it from Herald's own start).
 */
export function startEarlyLog(dir: string, cores = availableParallelism()): void {
  if (early || cores < 2) return
  let run: LogRun
  try {
    run = startLog(dir, ['HEAD'], false)
  } catch {
    return // No scratch space: the log is read the usual way, which says what is wrong.
  }
  // Whatever has not been taken when Herald exits is stopped with it.
  process.once('exit', () => kill(run.git))
  early = { dir: resolve(dir), run }
}

/**
 * The early run, when it is `git log REVS` of `dir` (one rev: the sha git
 * printed first); otherwise null, and the early run is stopped. Taken once.
 */
export async function takeEarlyLog(
  dir: string,
  revs: readonly string[],
  withFiles: boolean,
): Promise<LogRun | null> {
  const taken = early
  early = undefined
  if (!taken) return null
  const wanted = taken.dir === resolve(dir) && !withFiles && revs.length === 1
  if (wanted && (await firstSha(taken.run)) === revs[0]) return taken.run
  await stop(taken.run)
  return null
}

/** The sha of the first record git wrote, once it is written (null if git ends first). */
async function firstSha(run: LogRun): Promise<string | null> {
  // A record starts NUL, RS, then the 40 (or 64) hex digits of its sha and a unit separator.
  const head = Buffer.alloc(2 + 64 + 1)
  let ended = false
  void run.exited.then(
    () => {
      ended = true
    },
    () => {
      ended = true
    },
  )
  for (;;) {
    const done = ended
    const { bytesRead } = await run.file.read(head, 0, head.length, 0)
    const text = head.toString('latin1', 0, bytesRead)
    const sha = /^\0\x1e([0-9a-f]{40,64})\x1f/.exec(text)
    if (sha) return sha[1]!
    if (done || bytesRead === head.length) return null
    await new Promise((r) => setTimeout(r, 2))
  }
}

function kill(git: ChildProcess): void {
  if (git.exitCode === null && git.signalCode === null) git.kill()
}

async function stop(run: LogRun): Promise<void> {
  kill(run.git)
  await run.file.close().catch(() => {})
}
