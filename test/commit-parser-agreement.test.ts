import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { CommitParser } from 'conventional-commits-parser'
import { describe, expect, it } from 'vitest'
import { parseCommitMessage } from '../src/core/commit-message.ts'

/**
 * Herald's parser replaces conventional-commits-parser for speed (see the
 * module comment); on every message of the shared release histories the two
 * must agree on what decides a release: type, scope and breaking.
 */
describe('agreement with conventional-commits-parser on real histories', () => {
  const dir = join(import.meta.dirname, '../../shared/bench/histories')
  const messages: string[] = []
  try {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz'))) {
      for (const line of gunzipSync(readFileSync(join(dir, file)))
        .toString('utf8')
        .split('\n')) {
        if (line.includes('"t": "c"')) messages.push(JSON.parse(line).message)
      }
    }
  } catch {
    // ../shared is beside the project in CI and development; without it there is nothing to compare.
  }

  it.runIf(messages.length > 0)('agrees on type, scope and breaking for every message', () => {
    const reference = new CommitParser({
      headerPattern: /^(\w+)(?:\(([\w$@.\-*/ ,]*)\))?!?: (.+)$/,
      breakingHeaderPattern: /^(\w+)(?:\(([\w$@.\-*/ ,]*)\))?!: (.+)$/,
      notesPattern: (keywords) => new RegExp(`^(${keywords}):\\s*(.*)`),
    })
    const disagreements: string[] = []
    for (const message of messages) {
      const ours = parseCommitMessage(message, 'strict')
      if (ours.merge) continue
      const theirs = reference.parse(message)
      // By design a `Revert "…"` header is a revert even without the "This reverts commit" line.
      const theirType = theirs.type
        ? String(theirs.type).toLowerCase()
        : /^Revert "/.test(theirs.header ?? '')
          ? 'revert'
          : null
      const theirBreaking = theirs.notes.some((n) => n.title.startsWith('BREAKING'))
      if (
        ours.type !== theirType ||
        (ours.type && ours.scope !== (theirs.scope || null)) ||
        ours.breaking !== theirBreaking
      )
        disagreements.push(message.split('\n')[0]!)
    }
    expect(messages.length).toBeGreaterThan(4000)
    expect(disagreements).toEqual([])
  })
})
