/**
 * The server side of bench/ack-latency.bench.ts, in its own process so the
 * load generator does not share its event loop: Herald's HTTP server with Slack
 * (Bolt, HTTP mode) and Discord endpoints, flows that take 200 ms after the ack,
 * and a local Slack Web API / response_url / Discord REST server. Prints
 * `{port, privateKey, responseUrl}` on stdout, then on stdin EOF prints `{"peakRss"}` and exits.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
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

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 5)
const local = await startLocal()
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
  apiUrl: `${local.url}/api`,
})
await app.start()
const interactions = new DiscordInteractions({
  flows,
  rest: createDiscordRest(`${local.url}/api/v10`),
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
process.stdout.write(
  `${JSON.stringify({ port: server.port, privateKey: privatePem, responseUrl: `${local.url}/respond` })}\n`,
)
process.stdin.resume()
process.stdin.on('end', async () => {
  await server.close(5_000)
  await local.close()
  clearInterval(sampler)
  process.stdout.write(`${JSON.stringify({ peakRss })}\n`)
  process.exit(0)
})

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms))
}

/** Slack Web API, response_url and Discord REST in one loopback server. */
async function startLocal() {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url?.endsWith('/auth.test')) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ok: true, user_id: 'UB', bot_id: 'B', team_id: 'T1' }))
        return
      }
      if (req.url?.endsWith('/usergroups.list')) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ok: true, usergroups: [] }))
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true,"id":"1"}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
