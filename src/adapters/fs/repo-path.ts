/**
 * Where Herald may write inside a repository. A contributor controls both the
 * config (`changelog: docs/CHANGELOG.md`) and the files committed beside it,
 * so a committed symlink (`docs -> /home/me/.ssh`, `CHANGELOG.md -> /etc/…`)
 * must not carry a write, or a read, out of the checkout. Every path is
 * resolved to its real location and refused when it, or any folder on the way
 * to it, is a symlink or lies outside the repository root.
 *
 * Written here rather than with a package: the check is a handful of `lstat`
 * and `realpath` calls, and the packages that offer it (`is-path-inside`,
 * `path-is-inside`) compare strings only and never look at symlinks.
 */
import { lstat, realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

export class UnsafePathError extends Error {
  readonly code = 'unsafe_path'
  constructor(message: string) {
    super(message)
    this.name = 'UnsafePathError'
  }
}

/**
 * The absolute path of `file` (relative to `root`, or absolute) once checked:
 * inside `root`, no symlink among its folders below `root`, the file itself
 * not a symlink nor anything but a regular file when it exists.
 */
export async function resolveInsideRepo(root: string, file: string): Promise<string> {
  const realRoot = await realpath(root)
  const path = resolve(root, file)
  const rel = relative(resolve(root), path)
  const refuse = (why: string) =>
    new UnsafePathError(
      `${file} ${why} (repository ${root}): Herald writes only plain files inside the repository; use such a path`,
    )
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw refuse('is outside the repository')
  const parts = rel.split(sep)
  let current = realRoot
  for (const [i, part] of parts.entries()) {
    current = join(current, part)
    const last = i === parts.length - 1
    const stats = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (!stats) {
      if (last) break
      throw refuse(`is in a folder that does not exist (${relative(realRoot, current)})`)
    }
    const shown = relative(realRoot, current)
    if (stats.isSymbolicLink()) throw refuse(last ? 'is a symlink' : `goes through the symlink ${shown}`)
    if (!last && !stats.isDirectory()) throw refuse(`goes through ${shown}, which is not a folder`)
    if (last && !stats.isFile()) throw refuse('is not a regular file')
  }
  // The folders were checked one by one; their real path must still lie under the root.
  const realParent = await realpath(join(current, '..'))
  if (realParent !== realRoot && !realParent.startsWith(realRoot + sep))
    throw refuse(`is in a folder that resolves outside the repository (${realParent})`)
  return current
}
