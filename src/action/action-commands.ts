/**
 * What each `command:` of the Action does, on GitHub, with no server, chat or
 * LLM: `plan` and `notes` say what the next release of a line would be;
 * `release-pr` opens or refreshes release PRs; `publish` tags and publishes a
 * merged release PR (nothing otherwise) and posts the "published" message —
 * never an announcement, which needs a person's sign-off in chat.
 */
import type { ReleaseLine } from '../core/release-line.ts'
import type { MergedPullRequest } from '../flows/github/github-events.ts'
import { chooseLine } from '../flows/plan-line.ts'
import { publishMergedReleasePr } from '../flows/release/merged-release-pr.ts'
import {
  type ReleasePrDeps,
  releaseBranchOf,
  releasePrText,
  updateReleasePr,
} from '../flows/release/release-pr.ts'
import { readMarker } from '../flows/release/release-pr-marker.ts'
import type { Poster } from '../ports/poster.ts'
import { ActionInputError, type ActionInputs } from './action-io.ts'

/** What a command came to: the step's outputs, its job summary, its log lines, and whether the step fails. */
export type ActionResult = {
  outputs: Record<string, string>
  summary: string
  log: string[]
  failed: boolean
}

export type ActionDeps = {
  lines: readonly ReleaseLine[]
  depsFor(line: ReleaseLine): Promise<ReleasePrDeps>
  publishedPosters(): Promise<Poster[]>
  /** The triggering event, when the runner gave one. */
  event: { name: string; payload: unknown } | null
  parseEvent(name: string, payload: unknown): ParsedEvent
}

/** The part of a parsed webhook payload `publish` reads. */
export type ParsedEvent =
  | { kind: 'merged'; event: MergedPullRequest }
  | { kind: 'invalid'; message: string }
  | { kind: 'other' }

const NONE = { version: '', tag: '', bump: '', released: 'false' }

/** The line `with: line:` names, or the only one; otherwise an input error naming the lines. */
function oneLine(lines: readonly ReleaseLine[], name: string | undefined): ReleaseLine {
  const chosen = chooseLine(lines, name)
  if ('ok' in chosen)
    throw new ActionInputError(`input line: ${chosen.message.replace('--line NAME', '`with: line: NAME`')}`)
  return chosen
}

/** The lines `release-pr` and `publish` concern: the one named, or every `mode: pr` line. */
function prLines(lines: readonly ReleaseLine[], name: string | undefined): ReleaseLine[] {
  const chosen = name === undefined ? lines.filter((l) => l.mode === 'pr') : [oneLine(lines, name)]
  const notPr = chosen.find((l) => l.mode !== 'pr')
  if (notPr)
    throw new ActionInputError(
      `input line: line ${notPr.name} is not released through a release PR: set \`mode: pr\` on it in herald.config.yaml, or use command: plan`,
    )
  if (!chosen.length)
    throw new ActionInputError('no line has `mode: pr` in herald.config.yaml: release PRs are for such lines')
  return chosen
}

/** `plan` and `notes`: the next release of a line, as `herald plan` and `herald notes` show it. */
export async function planOrNotes(deps: ActionDeps, inputs: ActionInputs): Promise<ActionResult> {
  const line = oneLine(deps.lines, inputs.line)
  const text = await releasePrText(await deps.depsFor(line), line)
  if (!text.ok) {
    if (text.kind === 'input') throw new ActionInputError(text.message)
    return nothing(line, text.message)
  }
  const { plan } = text
  if (!plan.to || plan.refusal)
    return nothing(line, plan.refusal?.message ?? `nothing to release on line ${line.name}`)
  const outputs = {
    version: plan.to.version,
    tag: plan.to.tag,
    bump: plan.bump,
    released: 'false',
    notes: text.markdown,
  }
  const from = plan.from?.tag ?? 'no previous release'
  const heading =
    inputs.command === 'plan'
      ? `## ${line.name}: ${plan.to.tag} (${plan.bump})\n\nFrom ${from} to \`${plan.to.sha.slice(0, 12)}\`: ${plan.commits.length} commit${plan.commits.length === 1 ? '' : 's'}, ${plan.drivers.length} deciding the bump.\n\n### Release notes\n\n`
      : `## ${plan.to.tag}\n\n`
  return {
    outputs,
    summary: `${heading}${text.markdown}`,
    log: [`${line.name}: next release ${plan.to.tag} (${plan.bump}) from ${from}`],
    failed: false,
  }
}

function nothing(line: ReleaseLine, message: string): ActionResult {
  return {
    outputs: { ...NONE, notes: '' },
    summary: `## ${line.name}: nothing to release\n\n${message}\n`,
    log: [`${line.name}: ${message}`],
    failed: false,
  }
}

