/**
 * `/release` end to end through `ChatRouter` on the fake GitHub: checks in
 * the preview and the audited override (tag mode), and the release PR of a
 * `mode: pr` line opened, updated and published from chat, each exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/adapters/store/open-store.ts'
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import type { StateStore } from '../../src/ports/store.ts'
import { actor } from '../../src/testing/signoff-fixtures.ts'
import { button, field, header, labels, notices, texts } from '../helpers/views.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { githubRouter, startFake } from './support.ts'

function seedLines(): ReleaseLine[] {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        {
          name: 'cli',
          tagPrefix: 'cli-v',
          paths: ['backend/cli/', 'pyproject.toml'],
          mode: 'pr',
          changelog: 'backend/cli/CHANGELOG.md',
          versionFiles: ['pyproject.toml', 'backend/cli/_version.py'],
          announce: { kind: 'cli', product: 'connexity-cli', action: 'uv tool upgrade connexity-cli' },
        },
        {
          name: 'platform',
          tagPrefix: 'v',
          excludePaths: ['backend/cli/'],
          ignoreTags: ['v0.1.0'],
          initialVersion: '1.0.0',
          announce: {
            kind: 'platform',
            product: 'Connexity',
            action: 'Rolling out over the next few hours.',
          },
        },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}

const lines = seedLines()
let fake: FakeGitHub
let repo: FakeRepo
let store: StateStore

const green = (sha: string) =>
  repo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'success' }])
const red = (sha: string) =>
  repo.checkRuns.set(sha, [{ name: 'test', status: 'completed', conclusion: 'failure' }])

function advance(message: string, files: Record<string, string>): string {
  const head = repo.commit({ message, parents: [repo.resolve('main')!], files })
  repo.refs.set('refs/heads/main', head)
  return head
}

/** GitHub's squash merge: one commit on main with the branch's files, the PR closed and merged. */
function squashMerge(number: number): string {
  const pull = repo.pulls.find((p) => p.number === number)!
  const files: Record<string, string> = {}
  for (const [path, oid] of repo.commits.get(repo.resolve(pull.head)!)!.files)
    files[path] = repo.blobs.get(oid)!
  const sha = advance(`${pull.title} (#${number})`, files)
  Object.assign(pull, { state: 'closed', merged_at: '2024-03-02T00:00:00Z', merge_commit_sha: sha })
  return sha
}

const flows = () => githubRouter(fake, { store, lines, forgeOptions: { scopes: lines } })

const audit = async () => (await store.listAudit()).map((e) => `${e.actor.userId} ${e.action} ${e.outcome}`)

let head: string
beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'pyproject.toml': '[project]\nname = "connexity-cli"\nversion = "0.2.0"\n',
      'backend/cli/_version.py': '__version__ = "0.2.0"\n',
      'backend/cli/CHANGELOG.md': '# Changelog\n\n## 0.2.0 (2024-01-01)\n\n### Features\n\n- older\n',
      'backend/app.py': 'app\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/cli-v0.2.0', root)
  advance('feat(cli): add compare command (#11)', { 'backend/cli/compare.py': 'compare\n' })
  head = advance('fix(api): faster dashboards (#12)', { 'backend/app.py': 'app 2\n' })
  fake = await startFake(repo)
  store = await openStore({ kind: 'memory' })
})
afterEach(async () => {
  await fake.stop()
  await store.close()
})

