import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildForge, buildReleaseFinder, loadSetup } from '../src/compose/build-adapters.ts'
import { cliFacts, GOOD_CLI } from '../src/testing/announce-fixtures.ts'
import { type FakeOpenAi, startFakeOpenAi } from '../src/testing/fake-openai-server.ts'
import { createRepo, type TestRepo } from '../src/testing/git-repo.ts'
import { runCli } from './helpers/run-cli.ts'

const CONFIG = `repo: Connexity-AI/connexity
lines:
  - name: cli
    tagPrefix: cli-v
    paths: [cli/]
    announce:
      kind: cli
      product: connexity-cli
      action: uv tool upgrade connexity-cli
  - name: platform
    tagPrefix: v
    excludePaths: [cli/]
    announce:
      kind: platform
      product: Connexity
      action: Rolling out across staging → prod over the next few hours.
voice:
  internalTerms: [sqlmodel]
`

let repo: TestRepo
let server: FakeOpenAi
beforeAll(async () => {
  repo = createRepo()
  writeFileSync(join(repo.dir, 'herald.config.yaml'), CONFIG)
  repo.git('add', 'herald.config.yaml')
  repo.commit('chore: initial', ['cli/main.py', 'app/main.py'])
  repo.tag('cli-v0.2.1')
  repo.tag('v1.0.0')
  repo.commit('feat(cli): add compare command (#41)', ['cli/compare.py'])
  repo.commit('fix(cli): handle SSE timeout (#44)', ['cli/stream.py'])
  repo.commit('fix(cli): stop leaking sqlmodel errors (#45)', ['cli/db.py'])
  repo.commit('docs(cli): clarify auth (#46)', ['cli/README.md'])
  repo.tag('cli-v0.3.0')
  repo.commit('docs: platform guide (#50)', ['app/guide.md'])
  repo.tag('v1.0.1')
  server = await startFakeOpenAi()
})
afterAll(async () => {
  repo.remove()
  await server.close()
})

function files(text: string, facts: unknown = cliFacts) {
  writeFileSync(join(repo.dir, 'post.txt'), text)
  writeFileSync(join(repo.dir, 'facts.json'), JSON.stringify(facts))
}

