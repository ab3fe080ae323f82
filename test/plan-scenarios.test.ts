/**
 * `herald plan` on real temporary git repositories: every planning rule,
 * through the CLI contract that scripts and benchmarks use.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

let repo: TestRepo
afterEach(() => repo?.remove())

function withConfig(config: unknown): string {
  const path = join(repo.dir, 'herald.config.json')
  writeFileSync(path, JSON.stringify(config))
  return path
}

async function plan(...args: string[]) {
  const run = await runCli(['plan', '--repo', repo.dir, '--json', ...args])
  return { ...run, plan: run.stdout ? run.json() : null }
}

describe('herald plan: the bump', () => {
  it.each([
    ['fix: a bug', '1.2.4', 'patch'],
    ['perf: faster', '1.2.4', 'patch'],
    ['feat: a thing', '1.3.0', 'minor'],
    ['feat!: drop node 18', '2.0.0', 'major'],
    ['refactor(core)!: new api', '2.0.0', 'major'],
    ['fix: x\n\nBREAKING CHANGE: the flag is gone', '2.0.0', 'major'],
    ['fix: x\n\nBREAKING-CHANGE: the flag is gone', '2.0.0', 'major'],
  ])('%j after v1.2.3 releases %s', async (message, version, bump) => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.2.3')
    repo.commit('docs: readme')
    repo.commit(message)
    const r = await plan()
    expect(r.code).toBe(0)
    expect(r.plan.to.version).toBe(version)
    expect(r.plan.bump).toBe(bump)
    expect(r.plan.from).toMatchObject({ tag: 'v1.2.3', version: '1.2.3' })
  })

  it('takes the highest level among the commits, and names the commits that drove it', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('fix: one')
    const feat = repo.commit('feat(api): two (#42)')
    repo.commit('fix: three')
    const r = await plan()
    expect(r.plan.to.version).toBe('1.1.0')
    expect(r.plan.drivers).toEqual([feat])
    expect(r.plan.commits.map((c: { subject: string }) => c.subject)).toEqual(['three', 'two', 'one'])
    expect(r.plan.commits[1]).toMatchObject({ type: 'feat', scope: 'api', pr: 42, breaking: false })
  })

  it('says there is nothing to release when no commit is releasable, with exit 1', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('docs: typo')
    repo.commit('chore: tidy')
    repo.commit('not conventional at all')
    const r = await plan()
    expect(r.code).toBe(1)
    expect(r.plan.to).toBeNull()
    expect(r.plan.bump).toBe('none')
    expect(r.plan.commits).toHaveLength(3)
    expect(r.stderr).toContain('nothing to release')
    expect(r.stderr).toContain('--bump')
  })

  it('strict breaking notes ignore a lower-case footer; loose ones honour it anywhere at a line start', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('fix: a\n\nSome text.\n* breaking change: the old flag is removed')
    expect((await plan()).plan.to.version).toBe('1.0.1')
    const config = withConfig({ lines: [{ name: 'v', tagPrefix: 'v', breakingNotes: 'loose' }] })
    expect((await plan('--config', config)).plan.to.version).toBe('2.0.0')
  })

  it('a Release-As footer sets the version', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('fix: small\n\nRelease-As: 3.0.0')
    const r = await plan()
    expect(r.plan.to.version).toBe('3.0.0')
    expect(r.plan.reason).toBe('release-as')
  })

  it('"*" in patch makes every conventional type releasable (release-please)', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('docs: readme')
    expect((await plan()).code).toBe(1)
    const config = withConfig({ lines: [{ name: 'v', tagPrefix: 'v', preset: 'release-please' }] })
    expect((await plan('--config', config)).plan.to.version).toBe('1.0.1')
  })

  it('never counts release commits', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('chore(main): release 1.0.1 (#9)')
    repo.commit('chore(release): 1.0.1 [skip ci]')
    const config = withConfig({
      lines: [{ name: 'v', tagPrefix: 'v', bumps: { minor: ['feat'], patch: ['*'] } }],
    })
    const r = await plan('--config', config)
    expect(r.code).toBe(1)
    expect(r.plan.commits).toEqual([])
  })

  it('keeps a commit and its revert in the same range: a release is never lowered by adding a commit', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    const feat = repo.commit('feat: risky')
    repo.commit(`Revert "feat: risky"\n\nThis reverts commit ${feat}.`)
    const r = await plan()
    expect(r.plan.to.version).toBe('1.1.0')
    expect(r.plan.notes).toContain('Revert "feat: risky"')
  })

  it('counts the commits of a merged branch, and the merge itself not at all', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.branch('topic')
    repo.commit('feat: from the branch')
    repo.checkout('main')
    repo.commit('fix: on main')
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #7 from someone/topic', 'topic')
    const r = await plan()
    expect(r.plan.to.version).toBe('1.1.0')
    expect(r.plan.notes).not.toContain('Merge pull request')
  })
})

describe('herald plan: the previous release', () => {
  it('is the highest-version tag of the line reachable from the target, not the newest', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v2.0.0')
    repo.branch('old')
    repo.commit('fix: on an unmerged branch')
    repo.tag('v3.0.0')
    repo.checkout('main')
    repo.commit('fix: a')
    const r = await plan()
    expect(r.plan.from.tag).toBe('v2.0.0')
    expect(r.plan.to.version).toBe('2.0.1')
  })

  it('ignores tags of other lines and legacy tags, and bootstraps at initialVersion', async () => {
    repo = createRepo()
    repo.commit('feat: cli', ['backend/cli/main.py'])
    repo.tag('v0.1.0') // a CLI release from before the repository split into lines
    repo.tag('cli-v0.1.0')
    repo.commit('feat: platform thing', ['backend/api/app.py'])
    const config = withConfig({
      lines: [
        { name: 'cli', tagPrefix: 'cli-v', paths: ['backend/cli/', 'pyproject.toml'] },
        {
          name: 'platform',
          tagPrefix: 'v',
          excludePaths: ['backend/cli/'],
          ignoreTags: ['v0.1.0'],
          initialVersion: '1.0.0',
        },
      ],
    })
    const platform = await plan('--config', config, '--line', 'platform')
    expect(platform.plan.from).toBeNull()
    expect(platform.plan.to).toMatchObject({ tag: 'v1.0.0', version: '1.0.0' })
    expect(platform.plan.reason).toBe('initial')
    expect(platform.plan.bump).toBe('major')
    const cli = await plan('--config', config, '--line', 'cli')
    expect(cli.code).toBe(1)
    expect(cli.plan.from.tag).toBe('cli-v0.1.0')
  })

  it('counts only commits touching the line paths (the Connexity two-line monorepo)', async () => {
    repo = createRepo()
    repo.commit('chore: init', ['README.md'])
    repo.tag('cli-v0.2.0')
    repo.tag('v1.0.0')
    repo.commit('feat(cli): add compare command', ['backend/cli/compare.py'])
    repo.commit('fix: bump python', ['pyproject.toml'])
    repo.commit('fix(api): timeout', ['backend/api/app.py'])
    repo.commit('feat(web): dark mode', ['frontend/app.tsx', 'backend/cli/README.md'])
    const config = withConfig({
      lines: [
        { name: 'cli', tagPrefix: 'cli-v', paths: ['backend/cli/', 'pyproject.toml'] },
        { name: 'platform', tagPrefix: 'v', excludePaths: ['backend/cli/'], ignoreTags: ['v0.1.0'] },
      ],
    })
    const cli = await plan('--config', config, '--line', 'cli')
    expect(cli.plan.to.tag).toBe('cli-v0.3.0')
    expect(cli.plan.commits.map((c: { subject: string }) => c.subject)).toEqual([
      'dark mode',
      'bump python',
      'add compare command',
    ])
    const platform = await plan('--config', config, '--line', 'platform')
    expect(platform.plan.to.tag).toBe('v1.1.0')
    // A commit touching only excluded paths does not count; one touching both does.
    expect(platform.plan.commits.map((c: { subject: string }) => c.subject)).toEqual([
      'dark mode',
      'timeout',
      'bump python',
    ])
  })

  it('applies the pre-1.0 rules', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v0.4.2')
    repo.commit('feat!: new api')
    expect((await plan()).plan.to.version).toBe('1.0.0')
    const config = withConfig({
      lines: [{ name: 'v', tagPrefix: 'v', preMajor: { breaking: 'minor', feature: 'patch' } }],
    })
    expect((await plan('--config', config)).plan.to.version).toBe('0.5.0')
    repo.commit('feat: another')
    const featOnly = createRepo()
    featOnly.commit('feat: initial')
    featOnly.tag('v0.4.2')
    featOnly.commit('feat: small')
    const r = await runCli(['plan', '--repo', featOnly.dir, '--config', config, '--json'])
    expect(r.json().to.version).toBe('0.4.3')
    featOnly.remove()
  })

  it('finds the base even when a tag commit is dated after the target (clock skew)', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.commit('feat: from the future', undefined, { date: 1_900_000_000 })
    repo.tag('v1.0.0')
    repo.commit('fix: after', undefined, { date: 1_700_100_000 })
    const r = await plan()
    expect(r.plan.from.tag).toBe('v1.0.0')
    expect(r.plan.to.version).toBe('1.0.1')
    expect(r.plan.commits).toHaveLength(1)
  })

  it('works with annotated tags', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0', 'HEAD', { annotated: true })
    repo.commit('fix: a')
    const r = await plan()
    expect(r.plan.from).toMatchObject({ tag: 'v1.0.0', sha: repo.sha('v1.0.0') })
    expect(r.plan.to.version).toBe('1.0.1')
  })
})

describe('herald plan: pre-releases', () => {
  it('starts a series at .1, continues it, and a stable release takes all its commits', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.2.0')
    repo.commit('feat: big')
    const rc1 = await plan('--prerelease', 'rc')
    expect(rc1.plan.to.version).toBe('1.3.0-rc.1')
    repo.tag('v1.3.0-rc.1')
    repo.commit('fix: in rc')
    const rc2 = await plan('--prerelease', 'rc')
    expect(rc2.plan.to.version).toBe('1.3.0-rc.2')
    expect(rc2.plan.from.tag).toBe('v1.3.0-rc.1')
    expect(rc2.plan.commits.map((c: { subject: string }) => c.subject)).toEqual(['in rc'])
    repo.tag('v1.3.0-rc.2')
    repo.commit('docs: notes')
    const stable = await plan()
    expect(stable.plan.to.version).toBe('1.3.0')
    expect(stable.plan.from.tag).toBe('v1.2.0')
    expect(stable.plan.commits.map((c: { subject: string }) => c.subject)).toEqual(['notes', 'in rc', 'big'])
  })

  it('computes the bump from the last stable release, not from the last pre-release', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('feat!: breaking')
    repo.tag('v2.0.0-beta.1')
    repo.commit('fix: small')
    expect((await plan('--prerelease', 'beta')).plan.to.version).toBe('2.0.0-beta.2')
    expect((await plan('--prerelease', 'rc')).plan.to.version).toBe('2.0.0-rc.1')
  })

  it('rejects a bad identifier as bad input', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const r = await runCli(['plan', '--repo', repo.dir, '--prerelease', 'r c'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('letters, digits')
  })
})

describe('herald plan: refusals and overrides', () => {
  it('refuses when the computed tag already exists anywhere, and never proposes moving it', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.branch('elsewhere')
    repo.commit('fix: elsewhere')
    repo.tag('v1.0.1')
    repo.checkout('main')
    repo.commit('fix: here')
    const r = await plan()
    expect(r.code).toBe(1)
    expect(r.plan.to.tag).toBe('v1.0.1')
    expect(r.plan.refusal.code).toBe('tag-exists')
    expect(r.stderr).toContain('v1.0.1 already exists')
  })

  it('--at REF plans as if HEAD were REF and its tags did not exist', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('feat: second')
    repo.tag('v1.1.0')
    repo.commit('fix: third')
    const r = await plan('--at', 'v1.1.0')
    expect(r.code).toBe(0)
    expect(r.plan.from.tag).toBe('v1.0.0')
    expect(r.plan.to).toMatchObject({ tag: 'v1.1.0', sha: repo.sha('v1.1.0') })
  })

  it('without --at, HEAD carrying the line’s newest tag is nothing new, said once on stderr (exit 1)', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('feat: second')
    repo.tag('v1.1.0')
    const r = await plan()
    expect(r.code).toBe(1)
    expect(r.plan.error).toEqual({
      code: 'already_released',
      message: 'HEAD is already v1.1.0: nothing new to release (commit a change first)',
    })
    const text = await runCli(['plan', '--repo', repo.dir])
    expect(text).toEqual({
      code: 1,
      stdout: '',
      stderr: 'herald plan: HEAD is already v1.1.0: nothing new to release (commit a change first)\n',
      json: expect.any(Function),
    })
  })

  it.each([
    ['a final over a pre-release on HEAD', [], 0, 'v1.1.0'],
    ['another pre-release on HEAD', ['--prerelease', 'rc'], 1, null],
  ])('HEAD on v1.1.0-rc.1: %s', async (_name, args, code, tag) => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('feat: second')
    repo.tag('v1.1.0-rc.1')
    const r = await plan(...args)
    expect(r.code).toBe(code)
    if (tag) expect(r.plan.to.tag).toBe(tag)
    else
      expect(r.plan.error.message).toBe(
        'HEAD is already v1.1.0-rc.1: nothing new to release (commit a change first)',
      )
  })

  it('a refused plan is said once: on stderr, not again in the plan on stdout', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('docs: only')
    const r = await runCli(['plan', '--repo', repo.dir])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.match(/nothing to release/g)).toHaveLength(1)
  })

  it('--bump and --version override the commits; a version not above the last release is bad input', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.4.0')
    repo.commit('docs: only')
    expect((await plan('--bump', 'minor')).plan.to.version).toBe('1.5.0')
    expect((await plan('--version', 'v2.1.0')).plan.to.version).toBe('2.1.0')
    const low = await plan('--version', '1.3.9')
    expect(low.code).toBe(1)
    expect(low.stderr).toContain('not greater than the last release v1.4.0')
    const bad = await plan('--version', 'two')
    expect(bad.code).toBe(2)
  })

  it('refuses to plan off the line branch unless forced', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.branch('feature/x')
    const r = await plan()
    expect(r.code).toBe(1)
    expect(r.stderr).toMatchInlineSnapshot(`
      "herald plan: line "v" releases from "main" but HEAD is on branch "feature/x": check out main, or pass --force to plan here anyway
      "
    `)
    expect((await plan('--force')).code).toBe(0)
  })

  it('asks for --line when there are several lines, and names them', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const config = withConfig({
      lines: [
        { name: 'cli', tagPrefix: 'cli-v' },
        { name: 'web', tagPrefix: 'web-v' },
      ],
    })
    const r = await plan('--config', config)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('several release lines (cli, web): choose one with --line NAME')
    expect((await plan('--config', config, '--line', 'nope')).stderr).toContain(
      'no release line named "nope"',
    )
  })

  it('names the key path, the bad value and what is allowed for a bad config', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    const config = withConfig({ lines: [{ name: 'v', tagPrefix: 'v', breakingNotes: 'sometimes', typo: 1 }] })
    const r = await runCli(['plan', '--repo', repo.dir, '--config', config])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('lines[0].breakingNotes')
    expect(r.stderr).toContain('"sometimes"')
    expect(r.stderr).toContain('"strict"')
    expect(r.stderr).toContain('unknown key "typo"')
  })

  it('says that a --repo folder does not exist, and that an empty repository has no commits yet', async () => {
    repo = createRepo()
    const missing = join(repo.dir, 'nope')
    expect(await runCli(['plan', '--repo', missing])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `herald: --repo ${missing}: no such folder (${missing}): give the path of a git repository\n`,
    })
    const empty = await runCli(['plan', '--repo', repo.dir])
    expect(empty).toMatchObject({
      code: 1,
      stderr:
        'herald plan: no commits yet: HEAD is a branch without commits (an empty repository?): commit something, then release it\n',
    })
  })

  it('says what to do outside a git repository and for an unknown ref', async () => {
    repo = createRepo()
    const outside = await runCli(['plan', '--repo', '/'])
    expect(outside.code).toBe(2)
    expect(outside.stderr).toContain('not a git repository')
    repo.commit('feat: initial')
    const ref = await runCli(['plan', '--repo', repo.dir, '--at', 'nope'])
    expect(ref.code).toBe(2)
    expect(ref.stderr).toContain('no commit named "nope"')
  })
})

describe('herald plan: configuration sources', () => {
  it('reads lines from a release-please manifest config when there is no Herald config', async () => {
    repo = createRepo()
    writeFileSync(
      join(repo.dir, 'release-please-config.json'),
      JSON.stringify({
        'bump-minor-pre-major': true,
        packages: {
          'packages/server': { component: 'server-sdk' },
          'packages/web': { component: 'web-sdk' },
        },
      }),
    )
    repo.commit('chore: init', ['README.md'])
    repo.tag('server-sdk-v0.3.0')
    repo.commit('feat!: server break', ['packages/server/index.ts'])
    repo.commit('feat: web only', ['packages/web/index.ts'])
    const r = await plan('--line', 'server-sdk')
    expect(r.plan.to.tag).toBe('server-sdk-v0.4.0')
    expect(r.plan.commits).toHaveLength(1)
  })

  it('prints a plan for people without --json', async () => {
    repo = createRepo()
    repo.commit('feat: initial')
    repo.tag('v1.0.0')
    repo.commit('feat(cli): add compare command (#12)')
    const r = await runCli(['plan', '--repo', repo.dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Line v: v1.0.0 -> v1.1.0 (minor)')
    expect(r.stdout).toContain('feat(cli): add compare command (#12)')
    expect(r.stdout).toContain('### 🚀 Features')
  })
})
