/**
 * Releases: find one by tag, the latest one, create one (tagging the target
 * when the tag is new), edit one (flags, body, latest), and download an
 * asset. As on GitHub, a pre-release or a draft is never the latest, and
 * `make_latest` defaults to `true`.
 */
import { createHash } from 'node:crypto'
import type { FakeRelease, FakeRepo } from '../fake-model.ts'
import { created, notFound, ok, type Request, type Route, unprocessable, webUrl } from './route.ts'

function releaseJson(request: Request, rel: FakeRelease) {
  const base = `${request.server}/repos/${request.repo.owner}/${request.repo.name}`
  return {
    ...rel,
    html_url: `${webUrl(request)}/releases/tag/${rel.tag_name}`,
    // GitHub Enterprise's form: uploads on the API's host, under /api/uploads.
    upload_url: `${request.server}/api/uploads/repos/${request.repo.owner}/${request.repo.name}/releases/${rel.id}/assets{?name,label}`,
    assets: rel.assets.map((a) => ({
      id: a.id,
      name: a.name,
      size: Buffer.byteLength(a.content),
      digest: a.digest,
      url: `${base}/releases/assets/${a.id}`,
      browser_download_url: `${webUrl(request)}/releases/download/${rel.tag_name}/${a.name}`,
    })),
  }
}

/** Applies `make_latest` as GitHub does: `true` by default on creation, only when given on an edit. */
function latest(repo: FakeRepo, rel: FakeRelease, makeLatest: unknown): void {
  if (makeLatest !== undefined) rel.make_latest = String(makeLatest)
  if (rel.prerelease || rel.draft) {
    if (repo.latestReleaseId === rel.id) repo.latestReleaseId = null
  } else if (makeLatest !== undefined && String(makeLatest) === 'true') {
    repo.latestReleaseId = rel.id
  }
}

/** Adds an asset to a release, as an upload does; `digest: false` leaves GitHub's digest out. */
export function uploadAsset(repo: FakeRepo, tag: string, name: string, content: string, digest = true): void {
  const rel = repo.releases.find((x) => x.tag_name === tag)
  if (!rel) throw new Error(`no release ${tag}`)
  const id = 1000 + repo.releases.reduce((n, r) => n + r.assets.length, 0)
  const sha = createHash('sha256').update(content).digest('hex')
  rel.assets.push({ id, name, content, digest: digest ? `sha256:${sha}` : null })
}

export const releaseRoutes: Route[] = [
  {
    // An upload (the fake serves `/api/uploads/repos/…` here); the body is the file, as sent.
    method: 'POST',
    path: /^\/releases\/(\d+)\/assets$/,
    handle(request, m) {
      const rel = request.repo.releases.find((x) => x.id === Number(m[1]))
      const name = request.query.get('name')
      if (!rel || !request.upload) return notFound()
      if (!name)
        return unprocessable({ message: 'Validation Failed', errors: [{ field: 'name', code: 'missing' }] })
      if (rel.assets.some((a) => a.name === name))
        return unprocessable({
          message: 'Validation Failed',
          errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
        })
      uploadAsset(request.repo, rel.tag_name, name, request.raw)
      const asset = rel.assets.at(-1)!
      return created({ id: asset.id, name: asset.name, size: Buffer.byteLength(asset.content) })
    },
  },
  {
    method: 'GET',
    path: /^\/releases\/tags\/(.+)$/,
    handle(request, m) {
      const rel = request.repo.releases.find((x) => x.tag_name === m[1])
      return rel ? ok(releaseJson(request, rel)) : notFound()
    },
  },
  {
    method: 'GET',
    path: /^\/releases\/latest$/,
    handle(request) {
      const rel = request.repo.releases.find((x) => x.id === request.repo.latestReleaseId)
      return rel ? ok(releaseJson(request, rel)) : notFound()
    },
  },
  {
    method: 'GET',
    path: /^\/releases\/assets\/(\d+)$/,
    handle(request, m) {
      const asset = request.repo.releases.flatMap((r) => r.assets).find((a) => a.id === Number(m[1]))
      if (!asset) return notFound()
      if (request.accept !== 'application/octet-stream') return ok({ id: asset.id, name: asset.name })
      return { status: 200, raw: Buffer.from(asset.content) }
    },
  },
  {
    method: 'PATCH',
    path: /^\/releases\/(\d+)$/,
    handle(request, m) {
      const { repo, body } = request
      const rel = repo.releases.find((x) => x.id === Number(m[1]))
      if (!rel) return notFound()
      if (typeof body.body === 'string') rel.body = body.body
      if (typeof body.name === 'string') rel.name = body.name
      if (typeof body.prerelease === 'boolean') rel.prerelease = body.prerelease
      if (typeof body.draft === 'boolean') rel.draft = body.draft
      latest(repo, rel, body.make_latest)
      return ok(releaseJson(request, rel))
    },
  },
  {
    method: 'POST',
    path: /^\/releases$/,
    handle(request) {
      const { repo, body } = request
      const tag = String(body.tag_name)
      if (repo.releases.some((x) => x.tag_name === tag))
        return unprocessable({
          message: 'Validation Failed',
          errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
        })
      const rel: FakeRelease = {
        id: repo.releases.length + 1,
        tag_name: tag,
        name: String(body.name ?? tag),
        body: String(body.body ?? ''),
        prerelease: Boolean(body.prerelease),
        make_latest: String(body.make_latest ?? 'true'),
        draft: Boolean(body.draft),
        assets: [],
      }
      repo.releases.push(rel)
      latest(repo, rel, rel.make_latest)
      if (!repo.refs.has(`refs/tags/${tag}`))
        repo.refs.set(`refs/tags/${tag}`, repo.resolve(String(body.target_commitish ?? repo.defaultBranch))!)
      return created(releaseJson(request, rel))
    },
  },
]
