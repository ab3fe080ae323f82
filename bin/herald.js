#!/usr/bin/env node
// Herald runs its TypeScript sources directly on Node's type stripping (no build
// step), on by default in every Node version package.json's engines allows.
import module from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import { olderThan, requiredNode } from './node-version.js'

// Cache compiled code between runs (zod, commander and our sources): halves
// start-up, which matters for a CLI that scripts call once per tag.
module.enableCompileCache?.()

// Herald's big allocations live long (a plan's commits, kept to the end), so a
// young generation that grows to tens of megabytes only holds garbage: keeping
// it at its first size cut `herald plan`'s peak memory on 50,000 commits from
// about 300 to 170 MiB at the same speed (docs/benchmarks.md). A GC tuning
// flag (in V8 for years, so in every Node that engines allows): it changes no result.
v8.setFlagsFromString('--semi-space-growth-factor=1')

// On one or two cores, V8's helper threads (optimising compiles of hot code,
// parallel young-generation collections) take CPU from the one thing a
// command waits for besides Herald itself: git reading the history. A command
// runs once and briefly, so code optimised by the faster tier alone and
// collections on the main thread cost it less than the competition: on two
// busy vCPUs `herald plan` on 50,000 commits took 6-10% less time (on a quiet
// machine the difference was within the noise). `herald serve` runs for days
// and keeps both.
const args = process.argv.slice(2)
if (availableParallelism() <= 2 && args.find((a) => !a.startsWith('-')) !== 'serve') {
  v8.setFlagsFromString('--no-turbofan')
  v8.setFlagsFromString('--no-parallel-scavenge')
}

const required = requiredNode()
if (olderThan(process.versions.node, required.parts)) {
  process.stderr.write(
    `herald: Node.js >= ${required.text} is required (this is ${process.version}): install Node 24 LTS and retry\n`,
  )
  process.exit(2)
}
if (!process.features.typescript) {
  process.stderr.write(
    'herald: Node.js type stripping is turned off (--no-experimental-strip-types in NODE_OPTIONS?): remove that flag and retry\n',
  )
  process.exit(2)
}

// A closed stdout (`herald plan --json | head`) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

let main
try {
  // `herald plan` starts reading git's log while the rest of Herald loads (src/cli/early-log.ts).
  const { startEarlyPlanLog } = await import('../src/cli/early-log.ts')
  startEarlyPlanLog(args, process.cwd(), process.env)
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
process.exitCode = await main(args)
// For the benchmarks: peak memory of the whole run.
if (process.env.HERALD_REPORT_PEAK_RSS)
  process.stderr.write(`herald-peak-rss-kb=${process.resourceUsage().maxRSS}\n`)
