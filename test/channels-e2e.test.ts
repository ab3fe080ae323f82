/**
 * Channels end to end on the console, through the local forge, on a real
 * temporary repository: canary → promote refused by the soak check, its
 * override refused without a reason, then overridden with one → rollback
 * with a ticket. After each move the index committed to `herald-index`
 * verifies with `herald index verify`; its sequence is 1, 2, 3 and its
 * events carry actor, reason and ticket.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.ts'
import type { SignedIndex } from '../src/core/index/release-index.ts'
import type { TestRepo } from '../src/testing/git-repo.ts'
import { createCommittedChannelRepo, INDEX_PUBLIC, INDEX_SEED } from './helpers/chat-e2e.ts'

let repo: TestRepo
let files: string
afterEach(() => {
  repo?.remove()
  if (files) rmSync(files, { recursive: true, force: true })
})

function io(env: NodeJS.ProcessEnv, input?: PassThrough) {
  const out = { text: '' }
  return {
    out,
    io: {
      out: (t: string) => {
        out.text += t
      },
      err: (t: string) => {
        out.text += t
      },
      env,
      cwd: repo.dir,
      interactive: false,
      input,
    },
  }
}

/** Feeds lines one at a time, each once the console has printed `waitFor` since the line before. */
async function converse(steps: [waitFor: string, line: string][], env: NodeJS.ProcessEnv) {
  const input = new PassThrough()
  const { out, io: cli } = io(env, input)
  const run = main(['serve', '--repo', repo.dir], cli)
  let sentAt = 0
  for (const [text, line] of steps) {
    const deadline = Date.now() + 20_000
    while (out.text.indexOf(text, sentAt) < 0) {
      if (Date.now() > deadline)
        throw new Error(`console never printed ${JSON.stringify(text)}:\n${out.text}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    sentAt = out.text.length
    input.write(`${line}\n`)
  }
  input.end()
  return { code: await run, output: out.text }
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { out, io: c } = io(env)
  return { code: await main(args, c), output: out.text }
}

/** The index at sequence `n`, from the branch's history, written to a file. */
function indexFile(n: number, total: number): string {
  const text = repo.git('show', `herald-index~${total - n}:cli.json`)
  const path = join(files, `cli-${n}.json`)
  writeFileSync(path, text)
  return path
}

describe('channels on the console, end to end', () => {
  it('canary → soak refused → override with a reason → promote → rollback with a ticket, each move signed', async () => {
    repo = createCommittedChannelRepo(['index: { assets: dist }'])
    files = mkdtempSync(join(tmpdir(), 'herald-index-'))
    const env = { HERALD_STORE: 'memory:', HERALD_INDEX_KEY: INDEX_SEED }
    mkdirSync(join(repo.dir, 'dist'))
    writeFileSync(join(repo.dir, 'dist', 'cli.tgz'), 'abc')

    const { code, output } = await converse(
      [
        ['Choose a button', '/release canary'],
        ['[1] Cut canary', '1'],
        [': on canary', '/release promote'],
        ['[1] Override and cut', '1'],
        ['needs a reason', '/release promote reason:"hotfix verified by QA"'],
        ['[1] Override and cut', '1'],
        [': promoted to stable', '/release rollback v1.0.0 reason:"crash on start" ticket:INC-42'],
        ['[1] Roll back', '1'],
        [': rolled back', '/release status'],
        ['index sequence 3', '/quit'],
      ],
      env,
    )
    expect(code).toBe(0)
    // The soak check showed first, and its override without a reason was refused.
    expect(output).toMatch(/❌ soak: 1\.1\.0 has been on canary for \d+s of 24h/)
    expect(output).toContain('Overriding a failed check of a channel move needs a reason')
    // Canary tagged the commit; promote offers Announce; nothing else was tagged.
    expect(repo.sha('v1.1.0')).toBe(repo.sha('main'))
    expect(repo.git('tag', '-l')).toBe('v1.0.0\nv1.1.0')
    expect(output).toMatch(/promoted to stable[\s\S]*\[1\] Announce/)
    expect(output).toContain(
      'stable 1.0.0; canary none; 2 unreleased commits since stable; index sequence 3, signed; rolled back: 1.1.0 (crash on start)',
    )

    // Each index on the branch verifies, after the one before it.
    expect(repo.git('log', '--format=%s', 'herald-index')).toBe(
      'herald: cli index, sequence 3\nherald: cli index, sequence 2\nherald: cli index, sequence 1',
    )
    const paths = [1, 2, 3].map((n) => indexFile(n, 3))
    expect((await cli(['index', 'verify', paths[0]!, '--key', INDEX_PUBLIC, '--line', 'cli'])).code).toBe(0)
    for (const n of [1, 2]) {
      const r = await cli(['index', 'verify', paths[n]!, '--key', INDEX_PUBLIC, '--after', paths[n - 1]!])
      expect(r).toMatchObject({
        code: 0,
        output: expect.stringContaining(`valid: line cli, sequence ${n + 1}`),
      })
    }
    const final = JSON.parse(repo.git('show', 'herald-index:cli.json')) as SignedIndex
    expect(final.signed.channels).toEqual({ stable: '1.0.0', canary: null })
    expect(
      final.signed.events.map((e) => [e.sequence, e.action, e.version, e.actor, e.reason, e.ticket]),
    ).toEqual([
      [1, 'canary', '1.1.0', 'console:console', null, null],
      [2, 'promote', '1.1.0', 'console:console', 'hotfix verified by QA', null],
      [3, 'rollback', '1.0.0', 'console:console', 'crash on start', 'INC-42'],
    ])
    expect(final.signed.versions.find((v) => v.version === '1.1.0')).toMatchObject({
      sha: repo.sha('v1.1.0'),
      assets: [
        { name: 'cli.tgz', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
      ],
      rolledBack: { actor: 'console:console', reason: 'crash on start', ticket: 'INC-42' },
    })

    // The override was audited, with the check it overrode and the reason.
    expect(output).toContain(
      'Cut despite failed checks, overridden by you (console): soak (1.1.0 has been on canary',
    )

    // What a host refuses: a tampered index, an older one replayed, another line's.
    const tampered = join(files, 'tampered.json')
    writeFileSync(
      tampered,
      repo.git('show', 'herald-index:cli.json').replace('"crash on start"', '"crash on stark"'),
    )
    const refusals = [
      [[tampered, '--key', INDEX_PUBLIC], 'bad_signature'],
      [[paths[0]!, '--key', INDEX_PUBLIC, '--after', paths[2]!], 'not_increasing'],
      [[paths[2]!, '--key', INDEX_PUBLIC, '--line', 'web'], 'wrong_line'],
    ] as const
    for (const [args, reason] of refusals) {
      const r = await cli(['index', 'verify', ...args])
      expect(r).toMatchObject({ code: 1, output: expect.stringContaining(`refused: ${reason}`) })
    }
    expect((await cli(['index', 'verify', paths[2]!, '--key', 'abc'])).code).toBe(2)
    expect((await cli(['index', 'verify', join(files, 'missing.json'), '--key', INDEX_PUBLIC])).code).toBe(2)

    // The CLI shows the same status and the index, and the public key.
    const status = await cli(['status', '--repo', repo.dir], { HERALD_STORE: 'memory:' })
    expect(status.output).toContain('cli: stable 1.0.0; canary none')
    expect(JSON.parse((await cli(['index', 'show', '--repo', repo.dir, '--json'])).output)).toEqual(final)
    expect((await cli(['index', 'public-key'], env)).output).toContain(`public key: ${INDEX_PUBLIC}`)
  }, 90_000)
})
