import type { Command } from 'commander'
import { GitForge } from '../adapters/git/git-forge.ts'
import { openAiModelFromEnv } from '../adapters/openai/openai-draft-model.ts'
import type { ReleaseLine } from '../core/release-line.ts'
import { bumpBetween, versionOfTag } from '../core/versions.ts'
import { factsFromPlan } from '../core/voice/facts.ts'
import { resolveVoice } from '../core/voice/voice-options.ts'
import { createDrafter } from '../flows/draft-announcement.ts'
import { planLine } from '../flows/plan-line.ts'
import type { Draft } from '../ports/drafter.ts'
import { loadCliConfig } from './cli-config.ts'
import { CliError, EXIT, type Io } from './io.ts'
import { renderReport } from './lint-command.ts'
import type { SetExit } from './register.ts'

type DraftFlags = {
  repo?: string
  config?: string
  tag?: string
  offline?: boolean
  announceAnyway?: boolean
  json?: boolean
}

export async function runDraft(flags: DraftFlags, io: Io): Promise<number> {
  const tag = flags.tag
  if (!tag) throw new CliError('--tag TAG is required (the release to announce, e.g. cli-v1.4.0)')
  const { config, repoDir } = loadCliConfig(flags, io)
  const line = lineOfTag(config.lines, tag)
  const forge = new GitForge(repoDir)
  await forge.assertRepository()
  if (!(await forge.resolveCommit(`refs/tags/${tag}`)))
    throw new CliError(
      `no tag ${tag} in ${repoDir}: draft announces an existing release; check the name with git tag`,
    )
  const webUrl = config.repo ? `https://github.com/${config.repo}` : await forge.webUrl()
  if (!webUrl)
    throw new CliError(
      'herald draft: cannot tell the release page URL: set repo: owner/name in the config, or add a GitHub origin remote',
    )
  // Plan as if HEAD were the tag and the tag did not exist: the range from the line's previous release.
  const outcome = await planLine(forge, [line], { line: line.name, at: tag, bump: 'auto' }, webUrl)
  if (!outcome.ok)
    throw new CliError(`${outcome.message}`, outcome.kind === 'input' ? EXIT.badInput : EXIT.no)
  const { plan } = outcome
  const version = versionOfTag(tag, line.tagPrefix)!
  const previousVersion = plan.from?.version ?? null
  const facts = factsFromPlan({
    line,
    tag,
    version,
    previousVersion,
    bump: plan.bump === 'none' ? bumpBetween(previousVersion, version) : plan.bump,
    commits: plan.commits,
    repoWebUrl: webUrl,
  })
  if (!facts.ok) throw new CliError(`${facts.message}`)
  const model = flags.offline ? null : openAiModelFromEnv(io.env)
  const draft = await createDrafter({ model }).draftAnnouncement({
    facts: facts.facts,
    commits: plan.commits,
    voice: resolveVoice(config.voice),
    announceAnyway: flags.announceAnyway,
  })
  if (flags.json) io.out(`${JSON.stringify({ tag, line: line.name, facts: facts.facts, ...draft })}\n`)
  else io.out(renderDraft(draft, tag, Boolean(flags.offline)))
  return draft.ok ? EXIT.ok : EXIT.no
}

/** The line a tag belongs to: the longest matching prefix. */
export function lineOfTag(lines: readonly ReleaseLine[], tag: string): ReleaseLine {
  const matching = lines
    .filter((l) => versionOfTag(tag, l.tagPrefix) !== null)
    .sort((a, b) => b.tagPrefix.length - a.tagPrefix.length)
  const line = matching[0]
  if (!line) {
    const prefixes = lines.map((l) => `${l.tagPrefix}X.Y.Z (${l.name})`).join(', ')
    throw new CliError(`${tag} is not a release tag of any line: expected ${prefixes}`)
  }
  return line
}

function renderDraft(draft: Draft, tag: string, offline: boolean): string {
  if (draft.skip)
    return `Not announcing ${tag}: ${draft.skip.reason}.\nPass --announce-anyway to draft it anyway.\n`
  const p = draft.provenance
  const by =
    p.source === 'model'
      ? `drafted by ${p.model} in ${p.calls} call${p.calls === 1 ? '' : 's'} (${p.promptTokens} prompt + ${p.completionTokens} completion tokens, ${p.repairs} repair${p.repairs === 1 ? '' : 's'})`
      : p.source === 'fallback'
        ? `FALLBACK: offline draft after ${p.calls} call${p.calls === 1 ? '' : 's'} to ${p.model} (${p.promptTokens} prompt + ${p.completionTokens} completion tokens): ${p.fallbackReason}`
        : `offline draft (${offline ? '--offline' : 'no OPENAI_API_KEY'})`
  const model = draft.modelDraft
  const kept = model
    ? `--- the model's best draft (${errorCount(model.findings)}), not used\n${model.text}\n--- its lint\n${renderReport(model.findings, tag)}`
    : ''
  return `${draft.text}\n\n--- lint\n${renderReport(draft.findings, tag)}--- provenance\n${by}\n${kept}`
}

function errorCount(findings: Draft['findings']): string {
  const n = findings.filter((f) => f.severity === 'error').length
  return `${n} error${n === 1 ? '' : 's'}`
}

export function registerDraft(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('draft')
    .description('Draft the announcement of an existing release tag, with its lint report.')
    .option('--repo <dir>', 'repository of the release', '.')
    .option('--config <file>', 'config file (default: $HERALD_CONFIG, else herald.config.yaml in the repo)')
    .option('--tag <tag>', 'the release tag; its prefix picks the line')
    .option('--offline', 'use the deterministic drafter even when OPENAI_API_KEY is set')
    .option('--announce-anyway', 'draft even when the skip policy says not to announce')
    .option(
      '--json',
      'print one JSON document: {tag, line, facts, text, findings, ok, provenance, skip, modelDraft}',
    )
    .addHelpText(
      'after',
      `
Environment: OPENAI_API_KEY (without it the offline drafter is used),
OPENAI_BASE_URL, HERALD_MODEL.

Exit status: 0 with a draft free of lint errors, 1 when the release is
skipped or the draft has errors, 2 on bad input.

Examples:
  herald draft --tag cli-v0.3.0
  herald draft --tag v1.4.0 --offline --json`,
    )
    .action(async (flags: DraftFlags) => setExit(await runDraft(flags, io)))
}
