/**
 * What a repository tells Herald when the config leaves it out: its default
 * branch, and how its releases are announced (the product name from the
 * package manifest or the repository name, and an install command from the
 * ecosystem). Reads files and asks git, synchronously: config loading is.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { packageNameOf } from '../core/package-files.ts'

/** `origin/HEAD`, else `main` if it exists, else `master`, else the checked-out branch, else `main`. */
export function defaultBranch(repoDir: string): string {
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-C', repoDir, ...args], { encoding: 'utf8' })
    return r.status === 0 ? r.stdout.trim() : null
  }
  // One git call for the first three answers (config loading waits for it).
  const refs = new Map(
    (git('for-each-ref', '--format=%(refname)%00%(symref)', ...CANDIDATES) ?? '')
      .split('\n')
      .map((line) => line.split('\u0000') as [string, string]),
  )
  const originHead = refs.get('refs/remotes/origin/HEAD')
  if (originHead?.startsWith('refs/remotes/origin/')) return originHead.slice('refs/remotes/origin/'.length)
  for (const name of ['main', 'master']) if (refs.has(`refs/heads/${name}`)) return name
  return git('symbolic-ref', '--quiet', '--short', 'HEAD') || 'main'
}
const CANDIDATES = ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master']

export type DetectedAnnounce = { product: string; action: string | undefined }

type Manifest = { file: string; read: (text: string, dir: string) => DetectedAnnounce | null }

/**
 * The package manifests Herald reads, first found wins. `{version}` and
 * `{tag}` in an action are the release's. A private npm package has no install
 * command.
 */
const MANIFESTS: Manifest[] = [
  {
    file: 'package.json',
    read: (text) => {
      const pkg = JSON.parse(text) as { name?: unknown; private?: unknown }
      if (typeof pkg.name !== 'string' || !pkg.name) return null
      return { product: pkg.name, action: pkg.private ? undefined : `npm install ${pkg.name}@{version}` }
    },
  },
  {
    file: 'pyproject.toml',
    read: (text) => {
      const name = packageNameOf('pyproject.toml', text)
      return name ? { product: name, action: `pip install --upgrade ${name}=={version}` } : null
    },
  },
  {
    file: 'Cargo.toml',
    read: (text, dir) => {
      const name = packageNameOf('Cargo.toml', text)
      if (!name) return null
      const binary = existsSync(join(dir, 'src', 'main.rs'))
      return {
        product: name,
        action: binary ? `cargo install ${name} --version {version}` : `cargo add ${name}@{version}`,
      }
    },
  },
  {
    file: 'go.mod',
    read: (text) => {
      const module = /^module\s+(\S+)/m.exec(text)?.[1]
      return module ? { product: basename(module), action: `go get ${module}@{tag}` } : null
    },
  },
]

/** The announce defaults of the package in `dir`, or null when it has no manifest Herald reads. */
export function detectPackage(dir: string): DetectedAnnounce | null {
  for (const manifest of MANIFESTS) {
    const path = join(dir, manifest.file)
    if (!existsSync(path)) continue
    try {
      const found = manifest.read(readFileSync(path, 'utf8'), dir)
      if (found) return found
    } catch {
      // An unreadable manifest is the project's to fix; the repository name still names the product.
    }
  }
  return null
}

/** The repository's name: from origin's URL (`…/owner/name.git`), else the folder's. */
export function repositoryName(repoDir: string): string {
  const r = spawnSync('git', ['-C', repoDir, 'remote', 'get-url', 'origin'], { encoding: 'utf8' })
  const url = r.status === 0 ? r.stdout.trim() : ''
  const fromUrl = /([^/:\\]+?)(?:\.git)?\/*$/.exec(url)?.[1]
  return fromUrl || basename(repoDir) || 'project'
}

type Raw = Record<string, unknown>
const isMapping = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The config data with what the repository tells filled in where the config
 * is silent: each line's `branch`, and the product and action of an
 * `announce` that leaves them out. Anything malformed is left for the schema
 * to report.
 */
export function withRepoDefaults(data: unknown, repoDir: string): unknown {
  if (!isMapping(data) || !Array.isArray(data.lines)) return data
  const lines = data.lines
  let branch: string | undefined
  const filled = lines.map((line: unknown) => {
    if (!isMapping(line)) return line
    const out: Raw = { ...line }
    if (out.branch === undefined) out.branch = branch ??= defaultBranch(repoDir)
    if (isMapping(out.announce)) out.announce = announceDefaults(out, out.announce, lines.length, repoDir)
    return out
  })
  return { ...data, lines: filled }
}

/**
 * How a line without `announce` is announced: `/announce-release` and `herald
 * draft` use these; the line's other behaviour (release titles, posting
 * targets) stays that of a line without `announce`.
 */
export function defaultAnnouncements(
  lines: readonly { name: string; paths: readonly string[]; announce?: unknown }[],
  repoDir: string,
): Record<string, { kind: 'cli'; product: string; action?: string }> {
  const out: Record<string, { kind: 'cli'; product: string; action?: string }> = {}
  for (const line of lines) {
    if (line.announce) continue
    const filled = announceDefaults({ name: line.name, paths: [...line.paths] }, {}, lines.length, repoDir)
    out[line.name] = { kind: 'cli', ...(filled as { product: string; action?: string }) }
  }
  return out
}

/**
 * A single line is the repository's package; in a config of several, a line
 * is the package at its first path, named after the line when there is none.
 */
function announceDefaults(line: Raw, announce: Raw, lineCount: number, repoDir: string): Raw {
  if (announce.product !== undefined && (announce.action !== undefined || announce.kind === 'platform'))
    return announce
  const paths = Array.isArray(line.paths) ? line.paths.filter((p) => typeof p === 'string') : []
  const dir = lineCount === 1 || paths.length === 0 ? repoDir : join(repoDir, paths[0]!)
  const detected = lineCount === 1 || paths.length > 0 ? detectPackage(dir) : null
  const fallbackName = lineCount === 1 ? repositoryName(repoDir) : String(line.name ?? '')
  const out: Raw = { ...announce }
  if (out.product === undefined) out.product = detected?.product ?? fallbackName
  // A platform's action is a rollout sentence, not an install command: only the config can say it.
  if (out.action === undefined && out.kind !== 'platform' && detected?.action) out.action = detected.action
  return out
}
