import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GitHubError } from '../../src/adapters/github/github-error.ts'
import { CutError, type CutRequest } from '../../src/ports/forge.ts'
import { ForgeError } from '../../src/ports/forge-error.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { forgeOn, startFake } from './support.ts'

let fake: FakeGitHub
let repo: FakeRepo
let head: string
let older: string

beforeEach(async () => {
  repo = new FakeRepo()
  older = repo.commit({ message: 'feat: first', files: { a: '1' } })
  head = repo.commit({ message: 'fix: second', parents: [older], files: { a: '2' } })
  repo.refs.set('refs/heads/main', head)
  fake = await startFake(repo)
})
afterEach(() => fake.stop())

const request = (over: Partial<CutRequest> = {}): CutRequest => ({
  tag: 'v1.1.0',
  sha: head,
  title: 'v1.1.0',
  notes: '### Bug Fixes\n\n- second\n',
  prerelease: false,
  makeLatest: true,
  ...over,
})

describe('cutting a release in tag mode', () => {
  it('tags the pinned commit and publishes the release with the notes', async () => {
    const result = await forgeOn(fake).cutRelease(request())
    expect(result).toEqual({
      tag: 'v1.1.0',
      sha: head,
      releaseUrl: `${fake.url}/acme/widget/releases/tag/v1.1.0`,
      tagCreated: true,
    })
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(head)
    expect(repo.releases).toMatchObject([
      { tag_name: 'v1.1.0', body: '### Bug Fixes\n\n- second\n', prerelease: false, make_latest: 'true' },
    ])
  })

  it('creates an annotated tag object when configured', async () => {
    await forgeOn(fake, { annotatedTags: true }).cutRelease(request({ title: 'v1.1.0 — faster' }))
    const object = repo.refs.get('refs/tags/v1.1.0')!
    expect(object).not.toBe(head)
    expect(repo.tagObjects.get(object)).toEqual({ tag: 'v1.1.0', message: 'v1.1.0 — faster', object: head })
  })

  it('marks a prerelease as such and never as the latest', async () => {
    await forgeOn(fake).cutRelease(request({ tag: 'v1.1.0-rc.1', prerelease: true, makeLatest: true }))
    expect(repo.releases[0]).toMatchObject({ prerelease: true, make_latest: 'false' })
  })

  it('refuses to overwrite a tag that exists on another commit', async () => {
    repo.refs.set('refs/tags/v1.1.0', older)
    const error = await forgeOn(fake)
      .cutRelease(request())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CutError)
    expect((error as CutError).code).toBe('tag_elsewhere')
    expect((error as CutError).message).toContain('never moves or overwrites a tag')
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(older)
    expect(fake.count('PATCH')).toBe(0)
    expect(repo.releases).toEqual([])
  })

  it('refuses when the tag and its release exist already', async () => {
    await forgeOn(fake).cutRelease(request())
    const error = await forgeOn(fake)
      .cutRelease(request())
      .catch((e: unknown) => e)
    expect((error as CutError).code).toBe('tag_exists')
    expect(repo.releases).toHaveLength(1)
  })

  it('leaves a resumable state when GitHub fails between the tag and the release', async () => {
    // More 502s than the retry plugin's 3 retries.
    fake.fail({ method: 'POST', path: /\/releases$/, status: 502, times: 4 })
    const error = await forgeOn(fake)
      .cutRelease(request())
      .catch((e: unknown) => e)
    expect((error as CutError).code).toBe('release_failed')
    expect((error as CutError).message).toMatch(
      /tag v1\.1\.0 is on [0-9a-f]{12}, but creating its GitHub Release failed/,
    )
    expect((error as CutError).message).toContain('run the release again')
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(head)
    expect(repo.releases).toEqual([])
    expect(fake.count('POST', /\/releases$/)).toBe(4)

    const resumed = await forgeOn(fake).cutRelease(request())
    expect(resumed.tagCreated).toBe(false)
    expect(resumed.releaseUrl).toContain('/releases/tag/v1.1.0')
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(head)
    expect(repo.releases).toHaveLength(1)
  })

  it('rides out a 5xx with the retry plugin', async () => {
    fake.fail({ method: 'POST', path: /\/git\/refs$/, status: 503, times: 2 })
    const result = await forgeOn(fake).cutRelease(request())
    expect(result.tagCreated).toBe(true)
    expect(fake.count('POST', /\/git\/refs$/)).toBe(3)
  })

  it.each([403, 429])('waits out a secondary rate limit (%i with retry-after)', async (status) => {
    fake.fail({
      method: 'POST',
      path: /\/git\/refs$/,
      status,
      headers: { 'retry-after': '2' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    })
    const warnings: string[] = []
    const result = await forgeOn(fake, { warn: (m) => warnings.push(m) }).cutRelease(request())
    expect(result.tagCreated).toBe(true)
    expect(fake.count('POST', /\/git\/refs$/)).toBe(2)
    expect(warnings).toEqual([expect.stringMatching(/secondary rate limit on POST .*retrying in 2 s/)])
  })

  it('gives up on a rate limit that does not lift, with what to do', async () => {
    fake.fail({
      method: 'GET',
      path: /\/commits\//,
      status: 403,
      times: 10,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    })
    const error = await forgeOn(fake)
      .resolveCommit('HEAD')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ForgeError)
    expect((error as ForgeError).code).toBe('rate_limited')
    expect((error as ForgeError).message).toMatchInlineSnapshot(
      `"resolving HEAD in acme/widget failed: You have exceeded a secondary rate limit. (HTTP 403): GitHub rate limit reached and retries ran out: wait a few minutes and retry"`,
    )
  })

  it('says what to do about a bad token, without echoing it', async () => {
    const error = await forgeOn(fake, { token: 'ghp_secret123' })
      .resolveCommit('HEAD')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ForgeError)
    expect((error as ForgeError).code).toBe('unauthorized')
    expect(((error as ForgeError).cause as GitHubError).status).toBe(401)
    expect((error as ForgeError).message).toMatchInlineSnapshot(
      `"resolving HEAD in acme/widget failed: Bad credentials (HTTP 401): GITHUB_TOKEN is missing, expired or revoked: set a valid token"`,
    )
    expect(JSON.stringify(error)).not.toContain('ghp_secret123')
    expect(String((error as Error).stack)).not.toContain('ghp_secret123')
  })
})