/** `release-pr`: each line's release PR opened or refreshed; a line that cannot be written fails the step. */
export async function releasePrs(deps: ActionDeps, inputs: ActionInputs): Promise<ActionResult> {
  const lines = prLines(deps.lines, inputs.line)
  const result: ActionResult = {
    outputs: { ...NONE, pr: '' },
    summary: '## Release PRs\n\n',
    log: [],
    failed: false,
  }
  for (const line of lines) {
    const outcome = await updateReleasePr(await deps.depsFor(line), line.name, { refresh: true })
    if ('pr' in outcome) {
      const said = `${line.name}: release PR #${outcome.pr.number} ${outcome.kind} for ${outcome.tag}`
      result.log.push(said)
      result.summary += `- ${line.name}: [#${outcome.pr.number}](${outcome.pr.url}) ${outcome.kind} for ${outcome.tag}\n`
      if (lines.length === 1)
        result.outputs = {
          version: outcome.version,
          tag: outcome.tag,
          bump: readMarker(outcome.pr.body)?.bump ?? '',
          released: 'false',
          pr: String(outcome.pr.number),
        }
      continue
    }
    if (outcome.kind === 'failed') result.failed = true
    result.log.push(`${line.name}: ${outcome.message}`)
    result.summary += `- ${line.name}: ${outcome.message}\n`
  }
  return result
}

/**
 * `publish`: on a `pull_request` event, that PR when it is a line's merged
 * release PR; on any other event (a push to the branch, a manual run), each
 * `mode: pr` line's release PR when it was merged and is not published yet.
 * A tag is never overwritten: one that exists already is nothing to do.
 */
export async function publish(deps: ActionDeps, inputs: ActionInputs): Promise<ActionResult> {
  const lines = prLines(deps.lines, inputs.line)
  const targets = publishTargets(deps, lines)
  const result: ActionResult = {
    outputs: { ...NONE, pr: '' },
    summary: '## Publish\n\n',
    log: [],
    failed: false,
  }
  if (!Array.isArray(targets)) {
    result.log.push(targets)
    result.summary += `${targets}\n`
    return result
  }
  for (const { line, merged } of targets) {
    const expected = merged ? { number: merged.number, sha: merged.mergeSha } : undefined
    const outcome = await publishMergedReleasePr(await deps.depsFor(line), line.name, expected)
    if (outcome.kind !== 'published') {
      const said =
        outcome.kind === 'already_published'
          ? `${outcome.tag} is published already: nothing to do`
          : outcome.message
      result.log.push(`${line.name}: ${said}`)
      result.summary += `- ${line.name}: ${said}\n`
      continue
    }
    const { cut, pr } = outcome
    const marker = readMarker(pr.body)
    result.outputs = {
      version: marker?.version ?? '',
      tag: cut.tag,
      bump: marker?.bump ?? '',
      released: 'true',
      pr: String(pr.number),
    }
    result.log.push(
      `${line.name}: ${cut.tag} published at ${cut.sha.slice(0, 12)}${cut.releaseUrl ? ` (${cut.releaseUrl})` : ''}`,
    )
    result.summary += `- ${line.name}: ${cut.releaseUrl ? `[${cut.tag}](${cut.releaseUrl})` : cut.tag} published from release PR #${pr.number}\n`
    const text = publishedText(cut.tag, cut.releaseUrl, pr.number, merged?.merger.login)
    for (const poster of await deps.publishedPosters()) {
      const posted = await poster.post(text, 60_000)
      if (posted.status !== 'posted')
        result.log.push(
          `warning: the "published" message did not reach ${poster.targetName}: ${posted.message}`,
        )
    }
  }
  return result
}

function publishTargets(
  deps: ActionDeps,
  lines: readonly ReleaseLine[],
): { line: ReleaseLine; merged?: MergedPullRequest | undefined }[] | string {
  if (deps.event?.name !== 'pull_request') return lines.map((line) => ({ line }))
  const parsed = deps.parseEvent(deps.event.name, deps.event.payload)
  if (parsed.kind === 'invalid') throw new ActionInputError(`the pull_request event: ${parsed.message}`)
  if (parsed.kind !== 'merged') return 'the pull request was not merged: nothing to publish'
  const merged = parsed.event
  const line = lines.find((l) => releaseBranchOf(l) === merged.headRef)
  if (!line)
    return `PR #${merged.number} is not a release PR of ${lines.map((l) => l.name).join(', ')}: nothing to publish`
  if (merged.baseRef !== line.branch)
    return `release PR #${merged.number} was merged into ${merged.baseRef}, not the line's branch ${line.branch}: nothing to publish`
  return [{ line, merged }]
}

/** The "published" message: what was released and how to announce it (the Action never announces). */
export function publishedText(
  tag: string,
  url: string | null,
  pr: number,
  merger: string | undefined,
): string {
  return `${tag} is published${url ? `: ${url}` : ''}\nRelease PR #${pr}${merger ? ` merged by ${merger}` : ''}. To announce it, run /announce-release ${tag} in chat.`
}
