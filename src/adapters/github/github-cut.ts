/**
 * Cutting a release on GitHub: the tag ref on the pinned commit (through a
 * tag object when annotated), then the Release. Creating a ref never
 * overwrites one, so an existing tag comes back as GitHub's 422, which is
 * turned into a refusal, or into a resume when the tag is on the same commit
 * and its release is missing (the state a failure between the two leaves).
 */
import { CutError, type CutRequest, type CutResult } from '../../ports/forge.ts'
import { attachAssets, missingAssets, type PublishedRelease } from './github-assets.ts'
import { isAlreadyExists } from './github-error.ts'
import { call, callOrNull, type GitHubRepo } from './github-repo.ts'

/** GitHub refuses release bodies over 125,000 characters. */
const MAX_BODY = 125_000

type Tagger = { repo: GitHubRepo; tagCommit(tag: string): Promise<string | null> }

export async function cutGitHubRelease(
  forge: Tagger,
  request: CutRequest,
  options: { annotated: boolean; apiUrl?: string | undefined },
): Promise<CutResult> {
  if (!/^[0-9a-f]{40,64}$/.test(request.sha))
    throw new CutError('tag_failed', `not a full commit sha: "${request.sha}"`)
  const tagged = await createTag(forge, request, options.annotated)
  const tagCreated = tagged === true
  const release = typeof tagged === 'object' ? tagged : await publishRelease(forge.repo, request, tagCreated)
  const missing = missingAssets(release, request.assets)
  if (missing.length) await attachAssets(forge.repo, options.apiUrl, request.tag, release, missing)
  return { tag: request.tag, sha: request.sha, releaseUrl: release.html_url, tagCreated }
}

/**
 * Creates the tag on the pinned commit: true when created, false when an
 * earlier cut's tag is resumed, the release when an earlier cut published
 * it but stopped before attaching every asset.
 */
async function createTag(
  forge: Tagger,
  request: CutRequest,
  annotated: boolean,
): Promise<boolean | PublishedRelease> {
  const { repo: r } = forge
  const { tag, sha } = request
  const short = sha.slice(0, 12)
  try {
    let object = sha
    if (annotated) {
      const { data } = await call(`creating the tag object ${tag}`, () =>
        r.client.rest.git.createTag({
          owner: r.owner,
          repo: r.repo,
          tag,
          message: request.title,
          object: sha,
          type: 'commit',
        }),
      )
      object = data.sha
    }
    await call(`creating tag ${tag} on ${short}`, () =>
      r.client.rest.git.createRef({ owner: r.owner, repo: r.repo, ref: `refs/tags/${tag}`, sha: object }),
    )
    return true
  } catch (error) {
    if (!isAlreadyExists(error))
      throw new CutError('tag_failed', `${(error as Error).message}; nothing was created`, { cause: error })
    const existing = await forge.tagCommit(tag)
    if (existing !== sha)
      throw new CutError(
        'tag_elsewhere',
        `tag ${tag} already exists on ${existing?.slice(0, 12) ?? 'another object'}, not on ${short}: Herald never moves or overwrites a tag; plan again for the next version`,
      )
    const released = await callOrNull(`reading the release of ${tag}`, () =>
      r.client.rest.repos.getReleaseByTag({ owner: r.owner, repo: r.repo, tag }),
    )
    if (released && missingAssets(released.data, request.assets).length) return released.data
    if (released)
      throw new CutError(
        'tag_exists',
        `tag ${tag} and its release already exist (${released.data.html_url}): nothing to do; plan again for the next version`,
      )
    // The same tag on the same commit without a release: an earlier cut stopped halfway. Resume.
    return false
  }
}

/** Creates the GitHub Release of the tag; a retried POST that already went through is found, not repeated. */
async function publishRelease(
  r: GitHubRepo,
  request: CutRequest,
  tagCreated: boolean,
): Promise<PublishedRelease> {
  const { tag, sha } = request
  const body =
    request.notes.length > MAX_BODY
      ? `${request.notes.slice(0, MAX_BODY - 200)}\n\n… (notes truncated: GitHub allows ${MAX_BODY} characters; see the changelog)\n`
      : request.notes
  try {
    const { data } = await call(`creating the GitHub Release ${tag}`, () =>
      r.client.rest.repos.createRelease({
        owner: r.owner,
        repo: r.repo,
        tag_name: tag,
        name: request.title,
        body,
        draft: false,
        prerelease: request.prerelease,
        // GitHub never makes a prerelease the latest; say so rather than rely on it.
        make_latest: request.makeLatest && !request.prerelease ? 'true' : 'false',
      }),
    )
    return data
  } catch (error) {
    if (isAlreadyExists(error) && tagCreated) {
      // Our own POST went through before a retried one: the release is there.
      const released = await callOrNull(`reading the release of ${tag}`, () =>
        r.client.rest.repos.getReleaseByTag({ owner: r.owner, repo: r.repo, tag }),
      )
      if (released) return released.data
    }
    throw new CutError(
      'release_failed',
      `tag ${tag} is on ${sha.slice(0, 12)}, but creating its GitHub Release failed: ${(error as Error).message}. The tag stays where it is; run the release again to create the release for the existing tag`,
      { cause: error },
    )
  }
}
