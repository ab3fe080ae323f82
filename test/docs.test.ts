import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