describe('/release on GitHub: checks before the cut', () => {
  it('blocks the cut on red CI; only the release role may override, and the override is audited', async () => {
    red(head)
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'platform' })
    expect(header(preview)).toBe('v1.0.0 (line platform): preview, waiting for confirmation')
    expect(texts(preview)).toContain(`❌ ci_head: CI failed on ${head.slice(0, 12)}: test`)
    expect(texts(preview)).toContain("✅ branch: cutting from main, the line's branch")
    expect(labels(preview)).toEqual(['Override and cut', 'Cancel'])
    const override = button(preview, 'Override and cut')

    // A Cut release click on this preview (an old client, a forged id) is refused, saying why and what to do.
    const cut = await f.action(actor('U_APP'), override.replace('r:ov:', 'r:cut:'))
    expect(notices(cut)[0]).toBe(
      `Nothing was cut: a check failed: ci_head (CI failed on ${head.slice(0, 12)}: test). Fix it and run /release again, or someone allowed to cut releases can press **Override and cut** (written to the audit log).`,
    )
    expect(notices(await f.action(actor('U_NOPE'), override))[0]).toMatch(
      /^You may not cut releases: allowed are users U_REQ, U_APP\./,
    )
    // The two-person rule holds for an override too: the first platform release is a major.
    expect(notices(await f.action(actor('U_REQ'), override))[0]).toMatch(
      /^A major release needs a second person/,
    )
    expect(repo.refs.has('refs/tags/v1.0.0')).toBe(false)

    const done = await f.action(actor('U_APP'), override)
    expect(header(done)).toBe('v1.0.0 (line platform): released')
    expect(notices(done)).toEqual([
      `Cut despite failed checks, overridden by u_app (U_APP): ci_head (CI failed on ${head.slice(0, 12)}: test)`,
    ])
    expect(repo.refs.get('refs/tags/v1.0.0')).toBe(head)
    expect(repo.releases).toMatchObject([
      { tag_name: 'v1.0.0', name: 'Connexity v1.0.0', make_latest: 'true' },
    ])

    expect(await audit()).toEqual([
      'U_REQ planned done',
      'U_APP confirmed refused',
      'U_NOPE override refused',
      'U_REQ override refused',
      'U_APP confirmed done',
      'U_APP cutting done',
      'herald cut done',
    ])
    const confirmed = (await store.listAudit()).find((e) => e.action === 'confirmed' && e.outcome === 'done')!
    expect(confirmed.detail).toBe(
      `v1.0.0: confirmed, overriding failed checks: ci_head (CI failed on ${head.slice(0, 12)}: test)`,
    )
  })

  it('shows checks GitHub will not let it read as a failed check, never the token', async () => {
    fake.fail({
      method: 'GET',
      path: /check-runs/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: 10,
    })
    const preview = await flows().command(actor('U_REQ'), 'release', { line: 'platform' })
    expect(texts(preview)).toMatch(
      /❌ ci_head: the checks could not be read \(.*403.*\): fix the token's access/,
    )
    expect(JSON.stringify(preview)).not.toContain(fake.token)
    expect(labels(preview)).toEqual(['Override and cut', 'Cancel'])
  })

  it('refuses a cut when CI turned red after a green preview, and shows the failure in a fresh preview', async () => {
    green(head)
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'platform' })
    expect(labels(preview)).toEqual(['Cut release', 'Cancel'])
    red(head)
    const view = await f.action(actor('U_APP'), button(preview, 'Cut release'))
    expect(notices(view)[0]).toBe(
      `Nothing was cut: a check failed since the preview: ci_head (CI failed on ${head.slice(0, 12)}: test). Here is a fresh preview; check it and confirm again.`,
    )
    expect(labels(view)).toEqual(['Override and cut', 'Cancel'])
    expect(repo.refs.has('refs/tags/v1.0.0')).toBe(false)
  })
})

describe('/release on GitHub: CI finishing while the preview waits', () => {
  it('carries the finished CI into the open preview, so the cut goes through without previewing again', async () => {
    repo.checkRuns.set(head, [{ name: 'test', status: 'in_progress', conclusion: null }])
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'platform' })
    expect(texts(preview)).toContain(`❌ ci_head: CI still running on ${head.slice(0, 12)}: test`)
    const cutId = button(preview, 'Override and cut').replace('r:ov:', 'r:cut:')
    expect(notices(await f.action(actor('U_APP'), cutId))[0]).toMatch(
      /^Nothing was cut: a check failed: ci_head/,
    )

    // Still running: nothing changes, and a commit without previews is nothing to do.
    expect(await f.release.ciCompleted(head)).toEqual([])
    expect(await f.release.ciCompleted('f'.repeat(40))).toEqual([])
    green(head)
    const [updated, ...others] = await f.release.ciCompleted(head)
    expect(others).toEqual([])
    expect(updated!.checks!.find((c) => c.id === 'ci_head')).toEqual({
      id: 'ci_head',
      status: 'pass',
      text: `CI green on ${head.slice(0, 12)} (1 check)`,
    })
    // The same completion delivered again changes nothing more.
    expect(await f.release.ciCompleted(head)).toEqual([])

    const done = await f.action(actor('U_APP'), cutId)
    expect(header(done)).toBe('v1.0.0 (line platform): released')
    expect(notices(done)).toEqual([])
    expect(repo.refs.get('refs/tags/v1.0.0')).toBe(head)
    const herald = (await store.listAudit()).filter((e) => e.actor.userId === 'herald')
    expect(herald.map((e) => e.detail)).toEqual([
      `v1.0.0: ci_head: CI green on ${head.slice(0, 12)} (1 check)`,
      'v1.0.0: cut',
    ])
    // A released preview leaves the index: CI finishing again touches nothing.
    red(head)
    expect(await f.release.ciCompleted(head)).toEqual([])
    expect(await store.listIndex(`release-previews:${head}`)).toEqual([])
  })
})

