/**
 * The `swarm` release notes template (`notes.template: swarm`): Highlights,
 * Breaking changes with migration, Features, Bug fixes, Upgrade guide, Thanks,
 * Known issues. The parts a person adds by hand (a theme, known issues) come in the
 * context; a part with nothing to say is left out rather than printed empty.
 * Pure.
 */
import { escapeInline } from './markdown.ts'
import type { NotesOptions } from './note-sections.ts'
import { divergedVersions, renderChecksums } from './release-assets.ts'
import { type NoteEntry, type NotesContext, type NotesModel, renderEntry } from './release-notes.ts'

const HIGHLIGHTS = 5

export function renderSwarmNotes(
  model: NotesModel,
  options: NotesOptions,
  context: NotesContext = {},
): string {
  const section = (id: string) => model.sections.find((s) => s.id === id)?.entries ?? []
  const format = { scopes: options.scopes, migration: false }
  const line = (e: NoteEntry) => renderEntry(e, context.links, format)
  const blocks: string[] = []

  const name = context.tag ?? (context.version ? `v${context.version}` : null)
  if (name) blocks.push(`# ${escapeInline(name)}${context.theme ? ` — ${escapeInline(context.theme)}` : ''}`)
  const diverged =
    context.version && context.packages ? divergedVersions(context.packages, context.version) : null
  if (diverged) blocks.push(`**Packages:** ${escapeInline(diverged)}`)

  const features = section('features')
  if (features.length) {
    // Highlights (3-5 notable features): those with a scope first, as they name what changed.
    const picked = [...features.filter((e) => e.scope), ...features.filter((e) => !e.scope)].slice(
      0,
      HIGHLIGHTS,
    )
    blocks.push(`## Highlights\n\n${picked.map((e) => `- ${highlightText(e, options)}`).join('\n')}`)
  }

  const breaking = section('breaking')
  if (breaking.length) {
    const items = breaking.map((e) => {
      const head = line(e)
      if (!e.migration) return head
      // `— **migration:** …` on the item's line; a multi-line note follows, indented.
      const [first, ...rest] = e.migration.split('\n')
      const tail = rest.length ? `\n${rest.map((l) => (l.trim() ? `  ${l}` : '')).join('\n')}` : ''
      return `${head} — **migration:** ${first}${tail}`
    })
    blocks.push(`## Breaking changes\n\n${items.join('\n')}`)
  }
  if (features.length) blocks.push(`## Features\n\n${features.map(line).join('\n')}`)
  const fixes = section('fixes')
  if (fixes.length) blocks.push(`## Bug fixes\n\n${fixes.map(line).join('\n')}`)
  const rest = model.sections.filter((s) => !['breaking', 'features', 'fixes'].includes(s.id))
  if (rest.length) {
    const items = rest.flatMap((s) => s.entries.map(line))
    blocks.push(`## Other changes\n\n${items.join('\n')}`)
  }

  const steps = breaking.filter((e) => e.migration).map((e) => upgradeStep(e))
  if (steps.length || context.compareUrl) {
    const numbered = steps.map((s, i) => `${i + 1}. ${s}`).join('\n')
    const diff = context.compareUrl ? `Full diff: ${context.compareUrl}.` : ''
    blocks.push(`## Upgrade guide\n\n${[numbered, diff].filter(Boolean).join('\n\n')}`)
  }

  const thanks = thanksList(model)
  if (thanks.length) blocks.push(`## Thanks\n\n${thanks.join('\n')}`)
  if (context.knownIssues?.length)
    blocks.push(`## Known issues\n\n${context.knownIssues.map((k) => `- ${escapeInline(k)}`).join('\n')}`)
  if (context.assets?.length) blocks.push(`## Checksums\n\n${renderChecksums(context.assets)}`)
  return blocks.length ? `${blocks.join('\n\n')}\n` : ''
}

function highlightText(e: NoteEntry, options: NotesOptions): string {
  const scope = options.scopes && e.scope ? `**${escapeInline(e.scope)}:** ` : ''
  return `${scope}${escapeInline(e.subject)}`
}

function upgradeStep(e: NoteEntry): string {
  const what = e.scope ? `${escapeInline(e.scope)}: ${escapeInline(e.subject)}` : escapeInline(e.subject)
  const [first, ...rest] = e.migration!.split('\n')
  const tail = rest.length ? `\n${rest.map((l) => (l.trim() ? `   ${l}` : '')).join('\n')}` : ''
  return `${what} — ${first}${tail}`
}

/**
 * First-time and external contributors, each once, with what they changed.
 * Only the forge knows who they are (GitHub's author association); with the
 * local git forge nobody is flagged and the section is left out.
 */
function thanksList(model: NotesModel): string[] {
  const by = new Map<string, NoteEntry[]>()
  for (const s of model.sections)
    for (const e of s.entries) {
      if (!e.firstContribution && !e.external) continue
      const who = e.authorLogin ? `@${e.authorLogin}` : e.author
      by.set(who, [...(by.get(who) ?? []), e])
    }
  return [...by].map(([who, entries]) => {
    const first = entries.some((e) => e.firstContribution) ? ' (first contribution)' : ''
    const what = entries.map((e) => (e.pr !== null ? `#${e.pr}` : e.sha.slice(0, 7))).join(', ')
    return `- ${escapeInline(who)}${first} — ${what}`
  })
}
