/** The config for a command's `--repo` and `--config` flags; a bad config is one CLI error (exit 2). */
import { resolve } from 'node:path'
import { type HeraldConfig, loadConfig } from '../config/load-config.ts'
import { CliError, type Io } from './io.ts'

export function loadCliConfig(
  flags: { repo?: string | undefined; config?: string | undefined },
  io: Io,
): { config: HeraldConfig; repoDir: string } {
  const repoDir = resolve(io.cwd, flags.repo ?? '.')
  const loaded = loadConfig({
    explicitPath: flags.config && resolve(io.cwd, flags.config),
    repoDir,
    env: io.env,
  })
  if (!loaded.ok) throw new CliError(loaded.errors.join('\n'))
  return { config: loaded.config, repoDir }
}