describe('/release on a release-PR line (mode: pr)', () => {
  it('opens the release PR once on a double click, updates it as commits land, then publishes the merge once', async () => {
    const f = flows()
    const preview = await f.command(actor('U_REQ'), 'release', { line: 'cli' })
    expect(header(preview)).toBe('Release PR for cli-v0.3.0 (line cli): preview, waiting for confirmation')
    expect(field(preview, 'Release PR')).toBe('none open yet')
    const open = button(preview, 'Open release PR')
    // The requester may open it: the PR is not the release; tagging it is.
    const clicks = await Promise.all([f.action(actor('U_REQ'), open), f.action(actor('U_APP'), open)])
    expect(repo.pulls).toHaveLength(1)
    const opened = clicks.find((v) => header(v)?.endsWith('release PR ready for review'))!
    expect(texts(opened)).toMatch(
      /Release PR \[#1\]\([^)]+\) opened for `cli-v0\.3\.0`\. Review and merge it/,
    )
    expect(repo.pulls[0]).toMatchObject({ title: 'chore(cli): release 0.3.0', state: 'open' })

    advance('fix(cli): handle SSE timeout (#13)', { 'backend/cli/sse.py': 'sse\n' })
    const again = await f.command(actor('U_REQ'), 'release', { line: 'cli' })
    expect(field(again, 'Release PR')).toMatch(/^\[#1\]\(/)
    const updated = await f.action(actor('U_REQ'), button(again, 'Update release PR'))
    expect(texts(updated)).toMatch(/Release PR \[#1\]\([^)]+\) updated for `cli-v0\.3\.0`/)
    expect(repo.pulls).toHaveLength(1)
    expect(repo.pulls[0]!.body).toContain('handle SSE timeout')

    const merge = squashMerge(1)
    green(merge)
    const publish = await f.command(actor('U_REQ'), 'release', { line: 'cli' })
    expect(header(publish)).toBe(
      'cli-v0.3.0 (line cli) from release PR #1: preview, waiting for confirmation',
    )
    expect(field(publish, 'Merge commit')).toBe(merge.slice(0, 12))
    const id = button(publish, 'Publish release')
    await Promise.all([
      f.action(actor('U_APP'), id),
      f.action(actor('U_APP'), id),
      f.action(actor('U_REQ'), id),
    ])
    expect(repo.refs.get('refs/tags/cli-v0.3.0')).toBe(merge)
    expect(repo.releases).toHaveLength(1)
    expect(repo.releases[0]).toMatchObject({ tag_name: 'cli-v0.3.0', name: 'connexity-cli v0.3.0' })
    expect(repo.releases[0]!.body).toContain('handle SSE timeout')
    expect(repo.releases[0]!.body).not.toContain('herald-release')

    const log = await store.listAudit()
    const done = log.filter((e) => e.outcome === 'done' && e.actor.userId === 'herald').map((e) => e.detail)
    expect(done).toEqual([
      'cli-v0.3.0: release PR #1 opened',
      'cli-v0.3.0: release PR #1 updated',
      'cli-v0.3.0: cut',
    ])
    expect(log.filter((e) => e.action === 'confirmed' && e.outcome === 'done')).toHaveLength(3)

    // Published: nothing new to release, nothing offered.
    const after = await f.command(actor('U_REQ'), 'release', { line: 'cli' })
    expect(after.actions).toEqual([])
  })

  it('blocks publishing while CI on the merge commit is red, like any cut', async () => {
    const f = flows()
    await f.action(
      actor('U_REQ'),
      button(await f.command(actor('U_REQ'), 'release', { line: 'cli' }), 'Open release PR'),
    )
    red(squashMerge(1))
    const publish = await f.command(actor('U_REQ'), 'release', { line: 'cli' })
    expect(labels(publish)).toEqual(['Override and cut', 'Cancel'])
    expect(
      notices(
        await f.action(actor('U_APP'), button(publish, 'Override and cut').replace('r:ov:', 'r:cut:')),
      )[0],
    ).toMatch(/^Nothing was cut: a check failed: ci_head/)
    expect(repo.releases).toEqual([])
  })
})
