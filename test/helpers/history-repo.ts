/** A repository on github.com/acme/widget from a list of commit messages and tags, all dated alike. */
import { createRepo, type TestRepo } from '../../src/testing/git-repo.ts'

export type HistoryStep = string | { tag: string }

export function historyRepo(steps: readonly HistoryStep[]): TestRepo {
  const repo = createRepo({
    identity: { name: 'Ann', email: 'ann@example.invalid' },
    epoch: Date.parse('2026-04-18T10:00:00Z') / 1000,
    step: 0,
  })
  repo.git('remote', 'add', 'origin', 'git@github.com:acme/widget.git')
  for (const step of steps) {
    if (typeof step === 'string') repo.commit(step, [])
    else repo.tag(step.tag)
  }
  return repo
}
