/**
 * The local git forge: reads tags and commits with the `git` CLI. A plan costs
 * a constant number of git processes whatever the history's size: one
 * streamed `git log` for the range, one `for-each-ref`, one `tag --merged`.
 */
import { spawn } from 'node:child_process'
import type { RawCommit } from '../../core/plan-release.ts'
import type { TagRef } from '../../core/versions.ts'
import { type CommitQuery, CutError, type CutRequest, type CutResult, type Forge } from '../../ports/forge.ts'

export class GitError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'GitError'
    this.code = code
  }
}

type RunResult = { stdout: string; stderr: string; status: number }

// A record starts with NUL + RS: a commit message cannot hold a NUL, so the
// marker cannot be forged by a message.
const RECORD = '\u0000\u001e'
const RECORD_BYTES = Buffer.from(RECORD)
const FIELD = '\u001f'
const LOG_FORMAT = '--format=%x00%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f'

export class GitForge implements Forge {
  readonly dir: string
  constructor(dir: string) {
    this.dir = dir
  }

  /** Fails with a clear message when `dir` is not inside a git work tree. */
  async assertRepository(): Promise<void> {
    const r = await this.run(['rev-parse', '--git-dir'], true)
    if (r.status !== 0)
      throw new GitError(
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

  async listTags(): Promise<TagRef[]> {
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

  async listTagsReachableFrom(sha: string): Promise<Set<string>> {
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
    const r = await this.run(
      ['tag', '-a', '--cleanup=verbatim', '-F', '-', '--end-of-options', request.tag, request.sha],
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

  readCommits(query: CommitQuery, onBatch?: (batch: RawCommit[]) => void): Promise<RawCommit[]> {
    const args = ['-c', 'core.quotepath=off', 'log', '--no-color', LOG_FORMAT]
    if (query.withFiles) args.push('-z', '--name-only', '--no-renames')
    args.push(query.to, ...query.exclude.map((sha) => `^${sha}`), '--')
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] })
      const commits: RawCommit[] = []
      // Bytes are split at record markers (ASCII) and decoded whole, so a
      // multi-byte character is never cut in two and no decoder state is kept.
      // git writes a commit at a time; parsing each small chunk costs more
      // than git takes to write it, so chunks are gathered to ~1 MiB first.
      // Bytes are split at record markers (ASCII) and decoded whole, so a
      // multi-byte character is never cut in two.
      let chunks: Buffer[] = []
      let size = 0
      let stderr = ''
      const flush = (final: boolean) => {
        let data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)
        chunks = []
        size = 0
        const end = final ? data.length : data.lastIndexOf(RECORD_BYTES)
        if (end <= 0) {
          if (!final) {
            chunks.push(data)
            size = data.length
          }
          return
        }
        const batch = parseRecords(data.toString('utf8', 0, end), query.withFiles)
        data = data.subarray(end)
        if (data.length) {
          chunks.push(data)
          size = data.length
        }
        for (const c of batch) commits.push(c)
        onBatch?.(batch)
      }
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk
      })
      child.stdout.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.length
        if (size >= 1 << 20) flush(false)
      })
      child.on('error', (error) => reject(spawnError(error)))
      child.on('close', (status) => {
        if (status !== 0) {
          reject(new GitError('git_log_failed', `git log failed: ${firstLine(stderr)} (in ${this.dir})`))
          return
        }
        flush(true)
        resolve(commits)
      })
    })
  }

  private run(args: string[], allowFailure = false, input?: string): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: this.dir,
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
          reject(new GitError('git_failed', `git ${args[0]} failed: ${firstLine(stderr)} (in ${this.dir})`))
          return
        }
        resolve({ stdout, stderr, status: status ?? 1 })
      })
    })
  }
}

function parseRecords(text: string, withFiles: boolean): RawCommit[] {
  const into: RawCommit[] = []
  for (const record of text.split(RECORD)) {
    if (!record) continue
    const fields = record.split(FIELD)
    if (fields.length < 7) continue
    const [sha, parents, author, email, date] = fields as [string, string, string, string, string]
    // The message may hold a unit separator; the files follow the last one.
    const message = fields.slice(5, -1).join(FIELD)
    const commit: RawCommit = {
      sha,
      parents: parents ? parents.split(' ') : [],
      author,
      email,
      date,
      message,
    }
    if (withFiles) {
      commit.files = fields[fields.length - 1]!.split('\u0000')
        .map((f) => f.replace(/^\n/, ''))
        .filter(Boolean)
    }
    into.push(commit)
  }
  return into
}

/** `git@github.com:o/r.git` and `https://github.com/o/r(.git)` -> `https://github.com/o/r`. */
export function githubWebUrl(remote: string): string | null {
  const m =
    /^(?:https:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      remote,
    )
  return m ? `https://github.com/${m[1]}/${m[2]}` : null
}

function spawnError(error: NodeJS.ErrnoException): GitError {
  if (error.code === 'ENOENT')
    return new GitError('git_missing', 'git is not installed or not on PATH: install git and retry', {
      cause: error,
    })
  return new GitError('git_spawn_failed', `could not run git: ${error.message}`, { cause: error })
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no error output'
}
