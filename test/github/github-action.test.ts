/**
 * The GitHub Action's entry point run as the runner runs it: `herald action`
 * as a child process with `INPUT_*`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`,
 * `GITHUB_EVENT_PATH` and `GITHUB_API_URL` pointed at the local fake GitHub.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatOutputs } from '../../src/action/action-io.ts'
import { type LocalServer, startLocalServer } from '../chat/support.ts'
import type { FakeGitHub } from './fake-github.ts'
import { FakeRepo } from './fake-model.ts'
import { startFake } from './support.ts'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'herald.js')
const MERGER = { login: 'octo-merger', id: 4242 }

let repo: FakeRepo
let fake: FakeGitHub
let dir: string
let cleanup: (() => Promise<void> | void)[] = []

beforeEach(async () => {
  repo = new FakeRepo()
  const root = repo.commit({
    message: 'chore: import',
    files: {
      'pyproject.toml': '[project]\nname = "connexity-cli"\nversion = "0.2.0"\n',
      'backend/cli/CHANGELOG.md': '# Changelog\n\n## 0.2.0 (2024-01-01)\n\n- older\n',
    },
  })
  repo.refs.set('refs/heads/main', root)
  repo.refs.set('refs/tags/cli-v0.2.0', root)
  advance('feat(cli): add compare command (#11)', { 'backend/cli/compare.py': 'compare\n' })
  fake = await startFake(repo)
  dir = mkdtempSync(join(tmpdir(), 'herald-action-'))
  // No `repo:`: the Action takes the workflow's repository from GITHUB_REPOSITORY.
  writeFileSync(
    join(dir, 'herald.config.yaml'),
    [
      'lines:',
      '  - name: cli',
      '    tagPrefix: cli-v',
      '    branch: main',
      '    paths: [backend/cli/, pyproject.toml]',
      '    mode: pr',
      '    changelog: backend/cli/CHANGELOG.md',
      '    versionFiles: [pyproject.toml]',
    ].join('\n'),
  )
  cleanup = [() => fake.stop(), () => rmSync(dir, { recursive: true, force: true })]
})

afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
})

function advance(message: string, files: Record<string, string>): string {
  const head = repo.commit({ message, parents: [repo.resolve('main')!], files })
  repo.refs.set('refs/heads/main', head)
  return head
}

type Run = { code: number; stdout: string; outputs: string; summary: string }

let runs = 0

/** One step: `herald action` with the variables the runner sets for `with:` and the event. */
async function step(
  inputs: Record<string, string>,
  event?: { name: string; payload: unknown },
  extra: Record<string, string> = {},
): Promise<Run> {
  const n = ++runs
  const output = join(dir, `output-${n}`)
  const summary = join(dir, `summary-${n}`)
  writeFileSync(output, '')
  writeFileSync(summary, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: 'acme/widget',
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: fake.token,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extra,
  }
  if (event) {
    const path = join(dir, `event-${n}.json`)
    writeFileSync(path, JSON.stringify(event.payload))
    Object.assign(env, { GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: path })
  }
  const result = await promisify(execFile)(process.execPath, [BIN, 'action'], { cwd: dir, env }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  )
  return { ...result, outputs: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8') }
}

/** The `name=value` outputs (a delimited block's value included). */
function outputsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const block = /^(\w+)<<(.+)$/.exec(lines[i]!)
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1)
      out[block[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const eq = lines[i]!.indexOf('=')
    if (eq > 0) out[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1)
  }
  return out
}

/** Squash-merges the open release PR on the fake; the `pull_request` event GitHub sends then. */
function mergeReleasePr(): { name: string; payload: unknown; sha: string } {
  const pull = repo.pulls.find((p) => p.state === 'open')!
  const files: Record<string, string> = {}
  for (const [path, oid] of repo.commits.get(repo.resolve(pull.head)!)!.files)
    files[path] = repo.blobs.get(oid)!
  const sha = advance(`${pull.title} (#${pull.number})`, files)
  Object.assign(pull, { state: 'closed', merged_at: '2024-03-02T00:00:00Z', merge_commit_sha: sha })
  const payload = {
    action: 'closed',
    number: pull.number,
    repository: { full_name: 'acme/widget' },
    sender: MERGER,
    pull_request: {
      number: pull.number,
      merged: true,
      merge_commit_sha: sha,
      merged_by: MERGER,
      head: { ref: pull.head },
      base: { ref: 'main' },
    },
  }
  return { name: 'pull_request', payload, sha }
}

