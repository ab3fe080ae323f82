/**
 * The local git forge: reads tags and commits with the `git` CLI. A plan costs
 * a constant number of git processes whatever the history's size: a streamed
 * `git log` for the range (two on a history with merges, log-read.ts), one
 * `for-each-ref`, one `tag --merged`.
 */

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import type { BreakingNotesMode, ParsedMessage } from '../../core/commit-message.ts'
import type { RawCommit } from '../../core/plan-release.ts'
import type { TagRef } from '../../core/versions.ts'
import { CutError, type CutRequest, type CutResult, type Forge } from '../../ports/forge.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { CommitRange } from '../../ports/history.ts'
import type { FileChange, FileReader } from '../../ports/release-host.ts'
import type { CommitCache, ReadLog } from './commit-cache.ts'
import { commitToBranch } from './git-commit.ts'
import { firstLine, spawnError } from './git-errors.ts'
import { committerIdentity } from './git-identity.ts'
import { readLog } from './log-read.ts'

export type RunResult = { stdout: string; stderr: string; status: number }

export type GitForgeOptions = {
  /** Commits kept between plans (`herald serve`): a repeated plan reads only what is new. */
  cache?: CommitCache | undefined
}

export class GitForge implements Forge, FileReader {
  readonly dir: string
  readonly cache: CommitCache | undefined
  /** Present with a cache: each kept commit's message is parsed once. */
  readonly parse?: (raw: RawCommit, mode: BreakingNotesMode) => ParsedMessage
  #tagsRead: Promise<TagRef[]> | undefined
  constructor(dir: string, options: GitForgeOptions = {}) {
    this.dir = dir
    this.cache = options.cache
    if (options.cache) {
      const cache = options.cache
      this.parse = (raw, mode) => cache.parse(raw, mode)
    }
  }

  /** Fails with a clear message when `dir` is not inside a git work tree. */
  async assertRepository(): Promise<void> {
    if (!existsSync(this.dir))
      throw new ForgeError(
        'not_a_repository',
        `no such folder: ${this.dir} (pass --repo DIR of a git checkout)`,
      )
    const r = await this.run(['rev-parse', '--git-dir'], true)
    if (r.status !== 0)
      throw new ForgeError(
        'not_a_repository',
        `not a git repository: ${this.dir} (run inside a git checkout or pass --repo DIR)`,
      )
  }

  async resolveCommit(ref: string): Promise<{ sha: string; time: number } | null> {
    if (ref.startsWith('-')) return null
    const r = await this.run(
      ['log', '-1', '--no-walk', '--format=%H %ct', '--end-of-options', `${ref}^{commit}`, '--'],
      true,
    )
    const m = /^([0-9a-f]{40,64}) (\d+)$/.exec(r.stdout.trim())
    return r.status === 0 && m ? { sha: m[1]!, time: Number(m[2]) } : null
  }

