/**
 * Release notes markdown from a plan's commits: breaking changes first with
 * their migration notes, then one section per kind of change. Pure.
 */
import type { PlannedCommit } from './plan-release.ts'

export type NoteSection = { id: string; title: string; types: string[] }

/** Default sections, in order (issue #7; the Connexity seed's label table). */
export const DEFAULT_SECTIONS: NoteSection[] = [
  { id: 'features', title: '🚀 Features', types: ['feat', 'feature'] },
  { id: 'fixes', title: '🐛 Bug Fixes', types: ['fix'] },
  { id: 'performance', title: '⚡ Performance', types: ['perf'] },
  { id: 'reverts', title: '⏪ Reverts', types: ['revert'] },
  { id: 'docs', title: '📚 Documentation', types: ['docs'] },
  {
    id: 'maintenance',
    title: '🧰 Maintenance',
    types: ['chore', 'refactor', 'test', 'tests', 'ci', 'build', 'style', 'deps'],
  },
]
export const BREAKING_TITLE = '⚠️ Breaking Changes'
export const OTHER_TITLE = 'Other Changes'

export type NoteLinks = { commit: (sha: string) => string; pr: (n: number) => string }

/** Which section a commit belongs to (`breaking` is separate: a breaking feature is listed in both). */
export function sectionOf(commit: Pick<PlannedCommit, 'type'>, sections = DEFAULT_SECTIONS): string {
  if (commit.type === null) return 'other'
  return sections.find((s) => s.types.includes(commit.type!))?.id ?? 'other'
}

export function renderReleaseNotes(
  commits: readonly PlannedCommit[],
  links?: NoteLinks,
  sections: NoteSection[] = DEFAULT_SECTIONS,
): string {
  const visible = commits.filter(
    (c) => !/^Merge (pull request|branch|remote-tracking branch) /.test(c.header),
  )
  if (visible.length === 0) return ''
  const blocks: string[] = []
  const breaking = visible.filter((c) => c.breaking)
  if (breaking.length) {
    const items = breaking.map((c) => {
      const notes = c.breakingNotes.filter((n) => n && n !== c.subject)
      const head = renderEntry(c, links)
      return notes.length ? `${head}\n${notes.map((n) => indent(n)).join('\n')}` : head
    })
    blocks.push(`### ${BREAKING_TITLE}\n\n${items.join('\n')}`)
  }
  const grouped = new Map<string, PlannedCommit[]>()
  for (const c of visible) {
    const id = sectionOf(c, sections)
    const list = grouped.get(id)
    if (list) list.push(c)
    else grouped.set(id, [c])
  }
  for (const section of [...sections, { id: 'other', title: OTHER_TITLE, types: [] }]) {
    const items = grouped.get(section.id)
    if (!items?.length) continue
    blocks.push(`### ${section.title}\n\n${items.map((c) => renderEntry(c, links)).join('\n')}`)
  }
  return `${blocks.join('\n\n')}\n`
}

function renderEntry(c: PlannedCommit, links?: NoteLinks): string {
  const scope = c.scope ? `**${c.scope}:** ` : ''
  const refs: string[] = []
  if (c.pr !== null) refs.push(links ? `[#${c.pr}](${links.pr(c.pr)})` : `#${c.pr}`)
  const short = c.sha.slice(0, 7)
  refs.push(links ? `[${short}](${links.commit(c.sha)})` : short)
  return `- ${scope}${escapeMarkdown(c.subject)} (${refs.join(', ')})`
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() ? `  ${l}` : ''))
    .join('\n')
}

/** Commit subjects are data: keep them from opening links or HTML in the notes. */
function escapeMarkdown(text: string): string {
  return text.replace(/[<>]/g, (ch) => (ch === '<' ? '&lt;' : '&gt;'))
}