const writes = () => fake.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')

const published = () => ({
  tags: [...repo.refs.keys()].filter((r) => r === 'refs/tags/cli-v0.3.0').length,
  releases: repo.releases.filter((r) => r.tag_name === 'cli-v0.3.0').length,
})

async function local(): Promise<LocalServer> {
  const server = await startLocalServer(() => ({}))
  cleanup.push(() => server.close())
  return server
}

describe('the GitHub Action', () => {
  it.each([
    ['plan', '## cli: cli-v0.3.0 (minor)'],
    ['notes', '## cli-v0.3.0'],
  ])('%s writes the next release to the outputs and the job summary', async (command, heading) => {
    const run = await step({ command })
    expect(run.code).toBe(0)
    const outputs = outputsOf(run.outputs)
    expect({ ...outputs, notes: undefined }).toEqual({
      version: '0.3.0',
      tag: 'cli-v0.3.0',
      bump: 'minor',
      released: 'false',
      notes: undefined,
    })
    expect(outputs['notes']).toContain('add compare command')
    expect(run.summary.startsWith(`${heading}\n`)).toBe(true)
    expect(run.summary).toContain('add compare command')
    // Planning writes nothing on GitHub (its POSTs are GraphQL queries).
    expect(writes()).toEqual([])
  })

  it('release-pr opens the release PR, then refreshes the same one', async () => {
    const first = await step({ command: 'release-pr' })
    expect([first.code, first.stdout]).toEqual([0, 'herald: cli: release PR #1 opened for cli-v0.3.0\n'])
    expect(outputsOf(first.outputs)).toEqual({
      version: '0.3.0',
      tag: 'cli-v0.3.0',
      bump: 'minor',
      released: 'false',
      pr: '1',
    })
    advance('fix(cli): compare handles empty input (#12)', { 'backend/cli/compare.py': 'compare v2\n' })
    const second = await step({ command: 'release-pr', line: 'cli' })
    expect(second.stdout).toBe('herald: cli: release PR #1 updated for cli-v0.3.0\n')
    expect(repo.pulls).toHaveLength(1)
    expect(repo.pulls[0]!.body).toContain('compare handles empty input')
    expect(published()).toEqual({ tags: 0, releases: 0 })
  })

  it('publish tags and releases a merged release PR once, and posts "published" to Slack and Discord', async () => {
    await step({ command: 'release-pr' })
    const event = mergeReleasePr()
    const slack = await local()
    const discord = await local()
    const hooks = { SLACK_WEBHOOK_URL: `${slack.url}/hook`, DISCORD_WEBHOOK_URL: `${discord.url}/hook` }
    const run = await step({ command: 'publish' }, event, hooks)
    expect(run.code).toBe(0)
    expect(outputsOf(run.outputs)).toEqual({
      version: '0.3.0',
      tag: 'cli-v0.3.0',
      bump: 'minor',
      released: 'true',
      pr: '1',
    })
    expect(published()).toEqual({ tags: 1, releases: 1 })
    expect(repo.refs.get('refs/tags/cli-v0.3.0')).toBe(event.sha)
    expect(slack.requests).toHaveLength(1)
    const text = JSON.parse(slack.requests[0]!.body).text as string
    expect(text).toContain('cli-v0.3.0 is published')
    expect(text).toContain('merged by octo-merger')
    expect(text).toContain('/announce-release cli-v0.3.0')
    const message = JSON.parse(discord.requests[0]!.body)
    expect(message.content).toContain('cli-v0.3.0 is published')
    expect(message.allowed_mentions).toEqual({ parse: [] })

    // The same event again (a re-run of the job): nothing more is tagged, released or posted.
    const again = await step({ command: 'publish' }, event, hooks)
    expect([again.code, outputsOf(again.outputs)['released']]).toEqual([0, 'false'])
    expect(again.stdout).toContain('cli-v0.3.0 is published already: nothing to do')
    expect(published()).toEqual({ tags: 1, releases: 1 })
    expect([slack.requests.length, discord.requests.length]).toEqual([1, 1])
  })

  it('publish lists the build’s checksums in the Release and attaches checksums.txt', async () => {
    const config = readFileSync(join(dir, 'herald.config.yaml'), 'utf8')
    writeFileSync(join(dir, 'herald.config.yaml'), `${config}\n    checksums: { from: dist/*.sha256 }\n`)
    await step({ command: 'release-pr' })
    const event = mergeReleasePr()
    // The workflow built the binaries in the workspace before this step.
    mkdirSync(join(dir, 'dist'))
    writeFileSync(
      join(dir, 'dist', 'cli.sha256'),
      `${'b'.repeat(64)}  cli-linux\n${'a'.repeat(64)}  cli-darwin\n`,
    )
    const run = await step({ command: 'publish' }, event)
    expect(run.code).toBe(0)
    const release = repo.releases.find((r) => r.tag_name === 'cli-v0.3.0')!
    expect(release.body).toContain('add compare command')
    expect(release.body).toContain(
      `### Checksums\n\n- \`cli-darwin\` — \`sha256:${'a'.repeat(64)}\`\n- \`cli-linux\` — \`sha256:${'b'.repeat(64)}\``,
    )
    expect(release.assets.map((a) => [a.name, a.content])).toEqual([
      ['checksums.txt', `${'a'.repeat(64)}  cli-darwin\n${'b'.repeat(64)}  cli-linux\n`],
    ])
  })

  it('publish on a push finds the merged, unpublished release PR; on other PRs it does nothing', async () => {
    await step({ command: 'release-pr' })
    const closedUnmerged = { ...(mergeReleasePr().payload as Record<string, unknown>) }
    const other = await step(
      { command: 'publish' },
      {
        name: 'pull_request',
        payload: {
          ...closedUnmerged,
          number: 7,
          pull_request: {
            ...(closedUnmerged['pull_request'] as object),
            number: 7,
            head: { ref: 'feature/x' },
          },
        },
      },
    )
    expect([other.code, other.stdout]).toEqual([
      0,
      'herald: PR #7 is not a release PR of cli: nothing to publish\n',
    ])
    expect(published()).toEqual({ tags: 0, releases: 0 })
    const push = await step({ command: 'publish' }, { name: 'push', payload: { ref: 'refs/heads/main' } })
    expect(outputsOf(push.outputs)['released']).toBe('true')
    expect(published()).toEqual({ tags: 1, releases: 1 })
  })

  it.each([
    [{ command: 'deploy' }, 'input command: expected one of release-pr, publish, plan, notes (got "deploy")'],
    [{}, 'input command: expected one of release-pr, publish, plan, notes (got nothing)'],
    [{ command: 'plan', line: 'web' }, 'input line: no release line named "web": the lines are cli'],
  ])('refuses %j with one error annotation and touches nothing', async (inputs, message) => {
    const run = await step(inputs)
    expect(run.code).toBe(2)
    expect(run.stdout).toContain(`::error::herald: ${message}`)
    expect(run.outputs).toBe('')
    expect(writes()).toEqual([])
  })

  it('refuses without a token, naming what to set', async () => {
    const run = await step({ command: 'plan' }, undefined, { GITHUB_TOKEN: '' })
    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(/^::error::herald: GITHUB_TOKEN is not set: /)
    expect(fake.requests).toEqual([])
  })
})

