/**
 * Attaching files to a GitHub Release (`checksums.txt`): each one POSTed to
 * the release's `upload_url`, as GitHub's Releases API asks (on github.com
 * that is uploads.github.com; on GitHub Enterprise `https://HOST/api/uploads`).
 * The token goes only to the API's own host or, for api.github.com, to
 * uploads.github.com: an answer naming any other host is refused.
 */
import { CutError, type ReleaseAsset } from '../../ports/forge.ts'
import { DEFAULT_API_URL } from './github-client.ts'
import { call, type GitHubRepo } from './github-repo.ts'

/** The parts of a GitHub Release that attaching files needs. */
export type PublishedRelease = { html_url: string; upload_url: string; assets?: { name: string }[] }

/** The assets a release lacks (those already attached, by an earlier cut, stay as they are). */
export function missingAssets(
  release: Pick<PublishedRelease, 'assets'>,
  assets: readonly ReleaseAsset[] | undefined,
): ReleaseAsset[] {
  const present = new Set((release.assets ?? []).map((a) => a.name))
  return (assets ?? []).filter((a) => !present.has(a.name))
}

export async function attachAssets(
  r: GitHubRepo,
  apiUrl: string | undefined,
  tag: string,
  release: PublishedRelease,
  assets: readonly ReleaseAsset[],
): Promise<void> {
  for (const asset of assets) {
    const fail = (why: string, cause?: unknown) =>
      new CutError(
        'release_failed',
        `tag ${tag} and its GitHub Release are published, but attaching ${asset.name} failed: ${why}. Run the release again to attach it`,
        { cause },
      )
    const url = uploadUrl(release.upload_url, apiUrl ?? DEFAULT_API_URL, asset.name)
    if (!url) throw fail(`GitHub named an upload address on another host (${release.upload_url})`)
    try {
      await call(`attaching ${asset.name} to the GitHub Release ${tag}`, () =>
        r.client.request({
          method: 'POST',
          url,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          data: asset.content,
        }),
      )
    } catch (error) {
      throw fail((error as Error).message, error)
    }
  }
}

/** `upload_url` without its `{?name,label}` template, with the file name; null when its host is not GitHub's. */
export function uploadUrl(template: string, apiUrl: string, name: string): string | null {
  const raw = template.replace(/\{[^}]*\}$/, '')
  if (!URL.canParse(raw)) return null
  const url = new URL(raw)
  const api = new URL(apiUrl)
  const allowed =
    url.origin === api.origin ||
    (api.host === 'api.github.com' && url.origin === 'https://uploads.github.com')
  if (!allowed) return null
  url.searchParams.set('name', name)
  return url.toString()
}
