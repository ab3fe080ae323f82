/** How a failed `git` run is reported: the forge port's error, with git's own first line. */
import { ForgeError } from '../../ports/forge-error.ts'

/** git's failures leave the adapter as the forge port's error. */
export function spawnError(error: NodeJS.ErrnoException): ForgeError {
  if (error.code === 'ENOENT')
    return new ForgeError('git_missing', 'git is not installed or not on PATH: install git and retry', {
      cause: error,
    })
  return new ForgeError('git_failed', `could not run git: ${error.message}`, { cause: error })
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no error output'
}
