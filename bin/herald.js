#!/usr/bin/env node
// Herald runs its TypeScript sources directly on Node's type stripping (no build
// step). Node 22.12–22.17 still needs the flag; re-run once with it there.
import { spawnSync } from 'node:child_process'
import module from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

// Cache compiled code between runs (zod, commander and our sources): halves
// start-up, which matters for a CLI that scripts call once per tag.
module.enableCompileCache?.()

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `herald: Node.js >= 22.12 is required (this is ${process.version}): install Node 24 LTS and retry\n`,
  )
  process.exit(2)
}

// A closed stdout (`herald plan --json | head`) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

if (process.features.typescript) {
  let main
  try {
    ;({ main } = await import('../src/cli/main.ts'))
  } catch (error) {
    // A fresh clone without `npm ci` is the usual cause: say so instead of a stack trace.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/Cannot find package/.test(error.message)) throw error
    const root = dirname(dirname(fileURLToPath(import.meta.url)))
    process.stderr.write(
      `herald: dependencies are missing (${error.message.split(' imported from')[0]}): run \`npm ci\` in ${root}\n`,
    )
    process.exit(2)
  }
  process.exitCode = await main(process.argv.slice(2))
  // For the benchmarks: peak memory of the whole run.
  if (process.env.HERALD_REPORT_PEAK_RSS)
    process.stderr.write(`herald-peak-rss-kb=${process.resourceUsage().maxRSS}\n`)
} else {
  const entry = fileURLToPath(import.meta.url)
  const child = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', entry, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  )
  process.exitCode = child.status ?? 1
}
