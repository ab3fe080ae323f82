import type { Command } from 'commander'
import type { Io } from './io.ts'

export type SetExit = (code: number) => void
/** A subcommand module adds itself to the program; `setExit` records its exit status. */
export type RegisterCommand = (program: Command, io: Io, setExit: SetExit) => void
