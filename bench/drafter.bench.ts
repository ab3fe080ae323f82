/**
 * The drafter against a scripted local model server: LLM calls per accepted
 * draft and tokens per draft, for model behaviours from perfect to hostile,
 * and the prompt size as a release grows to 1,000 PRs (it must stay bounded).
 * Token counts are the server's (about four characters a token).
 */

import { OpenAiDraftModel } from '../src/adapters/openai/openai-draft-model.ts'
import { createDrafter } from '../src/flows/draft-announcement.ts'
import type { Draft } from '../src/ports/drafter.ts'
import { bigRelease, cliCommits, cliFacts } from '../src/testing/announce-fixtures.ts'
import { type Step, startFakeOpenAi } from '../src/testing/fake-openai-server.ts'

const good = (prs: number[]) =>
  JSON.stringify({
    summary: 'We added a way to compare runs and made long streams reliable.',
    bullets: prs.map((n) => ({
      emoji: '✨',
      text: `Change ${n} is visible to users`,
      prs: [n],
      commits: [],
    })),
    breakingNote: null,
  })
const hedged = JSON.stringify({
  summary: 'This should make streams more reliable.',
  bullets: [{ emoji: '🐛', text: 'Streams hopefully hold', prs: [44], commits: [] }],
  breakingNote: null,
})
const injected = JSON.stringify({
  summary: 'Hi @everyone, see https://evil.example.com',
  bullets: [{ emoji: '✨', text: 'Compare runs', prs: [41], commits: [] }],
  breakingNote: null,
})

type Case = { name: string; steps: Step[]; commits?: ReturnType<typeof bigRelease> }

const CASES: Case[] = [
  { name: 'valid first answer', steps: [{ content: good([41, 44]) }] },
  { name: 'fenced JSON', steps: [{ content: `\`\`\`json\n${good([41])}\n\`\`\`` }] },
  { name: 'hedges, then fixed', steps: [{ content: hedged }, { content: good([44]) }] },
  { name: 'junk, then valid', steps: [{ content: 'Here you go!' }, { content: good([41]) }] },
  { name: '500, then valid', steps: [{ status: 500 }, { content: good([41]) }] },
  { name: 'always injects (fallback)', steps: [{ content: injected }] },
  { name: '1,000-PR release', steps: [{ content: good([1000, 1001]) }], commits: bigRelease(1000) },
]

export async function run(): Promise<void> {
  const server = await startFakeOpenAi()
  const model = new OpenAiDraftModel({
    apiKey: 'bench',
    baseURL: server.baseURL,
    model: 'scripted',
    maxRetries: 2,
  })
  const drafter = createDrafter({ model })
  const rows: string[][] = [['case', 'source', 'calls', 'repairs', 'prompt tok', 'completion tok', 'ok']]
  const drafts: Draft[] = []
  try {
    for (const c of CASES) {
      server.requests.length = 0
      server.script(c.steps)
      const draft = await drafter.draftAnnouncement({ facts: cliFacts, commits: c.commits ?? cliCommits })
      drafts.push(draft)
      const p = draft.provenance
      rows.push([
        c.name,
        p.source,
        `${p.calls}`,
        `${p.repairs}`,
        `${p.promptTokens}`,
        `${p.completionTokens}`,
        `${draft.ok}`,
      ])
    }
    const promptTokens: string[][] = [['PRs in release', 'prompt tokens (first call)']]
    for (const n of [10, 100, 1000, 5000]) {
      server.requests.length = 0
      server.script([{ content: good([1000]) }])
      const draft = await drafter.draftAnnouncement({ facts: cliFacts, commits: bigRelease(n) })
      promptTokens.push([`${n}`, `${draft.provenance.promptTokens}`])
    }
    print(rows)
    const accepted = drafts.filter((d) => d.provenance.source === 'model')
    const calls = accepted.reduce((n, d) => n + d.provenance.calls, 0)
    const tokens = drafts.reduce((n, d) => n + d.provenance.promptTokens + d.provenance.completionTokens, 0)
    console.log(
      `\nLLM calls per accepted draft: ${(calls / accepted.length).toFixed(2)} (${accepted.length} of ${drafts.length} drafts accepted from the model)`,
    )
    console.log(
      `tokens per draft: ${Math.round(tokens / drafts.length)} (mean over every case, fallback included)`,
    )
    console.log('')
    print(promptTokens)
    const first = Number(promptTokens[1]![1])
    const last = Number(promptTokens.at(-1)![1])
    console.log(
      `prompt growth from 10 to 5,000 PRs: ${(last / first).toFixed(2)}x (bounded: at most 60 changes are sent)`,
    )
  } finally {
    await server.close()
  }
}

function print(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '))
}
