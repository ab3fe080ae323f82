import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { validate } from '../src/config/load-config.ts'
import {
  renderConfigReference,
  renderEnvExample,
  renderEnvReference,
  replaceSection,
} from '../src/config/reference.ts'

const root = join(import.meta.dirname, '..')

describe('generated documentation', () => {
  it('docs/configuration.md carries the config and environment reference of the current schemas (run `npm run docs`)', () => {
    const page = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8')
    let expected = replaceSection(page, 'config-reference', renderConfigReference())
    expected = replaceSection(expected, 'env-reference', renderEnvReference())
    expect(page).toBe(expected)
  })

  it('.env.example lists every environment variable of the schema (run `npm run docs`)', () => {
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toBe(renderEnvExample())
  })

  it('documents every line key of DESIGN.md', () => {
    const reference = renderConfigReference()
    for (const key of [
      'tagPrefix',
      'paths',
      'excludePaths',
      'ignoreTags',
      'initialVersion',
      'branch',
      'bumps',
      'preMajor',
      'breakingNotes',
      'ignoreCommits',
      'preset',
      'mode',
      'changelog',
      'versionFiles',
    ])
      expect(reference).toContain(`\`lines[].${key}\``)
  })
})

describe('the README', () => {
  it('shows one minimal complete config, after the five-step checklist, that validates', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## From the console to Slack or Discord'))
    const steps = section.split('\n').filter((l) => /^\d\. /.test(l))
    expect(steps.map((l) => l[0])).toEqual(['1', '2', '3', '4', '5'])
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
    const loaded = validate(parse(yaml!), 'README.md')
    expect(loaded.ok && loaded.config).toMatchObject({
      repo: expect.any(String),
      lines: [{ announce: { product: expect.any(String), webhook: { env: expect.any(String) } } }],
      auth: { release: { users: [expect.any(String)] }, approve: {}, announce: {} },
    })
  })

  it('shows the console scripted through standard input', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(readme).toContain("printf '/release\\n1\\n/announce-release\\n1\\n' | herald serve")
  })
})
