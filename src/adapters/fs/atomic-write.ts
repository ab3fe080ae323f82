/**
 * Files Herald rewrites (CHANGELOG.md) are replaced whole: the new text goes
 * to a temporary file beside the target, then a rename swaps it in, so a
 * reader or a crash never sees half a file. Reads and the temporary file are
 * opened with no-follow, so a symlink put in place after the path was checked
 * (`resolveInsideRepo`) fails instead of being followed.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants

/** The file's text, or null when it does not exist; a symlink is refused (ELOOP). */
export async function readTextIfExists(path: string): Promise<string | null> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, O_RDONLY | O_NOFOLLOW)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  // Keep the file's permissions when it exists (read without following a symlink).
  const mode = await open(path, O_RDONLY | O_NOFOLLOW).then(
    async (h) => {
      const s = await h.stat()
      await h.close()
      return s.mode & 0o7777
    },
    () => 0o644,
  )
  try {
    const handle = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode)
    try {
      await handle.writeFile(text, 'utf8')
    } finally {
      await handle.close()
    }
    // rename replaces the directory entry itself: it never writes through a symlink.
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
}
