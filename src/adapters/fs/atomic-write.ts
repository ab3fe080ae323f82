/**
 * Files Herald rewrites (CHANGELOG.md) are replaced whole: the new text goes
 * to a temporary file beside the target, then a rename swaps it in, so a
 * reader or a crash never sees half a file.
 */
import { randomBytes } from 'node:crypto'
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** The file's text, or null when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  // Keep the file's permissions when it exists.
  const mode = await stat(path).then(
    (s) => s.mode & 0o7777,
    () => 0o644,
  )
  try {
    await writeFile(temp, text, { encoding: 'utf8', mode, flag: 'wx' })
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
}
