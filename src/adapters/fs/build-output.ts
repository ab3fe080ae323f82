/**
 * The build output on the local filesystem: Node's own `fs.promises.glob`
 * (stable since Node 22.17) finds the files under the directory Herald runs in.
 * A match that resolves outside that directory (a symlink to `/etc/passwd`, or
 * through a symlinked folder) is not read, only named (`outside`).
 */
import { execFile } from 'node:child_process'
import { glob, readFile, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { type BuildFile, type BuildOutput, MAX_BUILD_FILE } from '../../ports/build-output.ts'

export function localBuildOutput(root: string): BuildOutput {
  const base = resolve(root)
  return {
    root: base,
    commit: () => headCommit(base),
    async glob(pattern: string): Promise<BuildFile[]> {
      const realBase = await realpath(base).catch(() => base)
      const found: string[] = []
      for await (const path of glob(pattern, { cwd: base })) found.push(path)
      const inside = found
        .map((path) => resolve(base, path))
        .filter((full) => within(base, full))
        .map((full) => relative(base, full))
        .sort()
      const files = await Promise.all(
        inside.map(async (path): Promise<BuildFile | null> => {
          const shown = path.split(sep).join('/')
          const full = await realpath(join(base, path)).catch(() => null)
          if (!full) return null
          if (!within(realBase, full)) return { path: shown, text: null, outside: true }
          const info = await stat(full).catch(() => null)
          if (!info?.isFile()) return null
          if (info.size > MAX_BUILD_FILE) return { path: shown, text: null }
          const text = await readFile(full, 'utf8').catch(() => null)
          return text === null ? null : { path: shown, text }
        }),
      )
      return files.filter((f): f is BuildFile => f !== null)
    },
  }
}

/** `git rev-parse HEAD` in `dir`; null when it is no git checkout (or git is missing). */
function headCommit(dir: string): Promise<string | null> {
  return new Promise((done) => {
    execFile('git', ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: dir }, (error, stdout) => {
      const sha = stdout.trim()
      done(!error && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null)
    })
  })
}

/** Whether `path` (resolved) is under `root`. */
function within(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`)
}
