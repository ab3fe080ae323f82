/**
 * When Slack gets its answer: slash commands and button clicks are acked as
 * soon as they are verified, before Bolt or any flow runs (within the platforms' 3-second
 * limit); modal submissions still answer through their listener's `ack()`, so
 * they can carry validation errors.
 */
import { createHmac } from 'node:crypto'
import type { App, ReceiverEvent } from '@slack/bolt'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HttpReply } from '../../src/chat/http/http-endpoint.ts'
import { type HttpServerHandle, startHttpServer } from '../../src/chat/http/http-server.ts'
import { silentLog } from '../../src/chat/platform/log.ts'
import { createSlackApp } from '../../src/chat/slack/slack-app.ts'
import { acksWithoutBody, SlackHttpReceiver } from '../../src/chat/slack/slack-http-receiver.ts'
import { slackSigningKey, verifySlackSignature } from '../../src/chat/slack/verify-slack-request.ts'
import { fakeFlows, type LocalServer, startLocalServer } from './support.ts'

const SECRET = 'test-signing-secret'
const now = () => Math.floor(Date.now() / 1000)

function signed(body: string, extra: Record<string, string> = {}) {
  const timestamp = String(now())
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      ...extra,
    },
    rawBody: Buffer.from(body),
  }
}

const command = (trigger = 'trigger-1') =>
  new URLSearchParams({
    command: '/release',
    text: 'cli',
    user_id: 'U1',
    user_name: 'ada',
    team_id: 'T1',
    channel_id: 'C1',
    response_url: 'http://127.0.0.1:1/respond',
    trigger_id: trigger,
  }).toString()

const interaction = (payload: Record<string, unknown>) =>
  new URLSearchParams({
    payload: JSON.stringify({ team: { id: 'T1' }, trigger_id: 'trigger-2', ...payload }),
  }).toString()

/** A receiver wired to a stand-in for Bolt that records what it is given and when. */
function receiverWithSpy(listener: (event: ReceiverEvent) => Promise<void> = async () => {}) {
  const events: ReceiverEvent[] = []
  const processEvent = vi.fn(async (event: ReceiverEvent) => {
    events.push(event)
    await listener(event)
  })
  const receiver = new SlackHttpReceiver({ signingSecret: SECRET, log: silentLog })
  receiver.init({ processEvent } as unknown as App)
  return { receiver, processEvent, events }
}

const afterImmediate = () => new Promise((r) => setImmediate(r))