describe('herald lint', () => {
  it('reads the announcement from standard input with "-"', () => {
    files(GOOD_CLI)
    const bin = join(import.meta.dirname, '..', 'bin', 'herald.js')
    const clean = spawnSync(process.execPath, [bin, 'lint', '-', '--facts', 'facts.json'], {
      cwd: repo.dir,
      input: GOOD_CLI,
      encoding: 'utf8',
    })
    expect(clean.status).toBe(0)
    const dirty = spawnSync(process.execPath, [bin, 'lint', '-', '--facts', 'facts.json', '--json'], {
      cwd: repo.dir,
      input: GOOD_CLI.replace('We added', 'Hey @here, we added'),
      encoding: 'utf8',
    })
    expect(dirty.status).toBe(1)
    expect(JSON.parse(dirty.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('mass-mention')
  })

  it('exits 0 on a clean announcement', async () => {
    files(GOOD_CLI)
    const run = await runCli(['lint', 'post.txt', '--facts', 'facts.json'], { cwd: repo.dir })
    expect(run).toMatchObject({ code: 0, stdout: 'clean: no findings\n' })
  })

  it('exits 1 and lists findings with positions; --json prints {ok, findings}', async () => {
    files(GOOD_CLI.replace('We added', 'Hey @everyone, we added'))
    const text = await runCli(['lint', 'post.txt', '--facts', 'facts.json'], { cwd: repo.dir })
    expect(text.code).toBe(1)
    expect(text.stdout).toMatchInlineSnapshot(`
      "post.txt:3:5: error mass mention "@everyone": never ping a channel [mass-mention] (fixable)
      1 error, 0 warnings
      "
    `)
    const json = await runCli(['lint', 'post.txt', '--facts', 'facts.json', '--json'], { cwd: repo.dir })
    expect(json.code).toBe(1)
    expect(json.json()).toEqual({
      ok: false,
      findings: [
        {
          rule: 'mass-mention',
          severity: 'error',
          line: 3,
          column: 5,
          endColumn: 14,
          message: 'mass mention "@everyone": never ping a channel',
          fix: { line: 3, column: 4, endColumn: 14, text: '' },
        },
      ],
    })
  })

  it('uses the project’s voice config (internal terms)', async () => {
    files(GOOD_CLI.replace('We added', 'We moved to sqlmodel and added'))
    const run = await runCli(['lint', 'post.txt', '--facts', 'facts.json', '--json'], { cwd: repo.dir })
    expect(run.json().findings.map((f: { rule: string }) => f.rule)).toEqual(['internal-term'])
  })

  it('exits 2 with one clear line on bad facts or a missing --facts', async () => {
    files(GOOD_CLI, { ...cliFacts, version: 'v0.3.0', kind: 'app' })
    const bad = await runCli(['lint', 'post.txt', '--facts', 'facts.json'], { cwd: repo.dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr.replace(repo.dir, '<repo>')).toMatchInlineSnapshot(`
      "herald: facts file <repo>/facts.json: kind: Invalid option: expected one of "cli"|"platform"; version: expected a version like 1.2.3, without v (expected {product, line, kind, tag, version, previousVersion, bump, fixOnly, releaseUrl, action})
      "
    `)
    const missing = await runCli(['lint', 'post.txt'], { cwd: repo.dir })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--facts FACTS.json is required')
  })
})

describe('herald draft', () => {
  it('drafts an existing tag offline from the previous tag of its line, lint-clean', async () => {
    const run = await runCli(['draft', '--tag', 'cli-v0.3.0', '--offline', '--json'], { cwd: repo.dir })
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out.facts).toMatchObject({
      version: '0.3.0',
      previousVersion: '0.2.1',
      bump: 'minor',
      fixOnly: false,
    })
    expect(out.provenance).toMatchObject({ source: 'offline', calls: 0 })
    expect(out.text).toMatchInlineSnapshot(`
      "🚀 connexity-cli v0.3.0 is out!

      This release brings 1 new feature and 2 fixes.

      ✨ Add compare command
      🐛 Handle SSE timeout
      ➕ 1 more change in the full notes

      Upgrade: \`uv tool upgrade connexity-cli\`
      Full notes: https://github.com/Connexity-AI/connexity/releases/tag/cli-v0.3.0"
    `)
    expect(out.findings).toEqual([])
  })

  it('skips a docs-only release with the reason, and drafts it when asked anyway', async () => {
    const skipped = await runCli(['draft', '--tag', 'v1.0.1', '--offline'], { cwd: repo.dir })
    expect(skipped.code).toBe(1)
    expect(skipped.stdout).toMatchInlineSnapshot(`
      "Not announcing v1.0.1: docs-only release (1 docs commit).
      Pass --announce-anyway to draft it anyway.
      "
    `)
    const anyway = await runCli(['draft', '--tag', 'v1.0.1', '--offline', '--announce-anyway', '--json'], {
      cwd: repo.dir,
    })
    expect(anyway.json().text).not.toContain('platform guide')
    expect(anyway.json().ok).toBe(true)
  })

  it('uses the model when OPENAI_API_KEY is set, and shows the provenance', async () => {
    server.script([
      {
        content: JSON.stringify({
          summary: 'We added run comparison and fixed stream timeouts.',
          bullets: [{ emoji: '✨', text: 'Compare two runs side by side', prs: [41], commits: [] }],
          breakingNote: null,
        }),
        promptTokens: 1200,
        completionTokens: 60,
      },
    ])
    const env = { OPENAI_API_KEY: 'sk-cli-secret', OPENAI_BASE_URL: server.baseURL, HERALD_MODEL: 'scripted' }
    const run = await runCli(['draft', '--tag', 'cli-v0.3.0'], { cwd: repo.dir, env })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('✨ Compare two runs side by side')
    expect(run.stdout).toContain(
      'drafted by scripted in 1 call (1200 prompt + 60 completion tokens, 0 repairs)',
    )
    expect(run.stdout + run.stderr).not.toContain('sk-cli-secret')
  })

  it("prints the model's best draft and its findings beside a fallback, and in --json", async () => {
    server.script([
      {
        content: JSON.stringify({
          summary: 'We fixed stream timeouts, hopefully for good.',
          bullets: [{ emoji: '🐛', text: 'Streams no longer time out', prs: [44], commits: [] }],
          breakingNote: null,
        }),
      },
    ])
    const env = { OPENAI_API_KEY: 'sk-cli-secret', OPENAI_BASE_URL: server.baseURL, HERALD_MODEL: 'scripted' }
    const run = await runCli(['draft', '--tag', 'cli-v0.3.0'], { cwd: repo.dir, env })
    expect(run.stdout).toContain('FALLBACK: offline draft after 3 calls to scripted')
    expect(run.stdout).toContain("--- the model's best draft (1 error), not used\n")
    expect(run.stdout).toMatch(
      /We fixed stream timeouts, hopefully for good\.[\s\S]*--- its lint\n.*\[hedge\]/,
    )
    const json = await runCli(['draft', '--tag', 'cli-v0.3.0', '--json'], { cwd: repo.dir, env })
    const doc = JSON.parse(json.stdout)
    expect(doc.provenance.source).toBe('fallback')
    expect(doc.text).not.toContain('hopefully')
    expect(doc.modelDraft.text).toContain('hopefully for good')
    expect(doc.modelDraft.findings.map((f: { rule: string }) => f.rule)).toEqual(['hedge'])
  })

  it('exits 2 for a tag that does not exist or belongs to no line', async () => {
    const none = await runCli(['draft', '--tag', 'cli-v9.9.9', '--offline'], { cwd: repo.dir })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no tag cli-v9.9.9')
    const foreign = await runCli(['draft', '--tag', 'release-1', '--offline'], { cwd: repo.dir })
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toMatchInlineSnapshot(`
      "herald: release-1 is not a release tag of any line: expected cli-vX.Y.Z (cli), vX.Y.Z (platform)
      "
    `)
  })
})

describe('herald draft finds releases as /announce-release does', () => {
  // Line `v` ignores its legacy tags v0.*: neither chat nor the CLI takes one as a release.
  const LEGACY_CONFIG = `repo: acme/widgets
lines:
  - name: app
    tagPrefix: v
    ignoreTags: ['v0.*']
    announce:
      kind: platform
      product: Widgets
      action: Rolling out over the next hour.
`
  let legacy: TestRepo
  beforeAll(() => {
    legacy = createRepo()
    writeFileSync(join(legacy.dir, 'herald.config.yaml'), LEGACY_CONFIG)
    legacy.git('add', 'herald.config.yaml')
    legacy.commit('feat: first cut (#1)', ['app/a.ts'])
    legacy.tag('v0.9.0')
    legacy.commit('feat: search (#2)', ['app/search.ts'])
    legacy.commit('fix: paging (#3)', ['app/page.ts'])
    legacy.tag('v1.0.0')
  })
  afterAll(() => legacy.remove())

  async function chatFinder() {
    const setup = loadSetup({ env: {}, cwd: legacy.dir })
    return buildReleaseFinder(setup, await buildForge(setup, { local: true }))
  }

  it('refuses an ignored legacy tag, as the finder does', async () => {
    const found = await (await chatFinder()).find('v0.9.0')
    expect(found).toMatchObject({ ok: false, code: 'no_line' })
    const run = await runCli(['draft', '--tag', 'v0.9.0', '--offline'], { cwd: legacy.dir })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(
      'herald: v0.9.0 is not a release tag of any line: expected vX.Y.Z (app); tags a line lists in ignoreTags are legacy tags, never announced\n',
    )
  })

  it('drafts the release after a legacy tag with the line, range and bump the finder gives', async () => {
    const found = await (await chatFinder()).find('v1.0.0')
    if (!found.ok) throw new Error(found.message)
    const run = await runCli(['draft', '--tag', 'v1.0.0', '--offline', '--json'], { cwd: legacy.dir })
    expect(run.code).toBe(0)
    expect(run.json()).toMatchObject({ tag: 'v1.0.0', line: found.line.name, facts: found.facts })
    // The legacy v0.9.0 is no previous release: the first release's range is the whole history.
    expect(found.facts).toMatchObject({ line: 'app', previousVersion: null, version: '1.0.0' })
    expect(found.commits.map((c) => c.subject)).toEqual(['paging', 'search', 'first cut'])
  })
})
