/**
 * GitHub's `.github/release.yml` (the file GitHub's generated release notes
 * read) as Herald note sections: categories become sections in their order,
 * `exclude.labels` / `exclude.authors` add to the default exclusions
 * (Dependabot and github-actions stay excluded: bots' changes are not news),
 * and `*` becomes the catch-all. Each category also takes the commit types
 * of the default section its labels name, so a change without labels still
 * lands by its Conventional type. Pure.
 */
import { parse } from 'yaml'
import { z } from 'zod'
import { DEFAULT_EXCLUDE, DEFAULT_SECTIONS, type NoteSection, type NotesOptions } from './note-sections.ts'
import { err, ok, type Result } from './result.ts'

const exclusions = z.strictObject({
  labels: z.array(z.string()).optional(),
  authors: z.array(z.string()).optional(),
})

const releaseYml = z.object({
  changelog: z
    .object({
      exclude: exclusions.optional(),
      categories: z
        .array(
          z.object({
            title: z.string().min(1),
            labels: z.array(z.string()).min(1),
            exclude: exclusions.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
})

export type RepositoryNotes = Pick<NotesOptions, 'sections'> & {
  exclude: Pick<NotesOptions['exclude'], 'labels' | 'authors'>
}

export function parseReleaseYml(text: string, path = '.github/release.yml'): Result<RepositoryNotes, string> {
  let data: unknown
  try {
    data = parse(text)
  } catch (error) {
    return err(`${path}: not valid YAML (${(error as Error).message.split('\n')[0]}): fix it or delete it`)
  }
  const parsed = releaseYml.safeParse(data ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return err(
      `${path}: ${issue.path.join('.') || 'top level'}: ${issue.message} (see GitHub's release.yml format)`,
    )
  }
  const changelog = parsed.data.changelog ?? {}
  const used = new Set<string>()
  const sections: NoteSection[] = (changelog.categories ?? []).map((category) => {
    const catchAll = category.labels.includes('*')
    const defaults = DEFAULT_SECTIONS.filter(
      (s) =>
        s.id !== 'other' &&
        s.labels.some((l) => category.labels.some((c) => c.toLowerCase() === l.toLowerCase())),
    )
    let id = catchAll ? 'other' : (defaults[0]?.id ?? slug(category.title))
    while (used.has(id)) id = `${id}-2`
    used.add(id)
    return {
      id,
      title: category.title,
      types: [...new Set(defaults.flatMap((s) => s.types))],
      labels: category.labels,
    }
  })
  return ok({
    sections,
    exclude: {
      labels: union(DEFAULT_EXCLUDE.labels, changelog.exclude?.labels),
      authors: union(DEFAULT_EXCLUDE.authors, changelog.exclude?.authors),
    },
  })
}

function union(base: readonly string[], more: readonly string[] | undefined): string[] {
  return [...new Set([...base, ...(more ?? [])])]
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  )
}