describe('step outputs', () => {
  it.each([
    [{ tag: 'v1.2.0', released: 'true' }, /^tag=v1\.2\.0\nreleased=true\n$/],
    [{ notes: '- a\n- b' }, /^notes<<(herald_[0-9a-f-]{36})\n- a\n- b\n\1\n$/],
  ])('%j is written as the runner reads it', (outputs, expected) => {
    expect(formatOutputs(outputs)).toMatch(expected)
  })
})

describe('action.yml', () => {
  it('sets up Node 24, passes every input as INPUT_*, and exposes the outputs the entry point writes', async () => {
    const { parse } = await import('yaml')
    const action = parse(readFileSync(join(import.meta.dirname, '..', '..', 'action.yml'), 'utf8'))
    expect(action.runs.using).toBe('composite')
    const steps = action.runs.steps as {
      uses?: string
      with?: { 'node-version'?: number }
      id?: string
      env?: Record<string, string>
      run?: string
    }[]
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24)
    const run = steps.find((s) => s.id === 'herald')!
    expect(run.run).toBe('node "$GITHUB_ACTION_PATH/bin/herald.js" action')
    for (const name of Object.keys(action.inputs).filter((n) => n !== 'token'))
      expect(run.env?.[`INPUT_${name.toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`)
    expect(run.env?.['GITHUB_TOKEN']).toBe(`\${{ inputs.token }}`)
    expect(Object.keys(action.outputs).sort()).toEqual(['bump', 'notes', 'pr', 'released', 'tag', 'version'])
  })
})
