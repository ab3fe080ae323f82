/** Releases and facts for the announcement tests and the drafter benchmark. */
import type { PlannedCommit } from '../core/plan-release.ts'
import type { AnnouncementFacts } from '../core/voice/facts.ts'

let counter = 0

/** A planned commit from a header like `feat(cli): add compare (#12)`. */
export function commit(header: string, extra: Partial<PlannedCommit> = {}): PlannedCommit {
  const m = /^(\w+)(?:\(([^)]*)\))?(!)?: (.*?)(?: \(#(\d+)\))?$/.exec(header)
  counter++
  const sha = (extra.sha ?? `${counter.toString(16).padStart(7, '0')}abcdef0123456789abcdef0123456789`).slice(
    0,
    40,
  )
  return {
    sha,
    subject: m ? m[4]! : header,
    type: m ? m[1]! : null,
    scope: m?.[2] ?? null,
    breaking: Boolean(m?.[3]),
    pr: m?.[5] ? Number(m[5]) : null,
    bump: 'none',
    header,
    breakingNotes: m?.[3] ? [m[4]!] : [],
    author: 'Ada',
    ...extra,
  }
}

export const cliFacts: AnnouncementFacts = {
  product: 'connexity-cli',
  line: 'cli',
  kind: 'cli',
  tag: 'cli-v0.3.0',
  version: '0.3.0',
  previousVersion: '0.2.1',
  bump: 'minor',
  fixOnly: false,
  releaseUrl: 'https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0',
  action: 'uv tool upgrade connexity-cli',
}

export const platformFacts: AnnouncementFacts = {
  product: 'Connexity',
  line: 'platform',
  kind: 'platform',
  tag: 'v1.4.2',
  version: '1.4.2',
  previousVersion: '1.4.1',
  bump: 'patch',
  fixOnly: true,
  releaseUrl: 'https://github.com/Connexity-AI/connexity/releases/tag/v1.4.2',
  action: 'Rolling out across staging → prod over the next few hours.',
}

/** A CLI announcement that passes every voice rule. */
export const GOOD_CLI = `🚀 connexity-cli v0.3.0 is out!

We added a compare command and made long streams reliable.

✨ New \`compare\` command shows two runs side by side
🐛 Long streams no longer time out
⚡ Waiting for results uses less CPU

Upgrade: \`uv tool upgrade connexity-cli\`
Full notes: https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0`

export const cliCommits: PlannedCommit[] = [
  commit('feat(cli): add compare command (#41)'),
  commit('fix(cli): handle SSE timeout (#44)'),
  commit('perf(cli): reduce polling overhead (#45)'),
  commit('docs(cli): clarify auth flow (#46)'),
  commit('chore(deps): bump httpx (#47)', { author: 'dependabot[bot]' }),
  commit('ci: cache uv (#48)'),
]

/** A release of `n` pull requests, for prompt-size checks. */
export function bigRelease(n: number): PlannedCommit[] {
  const kinds = ['feat', 'fix', 'perf', 'fix', 'chore']
  return Array.from({ length: n }, (_, i) =>
    commit(
      `${kinds[i % kinds.length]}(api): change number ${i + 1} to the request handling path (#${1000 + i})`,
    ),
  )
}
