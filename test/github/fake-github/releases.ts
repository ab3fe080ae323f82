/** Releases: find one by tag, create one (tagging the target when the tag is new). */
import type { FakeRelease } from '../fake-model.ts'
import { created, notFound, ok, type Request, type Route, unprocessable, webUrl } from './route.ts'

function releaseJson(request: Request, rel: FakeRelease) {
  return { ...rel, html_url: `${webUrl(request)}/releases/tag/${rel.tag_name}` }
}

export const releaseRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/releases\/tags\/(.+)$/,
    handle(request, m) {
      const rel = request.repo.releases.find((x) => x.tag_name === m[1])
      return rel ? ok(releaseJson(request, rel)) : notFound()
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
        draft: false,
      }
      repo.releases.push(rel)
      if (!repo.refs.has(`refs/tags/${tag}`))
        repo.refs.set(`refs/tags/${tag}`, repo.resolve(String(body.target_commitish ?? repo.defaultBranch))!)
      return created(releaseJson(request, rel))
    },
  },
]