  /**
   * The repository's tags. Asked again while a read is under way (the
   * planner and `herald plan`'s note on stray tags ask at once), that read
   * answers both; each caller gets its own list.
   */
  async tags(): Promise<TagRef[]> {
    this.#tagsRead ??= this.readTags().finally(() => {
      this.#tagsRead = undefined
    })
    return [...(await this.#tagsRead)]
  }

  private async readTags(): Promise<TagRef[]> {
    const r = await this.run([
      'for-each-ref',
      '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(committerdate:unix)%00%(*committerdate:unix)',
      'refs/tags',
    ])
    const tags: TagRef[] = []
    for (const line of r.stdout.split('\n')) {
      if (!line) continue
      const [name, object, peeled, time, peeledTime] = line.split('\u0000')
      const when = Number(peeledTime || time)
      tags.push({
        name: name!,
        sha: peeled || object!,
        time: Number.isFinite(when) && when > 0 ? when : undefined,
      })
    }
    return tags
  }

  async tagsReachableFrom(sha: string): Promise<Set<string>> {
    const r = await this.run(['tag', '--merged', sha])
    return new Set(r.stdout.split('\n').filter(Boolean))
  }

  async currentBranch(): Promise<string | null> {
    const r = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], true)
    return r.status === 0 ? r.stdout.trim() : null
  }

  async webUrl(): Promise<string | null> {
    const r = await this.run(['remote', 'get-url', 'origin'], true)
    return r.status === 0 ? githubWebUrl(r.stdout.trim()) : null
  }

  /**
   * The local forge's release is an annotated tag whose message is the title
   * and the notes. `git tag` without `-f` never overwrites, so a tag created
   * meanwhile by someone else makes this fail instead of moving it.
   */
  async cutRelease(request: CutRequest): Promise<CutResult> {
    const existing = await this.resolveCommit(`refs/tags/${request.tag}`)
    if (existing) {
      if (existing.sha !== request.sha)
        throw new CutError(
          'tag_elsewhere',
          `tag ${request.tag} already exists on ${existing.sha.slice(0, 12)}, not on ${request.sha.slice(0, 12)}: Herald never moves a tag`,
        )
      return { tag: request.tag, sha: request.sha, releaseUrl: null, tagCreated: false }
    }
    const message = `${request.title}\n\n${request.notes}`.trimEnd()
    // An annotated tag records a tagger. Where git knows nobody (a server, a
    // fresh machine) Herald signs as itself rather than fail the cut.
    const identity = await committerIdentity((args) => this.run(args, true))
    const r = await this.run(
      [
        ...identity,
        'tag',
        '-a',
        '--cleanup=verbatim',
        '-F',
        '-',
        '--end-of-options',
        request.tag,
        request.sha,
      ],
      true,
      message,
    )
    if (r.status !== 0) {
      const again = await this.resolveCommit(`refs/tags/${request.tag}`)
      if (again && again.sha !== request.sha)
        throw new CutError(
          'tag_elsewhere',
          `tag ${request.tag} was created on ${again.sha.slice(0, 12)} meanwhile: Herald never moves a tag`,
        )
      throw new CutError('tag_failed', `git tag ${request.tag} failed: ${firstLine(r.stderr)}`)
    }
    return { tag: request.tag, sha: request.sha, releaseUrl: null, tagCreated: true }
  }

  /** A file's text at a commit (`git show REF:PATH`), or null when it is not there. */
  async readFile(path: string, ref: string): Promise<string | null> {
    if (ref.startsWith('-') || path.startsWith('-') || path.includes('\0')) return null
    const r = await this.run(['show', '--no-textconv', '--end-of-options', `${ref}:${path}`], true)
    return r.status === 0 ? r.stdout : null
  }

  /** The files directly in `dir` at a commit (`git ls-tree`): blobs only, subfolders left out. */
  async listFiles(dir: string, ref: string): Promise<string[]> {
    if (ref.startsWith('-') || dir.includes('\0')) return []
    const r = await this.run(
      ['-c', 'core.quotepath=off', 'ls-tree', '-z', '--end-of-options', `${ref}:${dir}`],
      true,
    )
    if (r.status !== 0) return []
    // `<mode> <type> <oid>\t<name>` records, NUL-terminated.
    return r.stdout
      .split('\0')
      .map((rec) => /^\d+ blob [0-9a-f]+\t(.+)$/s.exec(rec)?.[1])
      .filter((name): name is string => name !== undefined)
  }

  /** A commit on `branch`; a checkout of that branch is brought along (`git-commit.ts`). */
  commitToBranch(branch: string, parentSha: string, message: string, changes: FileChange[]): Promise<string> {
    return commitToBranch(
      (args, input, env) => this.run(args, true, input, env),
      branch,
      parentSha,
      message,
      changes,
    )
  }

  /** The commits of a range, streamed from `git log` (log-read.ts). */
  range(
    query: CommitRange,
    onBatch?: (batch: readonly RawCommit[]) => void,
    onRestart?: () => void,
  ): Promise<readonly RawCommit[]> {
    const read: ReadLog = (q, on, restart) => readLog(this, q, on, restart)
    return this.cache ? this.cache.range(query, read, onBatch, onRestart) : read(query, onBatch, onRestart)
  }

  /**
   * Runs git in the repository; `allowFailure`: a non-zero status is returned, not thrown.
   * `env` adds variables (a cherry-picked commit's author).
   */
  run(
    args: string[],
    allowFailure = false,
    input?: string,
    env?: Record<string, string>,
  ): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: this.dir,
        ...(env ? { env: { ...process.env, ...env } } : {}),
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      })
      if (input !== undefined) {
        // git may exit before reading its input (a refusal): that is reported by its status.
        child.stdin!.on('error', () => {})
        child.stdin!.end(input)
      }
      let stdout = ''
      let stderr = ''
      child.stdout!.setEncoding('utf8').on('data', (c: string) => {
        stdout += c
      })
      child.stderr!.setEncoding('utf8').on('data', (c: string) => {
        stderr += c
      })
      child.on('error', (error) => reject(spawnError(error)))
      child.on('close', (status) => {
        if (status !== 0 && !allowFailure) {
          reject(new ForgeError('git_failed', `git ${args[0]} failed: ${firstLine(stderr)} (in ${this.dir})`))
          return
        }
        resolve({ stdout, stderr, status: status ?? 1 })
      })
    })
  }
}

/** `git@github.com:o/r.git` and `https://github.com/o/r(.git)` -> `https://github.com/o/r`. */
export function githubWebUrl(remote: string): string | null {
  const m =
    /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      remote,
    )
  return m ? `https://github.com/${m[1]}/${m[2]}` : null
}
