/** `herald audit [--repo DIR] [--json] [--limit N]`: a repository's sign-off audit log, oldest first. */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError } from 'commander'
import { openStateStore, storeSpec } from '../compose/build-adapters.ts'
import { repositoryName } from '../config/repo-defaults.ts'
import { sweepInterrupted } from '../flows/signoff/sweep.ts'
import { systemClock } from '../ports/clock.ts'
import type { AuditEntry } from '../ports/store.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

export type AuditFlags = { json?: boolean; limit?: number; repo?: string }

/** Which repository the entries belong to: its name (origin's, else the folder's) and folder. */
type Repository = { name: string; dir: string }

export async function runAudit(flags: AuditFlags, io: Io): Promise<number> {
  const dir = resolve(io.cwd, flags.repo ?? '.')
  if (!existsSync(dir))
    throw new CliError(`--repo ${flags.repo}: no such folder (${dir}): give the path of a git repository`)
  const repository: Repository = { name: repositoryName(dir), dir }
  const spec = await storeSpec(io.env, io.cwd, dir)
  if (!spec.ok) throw new CliError(spec.error)
  // Reading must not create an empty database where none was.
  if (spec.value.kind === 'sqlite' && spec.value.path !== ':memory:' && !existsSync(spec.value.path)) {
    return print(
      [],
      flags,
      io,
      repository,
      `No audit log yet for ${repository.name} (${dir}): ${spec.value.path} does not exist (set HERALD_STORE if Herald keeps it elsewhere, or --repo for another repository).\n`,
    )
  }
  let entries: AuditEntry[]
  const store = await openStateStore(spec.value, io.env).catch((error: unknown) => {
    throw new CliError(`cannot open the state store (${spec.value.kind}): ${(error as Error).message}`)
  })
  try {
    // Cuts and posts a stopped Herald left in flight past their deadline are moved first, so the log explains them.
    const swept = await sweepInterrupted(store, systemClock)
    for (const r of swept.interrupted) io.err(`${r.message}\n`)
    entries = await store.listAudit({ limit: flags.limit })
  } finally {
    await store.close()
  }
  return print(entries, flags, io, repository, `The audit log of ${repository.name} (${dir}) is empty.\n`)
}

function print(
  entries: AuditEntry[],
  flags: AuditFlags,
  io: Io,
  repository: Repository,
  empty: string,
): number {
  const owned = entries.map((e) => ({ ...e, repository: repository.name }))
  if (flags.json) io.out(`${JSON.stringify({ repository, entries: owned })}\n`)
  else if (entries.length === 0) io.out(empty)
  else io.out(owned.map(renderAuditLine).join(''))
  return EXIT.ok
}

/** One line per entry: when, which repository, who, what, from → to, outcome, hash, detail. */
export function renderAuditLine(e: AuditEntry & { repository: string }): string {
  const who = `${e.actor.platform}:${e.actor.userId}${e.actor.name ? ` (${e.actor.name})` : ''}`
  const move = e.from === e.to ? `${e.action} (in ${e.from ?? 'none'})` : `${e.from ?? 'new'} -> ${e.to}`
  const hash = e.hash ? ` ${e.hash.slice(0, 19)}` : ''
  const detail = e.detail ? `  ${e.detail.replace(/\s+/g, ' ')}` : ''
  return `${e.at}  ${e.repository}  ${who}  ${e.subject}  ${move}  ${e.outcome.toUpperCase()}${hash}${detail}\n`
}

export function registerAudit(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('audit')
    .description(
      'List the sign-off audit log: who planned, confirmed, approved, posted or was refused, with hashes.',
    )
    .option('--repo <dir>', 'the repository whose log to show (default: the current folder)')
    .option('--limit <n>', 'only the newest N entries', positiveInt)
    .option('--json', 'print one JSON document: {entries: [...]}')
    .addHelpText(
      'after',
      `
Reads the store named by HERALD_STORE and HERALD_STORE_NAMESPACE; with HERALD_STORE
unset, the repository's own store in $XDG_DATA_HOME/herald/ (~/.local/share/herald/).
A cut or post left cutting/posting past its deadline (Herald stopped mid-way)
is first moved to cut_failed / post_unknown, as \`herald serve\` does at start,
with one "interrupted: …" line on standard error.

Examples:
  herald audit                    every entry of this repository, oldest first
  herald audit --repo ../widget   another repository's
  herald audit --limit 20 --json  the newest 20, for scripts`,
    )
    .action(async (flags) => setExit(await runAudit(flags, io)))
}

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more')
  return n
}
