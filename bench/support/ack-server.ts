/**
 * The server side of bench/ack-latency.bench.ts, in its own process so the
 * load generator does not share its event loop: Herald's HTTP server with Slack
 * (Bolt, HTTP mode) and Discord endpoints and flows that take 200 ms after the
 * ack, as a real plan would. The Slack Web API, response_url and Discord REST
 * servers it calls are fakes living in the load generator's process (their URL
 * is argv[2]): in production they are remote, so their work must not be
 * charged to Herald's event loop. Peak RSS is the kernel's high-water mark
 * (`resourceUsage().maxRSS`), so no sampling timer runs beside the server.
 * Prints `{port, privateKey}` on stdout; answers `cpu` on stdin with
 * `{"cpuMicros"}`; on stdin EOF prints `{"peakRss"}` and exits.
 */
import { generateKeyPairSync } from 'node:crypto'
import { DiscordHttpEndpoint } from '../../src/chat/discord/discord-http-endpoint.ts'
import { DiscordInteractions } from '../../src/chat/discord/discord-interactions.ts'
import { createDiscordRest } from '../../src/chat/discord/discord-rest.ts'
import { parseDiscordPublicKey } from '../../src/chat/discord/verify-discord-request.ts'
import { startHttpServer } from '../../src/chat/http/http-server.ts'
import { silentLog } from '../../src/chat/platform/log.ts'
import { createSlackApp } from '../../src/chat/slack/slack-app.ts'
import { SlackHttpReceiver } from '../../src/chat/slack/slack-http-receiver.ts'
import type { ChatFlows, View } from '../../src/flows/view.ts'

const BENCH_SIGNING_SECRET = 'bench-signing-secret'

const apiUrl = process.argv[2]
if (!apiUrl) throw new Error('ack-server: pass the fake platform APIs’ URL as the first argument')
const view: View = { private: true, blocks: [{ kind: 'text', text: 'preview' }], actions: [] }
const flows: ChatFlows = {
  command: async () => {
    await sleep(200)
    return view
  },
  action: async () => view,
  complete: async () => [],
}
const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const publicHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex')
const receiver = new SlackHttpReceiver({ signingSecret: BENCH_SIGNING_SECRET, log: silentLog })
const app = createSlackApp({
  flows,
  botToken: 'xoxb-bench',
  log: silentLog,
  receiver,
  apiUrl: `${apiUrl}/api`,
})
await app.start()
const interactions = new DiscordInteractions({
  flows,
  rest: createDiscordRest(`${apiUrl}/api/v10`),
  log: silentLog,
})
const discord = new DiscordHttpEndpoint({
  interactions,
  publicKey: parseDiscordPublicKey(publicHex),
  log: silentLog,
})
const server = await startHttpServer({ port: 0, host: '127.0.0.1', slack: receiver, discord, log: silentLog })
// The private key goes to the parent (the load generator signs with it); a throwaway pair made for this run.
const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
process.stdout.write(`${JSON.stringify({ port: server.port, privateKey: privatePem })}\n`)
// `cpu` on stdin: this process's CPU time so far (user + system, µs), one JSON line.
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  for (const line of chunk.split('\n'))
    if (line.trim() === 'cpu') {
      const { user, system } = process.cpuUsage()
      process.stdout.write(`${JSON.stringify({ cpuMicros: user + system })}\n`)
    }
})
process.stdin.on('end', async () => {
  await server.close(5_000)
  // maxRSS is in KiB.
  process.stdout.write(`${JSON.stringify({ peakRss: process.resourceUsage().maxRSS * 1024 })}\n`)
  process.exit(0)
})

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}
