/** `GET /repos/{owner}/{name}`. */
import { ok, type Route, webUrl } from './route.ts'

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    path: /^$/,
    handle: (request) =>
      ok({
        full_name: `${request.repo.owner}/${request.repo.name}`,
        default_branch: request.repo.defaultBranch,
        html_url: webUrl(request),
      }),
  },
]
