/**
 * `npm run docs`: regenerates the README's config and environment reference
 * and `.env.example` from the zod schemas. `test/docs.test.ts` fails when they drift.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  renderConfigReference,
  renderEnvExample,
  renderEnvReference,
  replaceSection,
} from '../src/config/reference.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const readme = join(root, 'README.md')
let text = readFileSync(readme, 'utf8')
text = replaceSection(text, 'config-reference', renderConfigReference())
text = replaceSection(text, 'env-reference', renderEnvReference())
writeFileSync(readme, text)
writeFileSync(join(root, '.env.example'), renderEnvExample())
console.log('README.md and .env.example regenerated')
