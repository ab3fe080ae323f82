/**
 * The planner's notes written in pieces (`notesDraft`, `extendNotes`): the
 * notes of new changes in front of a list written before are exactly those of
 * the whole list, or `extendNotes` declines (a pull request named on both
 * sides). Checked against the model-and-template path (`buildNotes`,
 * `renderNotesBody`) the notes were always printed with.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cutAt } from '../testing/batches.ts'
import { resolveNotesOptions } from './note-sections.ts'
import type { PlannedCommit } from './plan-release.ts'
import {
  buildNotes,
  extendNotes,
  type NoteLinks,
  notesDraft,
  notesDrafter,
  notesText,
  renderNotesBody,
  renderReleaseNotes,
} from './release-notes.ts'

const change = fc.record({
  sha: fc.stringMatching(/^[0-9a-f]{40}$/),
  type: fc.constantFrom('feat', 'fix', 'docs', 'chore', 'perf', 'weird', null),
  scope: fc.constantFrom(null, 'cli', 'a*b'),
  subject: fc.constantFrom('do things', 'fix the `thing`', 'a [link](x)', ''),
  breaking: fc.boolean(),
  pr: fc.constantFrom(null, 1, 2, 3),
  merge: fc.boolean(),
  author: fc.constantFrom('Ann', 'renovate[bot]'),
  notes: fc.constantFrom([], ['Use the new flag.'], ['do things']),
})

type Change = typeof change extends fc.Arbitrary<infer T> ? T : never

function planned(c: Change): PlannedCommit {
  return {
    sha: c.sha,
    subject: c.subject,
    type: c.type,
    scope: c.scope,
    breaking: c.breaking,
    pr: c.pr,
    bump: 'none',
    header: c.merge ? `Merge pull request #${c.pr ?? 9} from a/b` : `${c.type ?? 'x'}: ${c.subject}`,
    breakingNotes: [...c.notes],
    author: c.author,
  }
}

const LINKS: NoteLinks = { commit: (sha) => `https://h/c/${sha}`, pr: (n) => `https://h/p/${n}` }

describe('notes written in pieces', () => {
  it('print what the model and template print, whole or extended', () => {
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 12 }),
        fc.array(change, { maxLength: 4 }),
        fc.constantFrom(undefined, LINKS),
        fc.constantFrom(undefined, { scopes: false }),
        (tailIn, frontIn, links, options) => {
          const tail = tailIn.map(planned)
          const front = frontIn.map(planned)
          const all = [...front, ...tail]
          const opts = resolveNotesOptions(options)
          const model = buildNotes(all, opts)
          const expected = model.sections.length ? renderNotesBody(model, opts, { links }) : ''
          expect(renderReleaseNotes(all, links, options)).toBe(expected)
          const extended = extendNotes(notesDraft(tail, links, options), front, links, options)
          const named = (list: PlannedCommit[]) =>
            new Set(list.filter((c) => !c.header.startsWith('Merge pull request')).map((c) => c.pr))
          const shared = [...named(front)].some((pr) => pr !== null && named(tail).has(pr))
          if (shared) expect(extended).toBeNull()
          else expect(extended && notesText(extended)).toBe(expected)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('drafted a batch at a time, newest first, are the notes of the whole list', () => {
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 16 }),
        fc.array(fc.nat(16), { maxLength: 4 }),
        fc.constantFrom(undefined, LINKS),
        fc.constantFrom(undefined, { scopes: false }),
        (changesIn, cuts, links, options) => {
          const all = changesIn.map(planned)
          const drafter = notesDrafter(links, options)
          for (const batch of cutAt(all, cuts)) drafter.add(batch)
          const whole = notesDraft(all, links, options)
          const inBatches = drafter.draft()
          expect(notesText(inBatches)).toBe(notesText(whole))
          expect([...inBatches.prs].sort()).toEqual([...whole.prs].sort())
        },
      ),
      { numRuns: 500 },
    )
  })

  it('are not extended for other links or options', () => {
    const draft = notesDraft([], LINKS, undefined)
    expect(extendNotes(draft, [], undefined, undefined)).toBeNull()
    expect(extendNotes(draft, [], LINKS, { scopes: false })).toBeNull()
  })
})
