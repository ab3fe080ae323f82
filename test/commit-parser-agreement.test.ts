import { CommitParser } from 'conventional-commits-parser'
import { describe, expect, it } from 'vitest'
import { readRecordedHistory } from '../bench/history-data.ts'
import { historyFile, historyNames } from '../bench/history-repos.ts'
import { parseCommitMessage } from '../src/core/commit-message.ts'

/**
 * Herald's parser replaces conventional-commits-parser for speed (see the
 * module comment); on every message of the recorded release histories the two
 * must agree on what decides a release: type, scope and breaking.
 */
describe('agreement with conventional-commits-parser on real histories', () => {
  const messages = historyNames().flatMap((name) =>
    readRecordedHistory(historyFile(name)).commits.map((c) => c.message),
  )

  it('agrees on type, scope and breaking for every message', () => {
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
