/**
 * The release index on a branch of the local repository, written with git
 * plumbing (hash-object, mktree, commit-tree, update-ref) so the work tree,
 * the index and HEAD are never touched. `update-ref` with the old value
 * makes the write a compare-and-swap: of two writers from the same commit,
 * one lands and the other is told the branch moved.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { parseIndex } from '../../core/index/index-signature.ts'
import type { IndexAsset, SignedIndex } from '../../core/index/release-index.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { ReleaseIndexHost, StoredIndex } from '../../ports/release-index-host.ts'
import type { GitForge } from './git-forge.ts'
import { committerIdentity } from './git-identity.ts'

export class GitIndexBranch implements ReleaseIndexHost {
  readonly #git: GitForge
  constructor(git: GitForge) {
    this.#git = git
  }

  async read(line: string, branch: string): Promise<StoredIndex | null> {
    const head = await this.#head(branch)
    if (!head) return null
    const r = await this.#git.run(['cat-file', 'blob', `${head}:${line}.json`], true)
    if (r.status !== 0) return null
    const parsed = parseIndex(r.stdout)
    if (!parsed.ok)
      throw new ForgeError(
        'invalid',
        `release index ${line}.json on branch ${branch}: ${parsed.error.message}: restore it from the branch's history (git log ${branch})`,
      )
    return { doc: parsed.value, text: r.stdout, ref: head }
  }

  async write(line: string, branch: string, doc: SignedIndex, expected: string | null): Promise<boolean> {
    const text = `${JSON.stringify(doc, null, 2)}\n`
    const blob = (await this.#git.run(['hash-object', '-w', '--stdin'], false, text)).stdout.trim()
    const name = `${line}.json`
    const kept = expected
      ? (await this.#git.run(['ls-tree', '-z', expected])).stdout
          .split('\0')
          .filter((entry) => entry && entry.slice(entry.indexOf('\t') + 1) !== name)
      : []
    const entries = [...kept, `100644 blob ${blob}\t${name}`]
    const tree = (await this.#git.run(['mktree', '-z'], false, `${entries.join('\0')}\0`)).stdout.trim()
    const message = `herald: ${line} index, sequence ${doc.signed.sequence}`
    // A commit records a committer; where git knows nobody (a server), Herald commits as itself.
    const identity = await committerIdentity((args) => this.#git.run(args, true))
    const parents = expected ? ['-p', expected] : []
    const commit = (
      await this.#git.run([...identity, 'commit-tree', tree, ...parents, '-m', message])
    ).stdout.trim()
    const old = expected ?? '0'.repeat(commit.length)
    const r = await this.#git.run(['update-ref', '-m', message, `refs/heads/${branch}`, commit, old], true)
    return r.status === 0
  }

  async assets(_tag: string, dir: string | undefined): Promise<IndexAsset[]> {
    if (!dir) return []
    const root = resolve(this.#git.dir, dir)
    if (relative(this.#git.dir, root).startsWith('..'))
      throw new ForgeError(
        'invalid',
        `channels.index.assets: ${dir} is outside the repository: name a directory in it`,
      )
    let entries: import('node:fs').Dirent[]
    try {
      entries = await readdir(root, { withFileTypes: true })
    } catch {
      throw new ForgeError(
        'not_found',
        `release assets: directory ${dir} not found: build the assets before /release canary, or remove channels.index.assets`,
      )
    }
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort()
    return Promise.all(files.map(async (name) => ({ name, sha256: await sha256File(join(root, name)) })))
  }

  /** The local forge has no releases: the index is the whole state of the channels. */
  async markStable(_tag: string): Promise<void> {}

  async markRolledBack(_tag: string, _note: string): Promise<void> {}

  async #head(branch: string): Promise<string | null> {
    const r = await this.#git.run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], true)
    return r.status === 0 ? r.stdout.trim() : null
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
