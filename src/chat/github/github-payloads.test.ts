import { describe, expect, it } from 'vitest'
import { parseGitHubEvent } from './github-payloads.ts'

const SHA = 'a'.repeat(40)
const user = { login: 'octo', id: 7 }
const merged = (pr: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  action: 'closed',
  repository: { full_name: 'acme/widget' },
  sender: { login: 'sender', id: 8 },
  pull_request: {
    number: 5,
    merged: true,
    merge_commit_sha: SHA,
    merged_by: user,
    head: { ref: 'herald/release-cli' },
    base: { ref: 'main' },
    ...pr,
  },
  ...extra,
})

describe('parseGitHubEvent', () => {
  it.each([
    [
      'pull_request',
      merged(),
      {
        kind: 'merged',
        repository: 'acme/widget',
        event: { number: 5, mergeSha: SHA, headRef: 'herald/release-cli', baseRef: 'main', merger: user },
      },
    ],
    [
      'pull_request',
      merged({ merged_by: null }),
      {
        kind: 'merged',
        repository: 'acme/widget',
        event: {
          number: 5,
          mergeSha: SHA,
          headRef: 'herald/release-cli',
          baseRef: 'main',
          merger: { login: 'sender', id: 8 },
        },
      },
    ],
    [
      'pull_request',
      merged({ merged: false, merge_commit_sha: null }),
      { kind: 'unused', reason: 'PR #5 was closed without merging' },
    ],
    [
      'pull_request',
      { ...merged(), action: 'opened' },
      { kind: 'unused', reason: 'Herald acts only on closed pull requests' },
    ],
    [
      'pull_request',
      merged({ merge_commit_sha: 'nope' }),
      {
        kind: 'invalid',
        message: 'pull_request payload: pull_request.merge_commit_sha: expected a 40-character commit sha',
      },
    ],
    [
      'pull_request',
      merged({ number: -1 }),
      { kind: 'invalid', message: expect.stringMatching(/^pull_request payload: pull_request\.number: /) },
    ],
    [
      'ping',
      { zen: 'hi', repository: { full_name: 'acme/widget' } },
      { kind: 'ping', repository: 'acme/widget' },
    ],
    ['ping', { zen: 'hi' }, { kind: 'ping', repository: null }],
    [
      'push',
      { ref: 'refs/heads/main', after: SHA, repository: { full_name: 'acme/widget' } },
      { kind: 'push', repository: 'acme/widget', event: { branch: 'main', head: SHA } },
    ],
    [
      'push',
      { ref: 'refs/heads/release/1.x', after: SHA, deleted: false, repository: { full_name: 'acme/widget' } },
      { kind: 'push', repository: 'acme/widget', event: { branch: 'release/1.x', head: SHA } },
    ],
    [
      'push',
      { ref: 'refs/tags/v1.0.0', after: SHA, repository: { full_name: 'acme/widget' } },
      { kind: 'unused', reason: 'Herald acts only on branch pushes (refs/tags/v1.0.0)' },
    ],
    [
      'push',
      {
        ref: 'refs/heads/old',
        after: '0'.repeat(40),
        deleted: true,
        repository: { full_name: 'acme/widget' },
      },
      { kind: 'unused', reason: 'refs/heads/old was deleted' },
    ],
    [
      'push',
      { ref: 'refs/heads/main', after: 'HEAD', repository: { full_name: 'acme/widget' } },
      { kind: 'invalid', message: 'push payload: after: expected a 40-character commit sha' },
    ],
    [
      'check_suite',
      {
        action: 'completed',
        check_suite: { head_sha: SHA, status: 'completed' },
        repository: { full_name: 'acme/widget' },
      },
      { kind: 'ci', repository: 'acme/widget', event: { sha: SHA } },
    ],
    [
      'check_suite',
      { action: 'requested', check_suite: { head_sha: SHA }, repository: { full_name: 'acme/widget' } },
      { kind: 'unused', reason: 'Herald acts only on completed check suites' },
    ],
    [
      'check_suite',
      { action: 'completed', check_suite: {}, repository: { full_name: 'acme/widget' } },
      { kind: 'invalid', message: expect.stringMatching(/^check_suite payload: check_suite\.head_sha: /) },
    ],
    [
      'status',
      { sha: SHA, state: 'failure', context: 'ci/build', repository: { full_name: 'acme/widget' } },
      { kind: 'ci', repository: 'acme/widget', event: { sha: SHA } },
    ],
    [
      'status',
      { sha: SHA, state: 'pending', repository: { full_name: 'acme/widget' } },
      { kind: 'unused', reason: 'a pending status changes no check' },
    ],
    [
      'status',
      { sha: SHA, state: 'green', repository: { full_name: 'acme/widget' } },
      { kind: 'invalid', message: expect.stringMatching(/^status payload: state: /) },
    ],
    ['star', { action: 'created' }, { kind: 'unused', reason: 'Herald does not act on star events' }],
  ])('%s %j', (name, payload, expected) => {
    expect(parseGitHubEvent(name, payload)).toEqual(expected)
  })
})
