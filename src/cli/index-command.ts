/**
 * `herald index verify|show|public-key` and `herald status`: the signed
 * release index as a host checks it, as it stands, and the key that signs it;
 * the channels of each line.
 */
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import {
  buildForge,
  indexAccess,
  indexKeyOf,
  loadSetup,
  openStateStore,
  type Setup,
  storeSpec,
} from '../compose/build-adapters.ts'
import { parseIndex, parsePublicKey, verifyIndex } from '../core/index/index-signature.ts'
import type { SignedIndex } from '../core/index/release-index.ts'
import { chooseLine } from '../flows/plan-line.ts'
import { channelStatus, describeStatus, type StatusDeps } from '../flows/release/channels/channel-status.ts'
import { indexBranch } from '../flows/release/channels/index-move.ts'
import { systemClock } from '../ports/clock.ts'
import { CliError, EXIT, type Io } from './io.ts'
import type { SetExit } from './register.ts'

export type VerifyFlags = { key?: string; keyFile?: string; after?: string; line?: string; json?: boolean }

/** Exit 0: valid (and newer than `--after`); 1: refused, with the reason; 2: bad input. */
export async function runVerify(file: string, flags: VerifyFlags, io: Io): Promise<number> {
  if (Boolean(flags.key) === Boolean(flags.keyFile))
    throw new CliError('index verify: give the public key as --key HEX or --key-file PEM (one of them)')
  const keyText = flags.key ?? (await readText(flags.keyFile!, io, '--key-file'))
  const key = parsePublicKey(keyText)
  if (!key.ok) throw new CliError(`index verify: ${flags.key ? '--key' : '--key-file'}: ${key.error}`)
  let after: SignedIndex | undefined
  if (flags.after) {
    const previous = parseIndex(await readText(flags.after, io, '--after'))
    if (!previous.ok) throw new CliError(`index verify: --after ${flags.after}: ${previous.error.message}`)
    const trusted = verifyIndex(previous.value, key.value)
    if (!trusted.ok)
      throw new CliError(
        `index verify: --after ${flags.after} is not an index this key signed: ${trusted.error.message}`,
      )
    after = previous.value
  }
  const parsed = parseIndex(await readText(file, io, 'FILE'))
  const result = parsed.ok ? verifyIndex(parsed.value, key.value, { after, line: flags.line }) : parsed
  if (!result.ok) {
    if (flags.json) io.out(`${JSON.stringify({ valid: false, ...result.error })}\n`)
    io.err(`herald: index ${file} refused: ${result.error.reason}: ${result.error.message}\n`)
    return EXIT.no
  }
  const { line, sequence, channels } = result.value.signed
  if (flags.json) io.out(`${JSON.stringify({ valid: true, line, sequence, channels })}\n`)
  else
    io.out(
      `valid: line ${line}, sequence ${sequence}, stable ${channels.stable ?? 'none'}, canary ${channels.canary ?? 'none'}\n`,
    )
  return EXIT.ok
}

async function readText(path: string, io: Io, what: string): Promise<string> {
  try {
    return await readFile(path.startsWith('/') ? path : `${io.cwd}/${path}`, 'utf8')
  } catch (error) {
    throw new CliError(
      `index verify: ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}: give a readable file`,
    )
  }
}

export async function runPublicKey(flags: { json?: boolean }, io: Io): Promise<number> {
  const key = await indexKeyOf(io.env)
  if (!key)
    throw new CliError(
      'index public-key: HERALD_INDEX_KEY is not set: set it to the Ed25519 key that signs the index',
      EXIT.no,
    )
  if (flags.json) io.out(`${JSON.stringify({ publicKey: key.publicKeyHex, keyid: key.keyid })}\n`)
  else io.out(`public key: ${key.publicKeyHex}\nkey id:     ${key.keyid}\n`)
  return EXIT.ok
}

type RepoFlags = { repo?: string; config?: string; line?: string; json?: boolean }

async function channelDeps(flags: RepoFlags, io: Io): Promise<StatusDeps & { setup: Setup }> {
  const setup = loadSetup({ env: io.env, cwd: io.cwd, repo: flags.repo, configPath: flags.config })
  // The index lives where the moves write it: on GitHub when GitHub is configured.
  const forge = await buildForge(setup)
  return {
    ...(await indexAccess(forge, io.env)),
    clock: systemClock,
    forge: forge.forge,
    lines: setup.config.lines,
    setup,
  }
}

export async function runShow(flags: RepoFlags, io: Io): Promise<number> {
  const deps = await channelDeps(flags, io)
  const line = chooseLine(deps.lines, flags.line)
  if ('ok' in line) throw new CliError(line.message)
  const stored = await deps.index!.read(line.name, indexBranch(line))
  if (!stored) {
    io.err(`herald: line ${line.name} has no release index on branch ${indexBranch(line)} yet\n`)
    return EXIT.no
  }
  io.out(flags.json ? `${JSON.stringify(stored.doc)}\n` : stored.text)
  return EXIT.ok
}

export async function runStatus(flags: RepoFlags, io: Io): Promise<number> {
  const deps = await channelDeps(flags, io)
  // The state store holds the previews waiting for a click (HERALD_STORE, as `herald serve` uses).
  const spec = await storeSpec(io.env, io.cwd, deps.setup.repoDir)
  if (!spec.ok) throw new CliError(spec.error)
  const store = await openStateStore(spec.value, io.env)
  const status = await channelStatus({ ...deps, store }, flags.line).finally(() => store.close())
  if (!status.ok) throw new CliError(status.message, EXIT.no)
  if (flags.json) io.out(`${JSON.stringify({ lines: status.lines })}\n`)
  else io.out(status.lines.map((s) => `${s.line}: ${describeStatus(s)}\n`).join(''))
  return EXIT.ok
}

const repoOptions = (c: Command) =>
  c
    .option('--repo <dir>', 'the git repository (default: the current directory)')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml)')
    .option('--line <name>', 'the release line (optional with one line)')
    .option('--json', 'print one JSON document')

export function registerIndex(program: Command, io: Io, setExit: SetExit): void {
  const index = program.command('index').description('The signed release index: verify, show, public key.')
  index
    .command('verify <file>')
    .description('Check an index as a host must: signature, line, and a sequence above the last trusted one.')
    .option('--key <hex>', 'the Ed25519 public key, 64 hex digits (herald index public-key)')
    .option('--key-file <pem>', 'the public key as a PEM file')
    .option('--after <previous>', 'the index trusted before: the sequence must be higher')
    .option('--line <name>', 'the line the index must be for')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExit 0 valid; 1 refused (bad_signature, not_increasing, wrong_line, malformed); 2 bad input.',
    )
    .action(async (file, flags) => setExit(await runVerify(file, flags, io)))
  repoOptions(
    index.command('show').description('Print the current index of a line, from its branch.'),
  ).action(async (flags) => setExit(await runShow(flags, io)))
  index
    .command('public-key')
    .description('The public key and key id of HERALD_INDEX_KEY, for the hosts that verify the index.')
    .option('--json', 'print one JSON document')
    .action(async (flags) => setExit(await runPublicKey(flags, io)))
}

export function registerStatus(program: Command, io: Io, setExit: SetExit): void {
  repoOptions(
    program
      .command('status')
      .description('Per line: stable and canary versions, soak left, unreleased commits, index sequence.'),
  ).action(async (flags) => setExit(await runStatus(flags, io)))
}
