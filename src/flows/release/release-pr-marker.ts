/**
 * The marker Herald leaves in a release PR's body (line, version, tag, bump)
 * and the notes around it: what publishing the merged PR reads back.
 */
import type { Bump } from '../../core/release-line.ts'

export type Marker = {
  line: string
  version: string
  tag: string
  bump?: Bump | undefined
  /** The commit of the line's branch the PR was computed at. */
  at?: string | undefined
  /** The next development version asked for with `next:` (kept when the PR is refreshed after pushes). */
  next?: string | undefined
}

const MARKER = /<!-- herald-release (\{[^\n]*\}) -->\n?/

/** The body of a release PR: the marker, the notes, what to do after merging, and the commit it was computed at. */
export function releasePrBody(marker: Marker, notes: string): string {
  const at = marker.at ? `Computed at ${marker.at}.\n` : ''
  return `<!-- herald-release ${JSON.stringify(marker)} -->\n${notes.trimEnd()}\n\n---\nMerge this PR to release ${marker.tag}, then run \`/release line:${marker.line}\` to tag the merge commit and publish the release.\n${at}`
}

/** `1.0.0` major, `1.2.0` minor, `1.2.3` patch. */
export function bumpOfVersion(version: string): Bump {
  // Any scheme's release segments: `26.2.0rc2` is read as 26.2.0.
  const [, minor = '0', patch = '0'] = /^(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1) ?? []
  return patch !== '0' ? 'patch' : minor !== '0' ? 'minor' : 'major'
}

export function readMarker(body: string): Marker | null {
  const m = MARKER.exec(body)
  if (!m) return null
  try {
    const v = JSON.parse(m[1]!) as Partial<Marker>
    const bump = v.bump === 'major' || v.bump === 'minor' || v.bump === 'patch' ? v.bump : undefined
    const at = typeof v.at === 'string' && /^[0-9a-f]{40}$/.test(v.at) ? v.at : undefined
    const next = typeof v.next === 'string' && /^[\w.+-]{1,64}$/.test(v.next) ? v.next : undefined
    return typeof v.line === 'string' && typeof v.version === 'string' && typeof v.tag === 'string'
      ? { line: v.line, version: v.version, tag: v.tag, bump, at, ...(next ? { next } : {}) }
      : null
  } catch {
    return null
  }
}

/** The PR body without Herald's marker and footer: the notes, as reviewers last left them. */
export function notesOf(body: string): string {
  return `${body
    .replace(MARKER, '')
    .replace(/\n---\nMerge this PR to release [^\n]*\n?(Computed at [0-9a-f]{40}\.\n?)?$/, '')
    .trimEnd()}\n`
}
