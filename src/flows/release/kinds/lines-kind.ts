/**
 * `lines`: several lines cut on one click (`/release line:main,lts-1.x`).
 * Each line's tag goes on the commit its preview pinned, at the tip of the
 * line's own branch. The lines are cut one after the other and each line's
 * outcome is written to the record (still `cutting`, audited) before the next
 * is cut, so a cut interrupted half-way still knows which lines are done: **Retry cut**
 * reports those as done and cuts only the rest (and the forge reuses a tag
 * already on the pinned commit, never moves one). A line that fails does not
 * stop the others; the outcome lists every line.
 */
import type { ReleaseLine } from '../../../core/release-line.ts'
import { isPrereleaseOf } from '../../../core/version-scheme/index.ts'
import { CutError } from '../../../ports/forge.ts'
import { md, mdCode } from '../../view.ts'
import { latestBranch } from '../latest-release.ts'
import { followUpCommit } from '../next-version.ts'
import { cutFailed, type ReleaseDeps, type ReleaseKind } from '../release-kind.ts'
import type { LinePin, LineResult, ReleaseRecord } from '../release-record.ts'
import { verifyLines } from './lines-prepare.ts'
import { cutTag, resumedCut } from './tag-kind.ts'

export const linesKind: ReleaseKind = {
  name: 'lines',
  // Never chosen by a line's mode: a request naming several lines asks for it (`kinds/index.ts`).
  modes: [],
  releases: true,

  async prepare() {
    return null
  },

  verify: (deps, record) => verifyLines(deps, record),

  async execute(deps, record, _line, progress) {
    const pins = record.lines ?? []
    if (!pins.length) return cutFailed('no_lines', 'this release names no lines: run /release again')
    const done: LinePin[] = []
    // The forge shows one release as the latest: the first line named that releases from the
    // repository's default branch (local git: the checked-out one), never a maintenance line's.
    const head = await latestBranch(deps.forge)
    let latest = true
    for (const [i, pin] of pins.entries()) {
      const line = deps.lines.find((l) => l.name === pin.plan.line)
      const makeLatest = latest && line?.branch === head && !isPrereleaseOf(line, pin.plan.version)
      if (makeLatest) latest = false
      // Cut by an earlier attempt of this record (a retry after a failure or an interruption).
      if (pin.result?.ok) {
        done.push(pin)
        continue
      }
      const result = await cutLine(deps, record, pin, line, makeLatest)
      done.push({ ...pin, result })
      // Recorded before the next line is cut: an interruption never loses which lines are done.
      await progress?.(
        { lines: [...done, ...pins.slice(i + 1)] },
        `line ${pin.plan.line}: ${result.ok ? `${pin.plan.tag} cut` : `${pin.plan.tag} not cut (${result.code})`}`,
      )
    }
    return outcome(done)
  },

  view: {
    header: (r) => `${r.plan.tag} (lines ${(r.lines ?? []).map((p) => p.plan.line).join(', ')})`,
    fields: (r) =>
      (r.lines ?? []).map((p) => ({
        label: `Line ${p.plan.line}`,
        value: md(
          `${p.plan.from ?? '(first release)'} → ${p.plan.tag} (${p.plan.bump}, ${p.plan.commits} commit${p.plan.commits === 1 ? '' : 's'}, at ${p.plan.sha.slice(0, 12)})${p.next ? `; next development version ${p.next}` : ''}`,
        ),
      })),
    titles: { cut_failed: 'not every line was cut' },
    confirmLabel: (r) => `Cut ${(r.lines ?? []).length} releases`,
    confirmText: (r) =>
      `**Cut ${(r.lines ?? []).length} releases** tags each line at the tip of its own branch, as shown: ${(r.lines ?? []).map((p) => `${mdCode(p.plan.tag)} at \`${p.plan.sha.slice(0, 12)}\``).join(', ')}. A line that fails is reported with the reason; the others are still cut.`,
    doneText: linesText,
    outcomeText: linesText,
    announceTags: (r) => (r.lines ?? []).filter((p) => p.result?.ok).map((p) => p.plan.tag),
    retryLabel: 'Retry cut',
    nothingDone: 'cut',
    blocked: 'cutting',
    announces: true,
  },
}

/** One line's cut: the line's tag on its pinned commit, or why not. */
async function cutLine(
  deps: ReleaseDeps,
  record: ReleaseRecord,
  pin: LinePin,
  line: ReleaseLine | undefined,
  makeLatest: boolean,
): Promise<LineResult> {
  const at = deps.clock.now().toISOString()
  if (!line)
    return { ok: false, code: 'no_line', message: `line ${pin.plan.line} is no longer in the config`, at }
  try {
    const prerelease = isPrereleaseOf(line, pin.plan.version)
    // The tag on the pinned commit with its release (GitHub): an interrupted attempt cut it
    // before it could record so. The line is done; nothing is cut again.
    const cut = await cutTag(deps, { ...record, plan: pin.plan }, line, { prerelease, makeLatest }).catch(
      resumedCut,
    )
    // The tag is cut either way; a follow-up that cannot be made is reported beside it (made once).
    const followUp = pin.next ? await followUpCommit(deps.forge, line, pin.plan, pin.next) : undefined
    return {
      ok: true,
      releaseUrl: cut.result?.releaseUrl ?? null,
      tagCreated: cut.result?.tagCreated ?? true,
      at,
      ...(followUp ? { followUp } : {}),
    }
  } catch (error) {
    const code = error instanceof CutError ? error.code : 'cut_error'
    return { ok: false, code, message: error instanceof Error ? error.message : String(error), at }
  }
}

/** The record's final state: cut when every line is, else cut_failed naming the lines not cut. */
function outcome(pins: LinePin[]): Partial<ReleaseRecord> {
  const failed = pins.filter((p) => !p.result?.ok)
  const first = pins.find((p) => p.result?.ok)?.result
  const releaseUrl = first?.ok ? first.releaseUrl : null
  const tagCreated = pins.some((p) => p.result?.ok && p.result.tagCreated)
  if (!failed.length) return { state: 'cut', lines: pins, result: { releaseUrl, tagCreated, error: null } }
  const codes = new Set(failed.map((p) => (p.result && !p.result.ok ? p.result.code : 'not_cut')))
  const message = `${failed.length} of ${pins.length} lines ${failed.length === 1 ? 'was' : 'were'} not cut (${failed.map((p) => p.plan.line).join(', ')}): fix what is said for ${failed.length === 1 ? 'it' : 'them'}, then press Retry cut. Lines already cut are reported as done and never cut again.`
  return {
    state: 'cut_failed',
    lines: pins,
    result: {
      releaseUrl,
      tagCreated,
      error: { code: codes.size === 1 ? [...codes][0]! : 'lines_failed', message },
    },
  }
}

/** What became of a line's next development version after its cut ('' for none). */
function followUpText(
  next: string | null | undefined,
  followUp: { sha: string | null; error: string | null } | undefined,
) {
  if (!next || !followUp) return ''
  return followUp.sha
    ? `; next development version ${mdCode(next)} committed on top (\`${followUp.sha.slice(0, 12)}\`)`
    : `; ⚠️ the next development version ${mdCode(next)} was not committed: ${md(followUp.error ?? 'unknown error')}. Write it yourself.`
}

/** Every line and how it ended: ✅ with the release page, ❌ with the reason, ⏸ not cut yet. */
function linesText(record: ReleaseRecord): string {
  return (record.lines ?? [])
    .map((p) => {
      const r = p.result
      const tag = mdCode(p.plan.tag)
      if (!r) return `⏸ ${md(p.plan.line)} ${tag}: not cut yet`
      if (!r.ok) return `❌ ${md(p.plan.line)} ${tag}: ${md(r.message)} (${r.code})`
      const reused = r.tagCreated ? '' : ' (the tag already pointed at the pinned commit; it was reused)'
      return `✅ ${md(p.plan.line)} ${tag} at \`${p.plan.sha.slice(0, 12)}\`${reused}${r.releaseUrl ? ` [Release page](${r.releaseUrl})` : ''}${followUpText(p.next, r.followUp)}`
    })
    .join('\n')
}
