import type { Command } from 'commander'
import {
  buildDrafter,
  buildForge,
  buildReleaseFinder,
  loadSetup,
  type Setup,
} from '../compose/build-adapters.ts'
import { lineVersionOfTag } from '../core/version-scheme/index.ts'
import { resolveVoice } from '../core/voice/voice-options.ts'
import { type FindFailure, lineOfTag } from '../flows/find-release.ts'
import type { Draft } from '../ports/drafter.ts'
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
  const setup = loadSetup({ env: io.env, cwd: io.cwd, repo: flags.repo, configPath: flags.config })
  // The same finder as chat's /announce-release: the same line, the same range, the same bump.
  const forge = await buildForge(setup, { local: true })
  const found = await (await buildReleaseFinder(setup, forge)).find(tag)
  if (!found.ok) throw draftRefusal(found, tag, setup)
  const { drafter } = await buildDrafter(io.env, { offline: flags.offline })
  const draft = await drafter.draftAnnouncement({
    facts: found.facts,
    commits: found.commits,
    voice: resolveVoice(setup.config.voice),
    announceAnyway: flags.announceAnyway,
  })
  if (flags.json) io.out(`${JSON.stringify({ tag, line: found.line.name, facts: found.facts, ...draft })}\n`)
  else io.out(renderDraft(draft, tag, Boolean(flags.offline)))
  return draft.ok ? EXIT.ok : EXIT.no
}

/** The finder's refusal in the CLI's words; exit 2 unless the plan refused (exit 1). */
function draftRefusal(failure: FindFailure, tag: string, setup: Setup): CliError {
  const { lines } = setup.config
  // A name that is no release of any line says so first, as it would were the tag there.
  const code = failure.code === 'unknown_tag' && !lineOfTag(lines, tag) ? 'no_line' : failure.code
  switch (code) {
    case 'unknown_tag':
      return new CliError(
        `no tag ${tag} in ${setup.repoDir}: draft announces an existing release; check the name with git tag`,
      )
    case 'no_line': {
      const prefixes = lines.map((l) => `${l.tagPrefix}X.Y.Z (${l.name})`).join(', ')
      const ignored = lines.some((l) => lineVersionOfTag(l, tag) !== null)
        ? '; tags a line lists in ignoreTags are legacy tags, never announced'
        : ''
      return new CliError(`${tag} is not a release tag of any line: expected ${prefixes}${ignored}`)
    }
    default:
      return new CliError(failure.message, REFUSED.has(failure.code) ? EXIT.no : EXIT.badInput)
  }
}

/** The finder's failures that are a "no" rather than bad input. */
const REFUSED = new Set(['wrong_branch'])

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
