/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the
 * command line) in turn. Each prints its own figures as ratios against a
 * baseline measured in the same run; none of this is a test.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`)
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<void> }
    await mod.run()
  } catch (error) {
    failed++
    console.error(`bench ${file} failed: ${(error as Error).stack ?? String(error)}`)
  }
}
process.exitCode = failed ? 1 : 0
