/**
 * The build output on the local filesystem: Node's own `fs.promises.glob`
 * (stable since Node 22.17) finds the files under the directory Herald runs in.
 */
import { glob, readFile, stat } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { type BuildFile, type BuildOutput, MAX_BUILD_FILE } from '../../ports/build-output.ts'

export function localBuildOutput(root: string): BuildOutput {
  const base = resolve(root)
  return {
    root: base,
    async glob(pattern: string): Promise<BuildFile[]> {
      const found: string[] = []
      for await (const path of glob(pattern, { cwd: base })) found.push(path)
      const inside = found
        .map((path) => relative(base, resolve(base, path)))
        .filter((path) => path !== '' && !path.startsWith(`..${sep}`) && path !== '..')
        .sort()
      const files = await Promise.all(
        inside.map(async (path) => {
          const full = join(base, path)
          const info = await stat(full).catch(() => null)
          if (!info?.isFile()) return null
          const shown = path.split(sep).join('/')
          if (info.size > MAX_BUILD_FILE) return { path: shown, text: null }
          const text = await readFile(full, 'utf8').catch(() => null)
          return text === null ? null : { path: shown, text }
        }),
      )
      return files.filter((f): f is BuildFile => f !== null)
    },
  }
}
