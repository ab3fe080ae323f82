/**
 * `/release line:lts,main` through `ChatRouter` on the fake GitHub: two
 * lines on two branches cut on one click, each at its own branch's tip; a
 * line GitHub refuses is reported beside the one cut, and **Retry cut**
 * cuts only the rest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { button, header, labels, notices, texts } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { githubRouter, startFake } from './support.ts'

function twoLines(): ReleaseLine[] {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        { name: 'main', tagPrefix: 'v', branch: 'main' },
        { name: 'lts', tagPrefix: 'lts-v', branch: 'lts-1.x' },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

const lines = twoLines()
let fake: FakeGitHub
let repo: FakeRepo
let store: StateStore
const tips: Record<string, string> = {}

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({ message: 'feat: first', files: { 'a.txt': '1' } })
  repo.refs.set('refs/tags/v1.0.0', root)
  repo.refs.set('refs/tags/lts-v1.0.0', root)
  tips.lts = repo.commit({
    message: 'fix: reject forged tokens',
    parents: [root],
    files: { 'auth.txt': 'lts' },
  })
  repo.refs.set('refs/heads/lts-1.x', tips.lts)
  const fix = repo.commit({
    message: 'fix: reject forged tokens',
    parents: [root],
    files: { 'auth.txt': 'main' },
  })
  tips.main = repo.commit({ message: 'feat: compare command', parents: [fix], files: { 'c.txt': '1' } })
  repo.refs.set('refs/heads/main', tips.main)
  for (const sha of [tips.lts, tips.main])
    repo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'success' }])
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
})
afterEach(async () => {
  await fake.stop()
  await store.close()
})

// HEAD is the default branch, main: the LTS line is still planned and cut on lts-1.x.
const flows = () => githubRouter(fake, { store, lines })

describe('/release of two lines on GitHub', () => {
  it('checks CI on each line’s own tip and cuts both, the line on the default branch taking Latest', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    expect(header(preview)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): preview, waiting for confirmation')
    expect(texts(preview)).toContain(`✅ ci_head: line lts: CI green on ${tips.lts!.slice(0, 12)} (1 check)`)
    expect(texts(preview)).toContain(
      `✅ ci_head: line main: CI green on ${tips.main!.slice(0, 12)} (1 check)`,
    )
    const done = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(header(done)).toBe('v1.1.0 + lts-v1.0.1 (lines main, lts): released')
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(tips.main)
    expect(repo.refs.get('refs/tags/lts-v1.0.1')).toBe(tips.lts)
    expect(repo.releases.map((r) => [r.tag_name, r.make_latest])).toEqual([
      ['v1.1.0', 'true'],
      ['lts-v1.0.1', 'false'],
    ])
    expect(texts(done)).toContain('✅ lts `lts-v1.0.1` at')
    expect(texts(done)).toMatch(/✅ main `v1\.1\.0` at `[0-9a-f]{12}` \[Release page\]\(http/)
  })

  it('blocks both lines on one line’s red CI; an override cuts both and names what it overrode', async () => {
    repo.checkRuns.set(tips.lts!, [{ name: 'test', status: 'completed', conclusion: 'failure' }])
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    expect(texts(preview)).toContain(`❌ ci_head: line lts: CI failed on ${tips.lts!.slice(0, 12)}: test`)
    expect(labels(preview)).toEqual(['Override and cut', 'Cancel'])
    const done = await f.action(actor('U_APP'), button(preview, 'Override and cut'))
    expect(header(done)).toMatch(/: released$/)
    expect(notices(done)).toEqual([
      `Cut despite failed checks, overridden by u_app (U_APP): ci_head (line lts: CI failed on ${tips.lts!.slice(0, 12)}: test)`,
    ])
    expect(repo.refs.get('refs/tags/lts-v1.0.1')).toBe(tips.lts)
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(tips.main)
  })

  it('takes in CI finishing on one line’s commit, so the preview can be cut without previewing again', async () => {
    repo.checkRuns.set(tips.lts!, [{ name: 'test', status: 'in_progress', conclusion: null }])
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'main,lts' })
    expect(preview.updatable).toBeDefined()
    expect(texts(preview)).toContain(
      `❌ ci_head: line lts: CI still running on ${tips.lts!.slice(0, 12)}: test`,
    )
    const cut = button(preview, 'Override and cut').replace('r:ov:', 'r:cut:')
    expect(notices(await f.action(actor('U_APP'), cut))[0]).toMatch(
      /^Nothing was cut: a check failed: ci_head/,
    )

    repo.checkRuns.set(tips.lts!, [{ name: 'test', status: 'completed', conclusion: 'success' }])
    // main's CI did not change: nothing to update there; lts's did.
    expect(await f.release.ciCompleted(tips.main!)).toEqual([])
    const [updated, ...others] = await f.release.ciCompleted(tips.lts!)
    expect(others).toEqual([])
    expect(updated!.checks!.filter((c) => c.id === 'ci_head').map((c) => c.text)).toEqual([
      `line main: CI green on ${tips.main!.slice(0, 12)} (1 check)`,
      `line lts: CI green on ${tips.lts!.slice(0, 12)} (1 check)`,
    ])
    expect(await f.release.ciCompleted(tips.lts!)).toEqual([])
    const done = await f.action(actor('U_APP'), cut)
    expect(header(done)).toMatch(/: released$/)
    expect(done.blocks.some((b) => b.kind === 'notice' && b.text.startsWith('Cut despite'))).toBe(false)
  })

  it('on a retry, reports a line whose tag and release an earlier attempt made as done, not failed', async () => {
    fake.fail({
      method: 'POST',
      path: /\/git\/refs$/,
      status: 502,
      body: { message: 'Bad gateway' },
      times: 5,
    })
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts,main' })
    const failed = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(texts(failed).split('\n')[0]).toMatch(/^❌ lts /)
    // GitHub did create them after all (the answer was lost on the way back).
    repo.refs.set('refs/tags/lts-v1.0.1', tips.lts!)
    repo.releases.push({
      id: 99,
      tag_name: 'lts-v1.0.1',
      name: 'lts-v1.0.1',
      body: '',
      prerelease: false,
      make_latest: 'false',
      draft: false,
      assets: [],
    })
    fake.faults.length = 0
    const done = await f.action(actor('U_APP'), button(failed, 'Retry cut'))
    expect(header(done)).toMatch(/: released$/)
    expect(texts(done).split('\n')[0]).toBe(
      `✅ lts \`lts-v1.0.1\` at \`${tips.lts!.slice(0, 12)}\` (the tag already pointed at the pinned commit; it was reused)`,
    )
    expect(repo.releases.map((r) => r.tag_name).sort()).toEqual(['lts-v1.0.1', 'v1.1.0'])
  })

  it('reports the line GitHub refuses beside the one cut; Retry cut cuts only that line', async () => {
    // A tag rule refuses the first tag Herald creates: the LTS line's, named first.
    fake.fail({
      method: 'POST',
      path: /\/git\/refs$/,
      status: 403,
      body: { message: 'Cannot create ref due to creations being restricted' },
    })
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'lts,main' })
    const failed = await f.action(actor('U_APP'), button(preview, 'Cut 2 releases'))
    expect(header(failed)).toBe('lts-v1.0.1 + v1.1.0 (lines lts, main): not every line was cut')
    const [lts, main] = texts(failed).split('\n')
    expect(lts).toMatch(
      /^❌ lts `lts-v1\.0\.1`: creating tag lts-v1\.0\.1 on .*Cannot create ref.*nothing was created \(tag_failed\)$/,
    )
    expect(main).toMatch(/^✅ main `v1\.1\.0` at `[0-9a-f]{12}` \[Release page\]/)
    expect(notices(failed)).toEqual([
      '1 of 2 lines was not cut (lts): fix what is said for it, then press Retry cut. Lines already cut are reported as done and never cut again. (tag_failed)',
    ])
    expect(repo.refs.has('refs/tags/lts-v1.0.1')).toBe(false)
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(tips.main)

    const done = await f.action(actor('U_APP'), button(failed, 'Retry cut'))
    expect(header(done)).toMatch(/: released$/)
    expect(repo.refs.get('refs/tags/lts-v1.0.1')).toBe(tips.lts)
    // Named second, main still takes Latest: the LTS line is not on the default branch.
    expect(repo.releases.map((r) => [r.tag_name, r.make_latest])).toEqual([
      ['v1.1.0', 'true'],
      ['lts-v1.0.1', 'false'],
    ])
    expect(fake.count('POST', /\/releases$/)).toBe(2)
    expect(labels(done)).toEqual(['Announce both', 'Announce lts-v1.0.1', 'Announce v1.1.0'])
  })
})
