/**
 * `herald serve`'s memory with Slack and Discord HTTP configured: idle after
 * start, and after 500 `/release` commands (half Slack, half Discord, ten at a
 * time, each planned and previewed on a small repository). The server is the
 * real `bin/herald.js serve` in its own process; the Slack Web API,
 * response_url and Discord REST are a local fake answering every call. The
 * baseline, measured in the same run, is a bare Node process that loads
 * nothing. Resident memory is read from /proc (Linux); targets: idle <= 110
 * MiB, after 500 commands <= 140 MiB.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createReleaseRepo,
  DISCORD_APP,
  discordInteraction,
  discordKeys,
  postSlack,
  SLACK_SECRET,
  slackCommand,
} from '../test/helpers/chat-e2e.ts'

const BIN = join(import.meta.dirname, '..', 'bin', 'herald.js')
const COMMANDS = 500
const AT_ONCE = 10

/** Resident and peak resident memory of a process, MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every platform call answered `ok`; counts the follow-ups (response_url, Discord webhooks). */
async function fakePlatforms() {
  let followUps = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const url = req.url ?? ''
      if (url.startsWith('/respond') || url.includes('/webhooks/')) followUps++
      if (req.method === 'DELETE') return void res.writeHead(204).end()
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', id: '1' }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, followUps: () => followUps, close: () => new Promise((r) => server.close(r)) }
}

async function startServe(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--repo', cwd], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c
  })
  for (let waited = 0; waited < 30_000; waited += 50) {
    const line = stderr.split('\n').find((l) => l.includes('"msg":"herald serving"'))
    if (line) {
      child.stderr!.removeAllListeners('data').resume()
      return { child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` }
    }
    if (child.exitCode !== null) break
    await sleep(50)
  }
  child.kill('SIGKILL')
  throw new Error(`herald serve did not start:\n${stderr.slice(0, 2000)}`)
}

export async function run(): Promise<void> {
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  await sleep(500)
  const baseline = memoryOf(bare.pid!).rss
  bare.kill()
  const repo = createReleaseRepo(['release: { users: [U1, "200000000000000001"] }'])
  const home = mkdtempSync(join(tmpdir(), 'herald-serve-memory-'))
  const platforms = await fakePlatforms()
  const keys = discordKeys()
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    LOG_LEVEL: 'info',
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: `${platforms.url}/api/`,
    DISCORD_PUBLIC_KEY: keys.publicHex,
    DISCORD_APPLICATION_ID: DISCORD_APP,
    DISCORD_API_URL: `${platforms.url}/api/v10`,
    DEMO_RELEASE_WEBHOOK: `${platforms.url}/webhook`,
  }
  const serve = await startServe(repo.dir, env)
  try {
    await sleep(1_000)
    const idle = memoryOf(serve.child.pid!)
    const one = (i: number) =>
      i % 2
        ? postSlack(serve.url, slackCommand('/release', '', 'U1', `${platforms.url}/respond/${i}`))
        : keys.post(
            serve.url,
            discordInteraction(2, { name: 'release', options: [] }, { id: '200000000000000001', roles: [] })
              .body,
          )
    for (let i = 0; i < COMMANDS; i += AT_ONCE) {
      const answers = await Promise.all(Array.from({ length: AT_ONCE }, (_, k) => one(i + k)))
      for (const a of answers) if (a.status !== 200) throw new Error(`a command was answered ${a.status}`)
    }
    for (let waited = 0; platforms.followUps() < COMMANDS && waited < 60_000; waited += 100) await sleep(100)
    await sleep(500)
    const after = memoryOf(serve.child.pid!)
    const fmt = (n: number) => `${n.toFixed(0).padStart(4)} MiB`
    console.log(`bare node (baseline)                       ${fmt(baseline)}`)
    console.log(`herald serve, Slack + Discord HTTP, idle   ${fmt(idle.rss)}   (target <= 110 MiB)`)
    console.log(
      `after ${COMMANDS} /release (${platforms.followUps()} follow-ups) ${fmt(after.rss)}   peak ${fmt(after.peak)}   (target <= 140 MiB)`,
    )
  } finally {
    serve.child.kill('SIGTERM')
    await platforms.close()
    repo.remove()
    rmSync(home, { recursive: true, force: true })
  }
}
