/**
 * The release index and the channel flags on GitHub. The index is committed
 * as `<line>.json` to its branch through the git data API (blob, tree on the
 * commit read, commit, then the ref moved without force): a writer whose
 * commit does not descend from the branch's head is refused as "not a fast
 * forward", so of two writers from the same commit one lands and the other
 * is told the branch moved. A canary is a pre-release that is never the
 * latest; promote and rollback make a version's Release full and latest; a
 * rollback notes itself at the top of the Release it replaced.
 */
import { createHash } from 'node:crypto'
import { parseIndex } from '../../core/index/index-signature.ts'
import type { IndexAsset, SignedIndex } from '../../core/index/release-index.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import type { ReleaseIndexHost, StoredIndex } from '../../ports/release-index-host.ts'
import { toForgeError, toGitHubError } from './github-error.ts'
import { call, callOrNull, type GitHubRepo } from './github-repo.ts'

/** Marks the rolled-back note in a Release's body, so that it is added once. */
const ROLLED_BACK = '<!-- herald: rolled back -->'

type ReleaseJson = {
  id: number
  body?: string | null
  assets?: { id: number; name: string; digest?: string | null }[]
}

export class GitHubIndexBranch implements ReleaseIndexHost {
  readonly #r: GitHubRepo
  constructor(repo: GitHubRepo) {
    this.#r = repo
  }

  async read(line: string, branch: string): Promise<StoredIndex | null> {
    const head = await this.#head(branch)
    if (!head) return null
    const text = await this.#file(`${line}.json`, head)
    if (text === null) return null
    const parsed = parseIndex(text)
    if (!parsed.ok)
      throw new ForgeError(
        'invalid',
        `release index ${line}.json on branch ${branch}: ${parsed.error.message}: restore it from the branch's history on GitHub`,
      )
    return { doc: parsed.value, text, ref: head }
  }

  async write(line: string, branch: string, doc: SignedIndex, expected: string | null): Promise<boolean> {
    const r = this.#r
    const repo = { owner: r.owner, repo: r.repo }
    const message = `herald: ${line} index, sequence ${doc.signed.sequence}`
    const content = `${JSON.stringify(doc, null, 2)}\n`
    const blob = await call(`writing ${line}.json`, () =>
      r.client.rest.git.createBlob({ ...repo, content, encoding: 'utf-8' }),
    )
    const base = expected
      ? await call(`reading commit ${expected.slice(0, 12)} of ${branch}`, () =>
          r.client.rest.git.getCommit({ ...repo, commit_sha: expected }),
        )
      : null
    const tree = await call(`writing the tree of ${branch}`, () =>
      r.client.rest.git.createTree({
        ...repo,
        ...(base ? { base_tree: base.data.tree.sha } : {}),
        tree: [{ path: `${line}.json`, mode: '100644', type: 'blob', sha: blob.data.sha }],
      }),
    )
    const commit = await call(`committing ${line}.json to ${branch}`, () =>
      r.client.rest.git.createCommit({
        ...repo,
        message,
        tree: tree.data.sha,
        parents: expected ? [expected] : [],
      }),
    )
    const what = `moving branch ${branch} to sequence ${doc.signed.sequence}`
    try {
      if (expected)
        await r.client.rest.git.updateRef({
          ...repo,
          ref: `heads/${branch}`,
          sha: commit.data.sha,
          force: false,
        })
      else await r.client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha })
      return true
    } catch (error) {
      const e = toGitHubError(error, what)
      if (e.status !== 422) throw toForgeError(e, what)
      // Refused: someone else moved the branch, unless a retried request of ours already had.
      return (await this.#head(branch)) === commit.data.sha
    }
  }

  async assets(tag: string, _dir: string | undefined): Promise<IndexAsset[]> {
    const release = await this.#release(tag)
    if (!release) return []
    const assets = await Promise.all(
      (release.assets ?? []).map(async (a) => ({ name: a.name, sha256: await this.#sha256(a) })),
    )
    return assets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  async markStable(tag: string): Promise<void> {
    const release = await this.#release(tag)
    if (!release)
      throw new ForgeError(
        'not_found',
        `tag ${tag} has no GitHub Release to make the latest: create its Release on GitHub, then press Retry`,
      )
    const r = this.#r
    await call(`making the GitHub Release ${tag} the latest`, () =>
      r.client.rest.repos.updateRelease({
        owner: r.owner,
        repo: r.repo,
        release_id: release.id,
        prerelease: false,
        make_latest: 'true',
      }),
    )
  }

  async markRolledBack(tag: string, note: string): Promise<void> {
    const release = await this.#release(tag)
    // No Release, nowhere to show the note: the index still marks the version rolled back.
    if (!release || release.body?.includes(ROLLED_BACK)) return
    const r = this.#r
    const body = `${note}\n${ROLLED_BACK}\n\n${release.body ?? ''}`
    await call(`noting the rollback on the GitHub Release ${tag}`, () =>
      r.client.rest.repos.updateRelease({
        owner: r.owner,
        repo: r.repo,
        release_id: release.id,
        body,
        make_latest: 'false',
      }),
    )
  }

  async #head(branch: string): Promise<string | null> {
    const r = this.#r
    const ref = await callOrNull(`reading branch ${branch}`, () =>
      r.client.rest.git.getRef({ owner: r.owner, repo: r.repo, ref: `heads/${branch}` }),
    )
    return ref?.data.object.sha ?? null
  }

  /** A file at a commit; past the contents API's 1 MB it comes as a blob. */
  async #file(path: string, ref: string): Promise<string | null> {
    const r = this.#r
    const found = await callOrNull(`reading ${path} at ${ref.slice(0, 12)}`, () =>
      r.client.rest.repos.getContent({ owner: r.owner, repo: r.repo, path, ref }),
    )
    if (!found) return null
    const data = found.data as { type?: string; content?: string; encoding?: string; sha?: string }
    if (data.type !== 'file') return null
    if (data.encoding === 'base64' && data.content)
      return Buffer.from(data.content, 'base64').toString('utf8')
    const blob = await call(`reading ${path} at ${ref.slice(0, 12)}`, () =>
      r.client.rest.git.getBlob({ owner: r.owner, repo: r.repo, file_sha: String(data.sha) }),
    )
    return Buffer.from(blob.data.content, 'base64').toString('utf8')
  }

  async #release(tag: string): Promise<ReleaseJson | null> {
    const r = this.#r
    const found = await callOrNull(`reading the GitHub Release ${tag}`, () =>
      r.client.rest.repos.getReleaseByTag({ owner: r.owner, repo: r.repo, tag }),
    )
    return found ? (found.data as ReleaseJson) : null
  }

  /** GitHub's digest of the asset; assets uploaded before GitHub kept one are downloaded and hashed. */
  async #sha256(asset: { id: number; name: string; digest?: string | null }): Promise<string> {
    const digest = /^sha256:([0-9a-f]{64})$/.exec(asset.digest ?? '')
    if (digest) return digest[1]!
    const r = this.#r
    const { data } = await call(`downloading the release asset ${asset.name}`, () =>
      r.client.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
        owner: r.owner,
        repo: r.repo,
        asset_id: asset.id,
        headers: { accept: 'application/octet-stream' },
      }),
    )
    return createHash('sha256')
      .update(Buffer.from(data as unknown as ArrayBuffer))
      .digest('hex')
  }
}