describe('SlackHttpReceiver: the ack before Bolt', () => {
  it('answers a slash command with an empty 200 before Bolt sees it, and hands it over once written', async () => {
    const { receiver, processEvent, events } = receiverWithSpy()
    const reply = await receiver.handle(signed(command(), { 'x-slack-retry-num': '1' }))
    expect(reply).toMatchObject({ status: 200, body: '' })
    await afterImmediate()
    expect(processEvent).not.toHaveBeenCalled()

    reply.afterSend?.()
    await vi.waitFor(() => expect(processEvent).toHaveBeenCalledTimes(1))
    expect(events[0]).toMatchObject({ body: { command: '/release', trigger_id: 'trigger-1' }, retryNum: 1 })
    // The listeners' ack() has nothing left to do.
    await expect(events[0]!.ack()).resolves.toBeUndefined()
    expect(await receiver.drain(1_000)).toBe(0)
  })

  it('logs a request no listener took, which it can no longer answer with a 404', async () => {
    const warnings: string[] = []
    const receiver = new SlackHttpReceiver({
      signingSecret: SECRET,
      log: { ...silentLog, warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`) },
    })
    // Bolt with no matching listener: processEvent returns without an ack.
    receiver.init({ processEvent: async () => {} } as unknown as App)
    const reply = await receiver.handle(signed(command().replace('%2Frelease', '%2Funknown')))
    expect(reply.status).toBe(200)
    reply.afterSend?.()
    await vi.waitFor(() =>
      expect(warnings).toEqual(['slack: no listener took a request {"command":"/unknown"}']),
    )
  })

  it('acks a button click the same way', async () => {
    const { receiver, processEvent } = receiverWithSpy()
    const reply = await receiver.handle(
      signed(interaction({ type: 'block_actions', user: { id: 'U1' }, actions: [] })),
    )
    expect(reply).toMatchObject({ status: 200, body: '' })
    expect(processEvent).not.toHaveBeenCalled()
    reply.afterSend?.()
    await vi.waitFor(() => expect(processEvent).toHaveBeenCalledTimes(1))
  })

  it('lets a modal submission answer with validation errors through its listener’s ack', async () => {
    let validated!: () => void
    const listenerDone = new Promise<void>((resolve) => {
      validated = resolve
    })
    const { receiver, processEvent, events } = receiverWithSpy(() => listenerDone)
    let settled: HttpReply | undefined
    const pending = receiver
      .handle(signed(interaction({ type: 'view_submission', user: { id: 'U1' }, view: { id: 'V1' } })))
      .then((r) => {
        settled = r
        return r
      })
    await vi.waitFor(() => expect(processEvent).toHaveBeenCalledTimes(1))
    expect(settled).toBeUndefined()
    const errors = { response_action: 'errors', errors: { text: 'Too long' } }
    await events[0]!.ack(errors)
    validated()
    const reply = await pending
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body!)).toEqual(errors)
  })

  it('refuses an unverified slash command with 401 and never hands it to Bolt', async () => {
    const { receiver, processEvent } = receiverWithSpy()
    const request = signed(command())
    request.headers['x-slack-signature'] = `v0=${'0'.repeat(64)}`
    const reply = await receiver.handle(request)
    expect(reply.status).toBe(401)
    expect(reply.afterSend).toBeUndefined()
    await afterImmediate()
    expect(processEvent).not.toHaveBeenCalled()
  })

  it('acks early only what takes no response body', () => {
    expect(acksWithoutBody({ command: '/release' })).toBe(true)
    expect(acksWithoutBody({ type: 'block_actions' })).toBe(true)
    expect(acksWithoutBody({ type: 'view_submission' })).toBe(false)
    expect(acksWithoutBody({ type: 'view_closed' })).toBe(false)
    expect(acksWithoutBody({ type: 'block_suggestion' })).toBe(false)
    expect(acksWithoutBody({ type: 'event_callback', event: { type: 'app_mention' } })).toBe(false)
  })
})

describe('Slack slash commands on the wire', () => {
  let slackApi: LocalServer
  let responses: LocalServer
  let server: HttpServerHandle
  let flows: ReturnType<typeof fakeFlows>
  const claims = new Map<string, number>()

  beforeEach(async () => {
    claims.clear()
    slackApi = await startLocalServer((r) =>
      r.path.endsWith('/auth.test')
        ? { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' } }
        : { body: { ok: true, usergroups: [] } },
    )
    responses = await startLocalServer(() => ({ body: { ok: true } }))
    flows = fakeFlows()
    const receiver = new SlackHttpReceiver({ signingSecret: SECRET, log: silentLog })
    const app = createSlackApp({
      flows,
      botToken: 'xoxb-test',
      log: silentLog,
      receiver,
      apiUrl: `${slackApi.url}/api`,
      // A shared store slow to answer: its claim must not hold up the ack.
      claimDelivery: async (id) => {
        await new Promise((r) => setTimeout(r, 1_000))
        claims.set(id, (claims.get(id) ?? 0) + 1)
        return claims.get(id) === 1
      },
    })
    await app.start()
    server = await startHttpServer({ port: 0, host: '127.0.0.1', slack: receiver, log: silentLog })
  })

  afterEach(async () => {
    await server.close(3_000)
    await slackApi.close()
    await responses.close()
  })

  const post = (body: string, extra: Record<string, string> = {}) => {
    const { headers } = signed(body, extra)
    return fetch(`${server.url}/slack/events`, { method: 'POST', headers, body })
  }
  const commandTo = (trigger: string) =>
    command(trigger).replace(
      encodeURIComponent('http://127.0.0.1:1/respond'),
      encodeURIComponent(`${responses.url}/respond`),
    )

  it('sends the HTTP answer before the shared-store claim and the flow, then runs the flow once', async () => {
    const body = commandTo('trigger-wire-1')
    const started = performance.now()
    const res = await post(body)
    const elapsed = performance.now() - started
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(flows.calls).toEqual([])
    expect(claims.size).toBe(0)
    expect(elapsed).toBeLessThan(900)

    // Slack's retry of the same delivery is acked too, and acts no more.
    expect((await post(body, { 'x-slack-retry-num': '1' })).status).toBe(200)
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1), { timeout: 3_000 })
    await new Promise((r) => setTimeout(r, 100))
    expect(claims.get('slack:command:trigger-wire-1')).toBe(1)
    expect(flows.calls).toHaveLength(1)
    expect(responses.requests).toHaveLength(1)
    expect(flows.calls[0]).toMatchObject({ kind: 'command', name: 'release', actor: { userId: 'U1' } })
  })
})

describe('verifySlackSignature', () => {
  const body = 'command=%2Frelease&text=cli'
  const t = String(now())
  const hex = createHmac('sha256', SECRET).update(`v0:${t}:${body}`).digest('hex')
  const check = (signature: string, secret: string | ReturnType<typeof slackSigningKey> = SECRET) =>
    verifySlackSignature({
      signingSecret: secret,
      signature,
      timestamp: t,
      rawBody: Buffer.from(body),
      nowMs: Date.now(),
    })

  it('accepts the signature with the secret as a string or as a key made once', () => {
    expect(check(`v0=${hex}`)).toBeUndefined()
    expect(check(`v0=${hex}`, slackSigningKey(SECRET))).toBeUndefined()
  })

  it.each([
    ['another secret', `v0=${createHmac('sha256', 'other').update(`v0:${t}:${body}`).digest('hex')}`],
    ['truncated', `v0=${hex.slice(0, 63)}`],
    ['extended', `v0=${hex}00`],
    ['uppercase hex', `v0=${hex.toUpperCase()}`],
    ['another version', `v1=${hex}`],
    ['an extra part', `v0=${hex}=x`],
  ])('refuses %s', (_name, signature) => {
    expect(check(signature)).toBe('bad-signature')
  })
})
