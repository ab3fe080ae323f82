/**
 * `npm run docs`: regenerates the config and environment references of
 * docs/configuration.md and `.env.example` from the zod schemas.
 * `test/docs.test.ts` fails when they drift.
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
const page = join(root, 'docs', 'configuration.md')
let text = readFileSync(page, 'utf8')
text = replaceSection(text, 'config-reference', renderConfigReference())
text = replaceSection(text, 'env-reference', renderEnvReference())
writeFileSync(page, text)
writeFileSync(join(root, '.env.example'), renderEnvExample())
console.log('docs/configuration.md and .env.example regenerated')
