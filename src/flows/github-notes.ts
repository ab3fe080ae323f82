/**
 * Label-based notes through the forge: the pull request of each change
 * (labels, author login) and the repository's `.github/release.yml`. Hooks
 * into `releaseTextForLine` (its `enrich` option, and the lines' notes).
 */
import type { ReleasePlan } from '../core/plan-release.ts'
import type { ReleaseLine } from '../core/release-line.ts'
import type { NoteInput } from '../core/release-notes.ts'
import { parseReleaseYml, type RepositoryNotes } from '../core/release-yml.ts'
import type { Result } from '../core/result.ts'
import type { ReleaseHost } from '../ports/release-host.ts'
import type { NoteSources } from './line-notes.ts'

/**
 * Everything label-based notes read through a forge that knows pull requests:
 * one set for `herald plan`, the release preview and cut, and release PRs, so
 * the notes a preview pins are the notes GitHub publishes.
 */
export function githubNoteSources(host: ReleaseHost): Required<NoteSources> {
  return { enrich: pullRequestEnricher(host), repositoryNotes: (ref) => readRepositoryNotes(host, ref) }
}

/** The `enrich` option of `releaseTextForLine`: each change with its PR's labels and author. */
export function pullRequestEnricher(host: ReleaseHost) {
  return async (commits: ReleasePlan['commits']): Promise<NoteInput[]> => {
    const numbers = [...new Set(commits.map((c) => c.pr).filter((n): n is number => n !== null))]
    const prs = new Map((await host.pullRequests(numbers)).map((p) => [p.number, p]))
    return commits.map((c) => {
      const pr = c.pr === null ? undefined : prs.get(c.pr)
      return pr ? { ...c, labels: pr.labels, authorLogin: pr.author ?? undefined } : { ...c }
    })
  }
}

/** The repository's `.github/release.yml` (or `.yaml`) at a commit; ok(null) when it has none. */
export async function readRepositoryNotes(
  host: ReleaseHost,
  ref: string,
): Promise<Result<RepositoryNotes | null, string>> {
  const paths = ['.github/release.yml', '.github/release.yaml']
  if (host.readFirstFile) {
    const found = await host.readFirstFile(paths, ref)
    return found ? parseReleaseYml(found.text, found.path) : { ok: true, value: null }
  }
  for (const path of paths) {
    const text = await host.readFile(path, ref)
    if (text !== null) return parseReleaseYml(text, path)
  }
  return { ok: true, value: null }
}

/** Lines whose config says nothing about notes take the repository's categories; a line's own `notes` wins. */
export function withRepositoryNotes(
  lines: readonly ReleaseLine[],
  notes: RepositoryNotes | null,
): ReleaseLine[] {
  if (!notes || notes.sections.length === 0) return [...lines]
  return lines.map((line) =>
    line.notes
      ? line
      : {
          ...line,
          notes: {
            template: 'default',
            scopes: true,
            sections: notes.sections,
            exclude: { labels: notes.exclude.labels, authors: notes.exclude.authors, types: [] },
          },
        },
  )
}
