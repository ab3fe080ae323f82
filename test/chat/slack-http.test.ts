/**
 * Slack over HTTP, on the wire: signed requests against Herald's HTTP server,
 * Bolt's Web API client pointed at a local Slack API, replies caught on a local
 * response_url server.
 */
import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type HttpServerHandle, startHttpServer } from '../../src/chat/http/http-server.ts'
import { silentLog } from '../../src/chat/platform/log.ts'
import { createSlackApp } from '../../src/chat/slack/slack-app.ts'
import { SlackHttpReceiver } from '../../src/chat/slack/slack-http-receiver.ts'
import { fakeFlows, type LocalServer, startLocalServer } from './support.ts'

const SECRET = 'test-signing-secret'
let slackApi: LocalServer
let responses: LocalServer
let server: HttpServerHandle
let flows: ReturnType<typeof fakeFlows>

beforeEach(async () => {
  slackApi = await startLocalServer((r) => {
    if (r.path.endsWith('/auth.test'))
      return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' } }
    if (r.path.endsWith('/usergroups.list'))
      return {
        body: {
          ok: true,
          usergroups: [
            { id: 'S0RELEASE', users: ['U1', 'U2'] },
            { id: 'S0OTHER', users: ['U3'] },
          ],
        },
      }
    if (r.path.endsWith('/views.open')) return { body: { ok: true, view: { id: 'V1' } } }
    return { body: { ok: false, error: 'unknown_method' } }
  })
  responses = await startLocalServer(() => ({ body: { ok: true } }))
  flows = fakeFlows()
  const receiver = new SlackHttpReceiver({ signingSecret: SECRET, log: silentLog })
  const app = createSlackApp({
    flows,
    botToken: 'xoxb-test',
    log: silentLog,
    receiver,
    apiUrl: `${slackApi.url}/api`,
  })
  await app.start()
  server = await startHttpServer({ port: 0, host: '127.0.0.1', slack: receiver, log: silentLog })
})

afterEach(async () => {
  await server.close(2_000)
  await slackApi.close()
  await responses.close()
})

function sign(body: string, timestamp: number, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

async function post(
  body: string,
  options: {
    timestamp?: number
    signature?: string
    contentType?: string
    headers?: Record<string, string>
  } = {},
) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  return fetch(`${server.url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(body, timestamp),
      ...options.headers,
    },
    body,
  })
}

let triggers = 0
function slashCommand(text: string, user = 'U1', command = '/release'): string {
  triggers++
  return new URLSearchParams({
    command,
    text,
    user_id: user,
    user_name: 'ada',
    team_id: 'T1',
    channel_id: 'C1',
    response_url: `${responses.url}/respond/${triggers}`,
    trigger_id: `trigger-${triggers}`,
    token: 'legacy-verification-token',
    api_app_id: 'A1',
  }).toString()
}

function interaction(payload: Record<string, unknown>): string {
  triggers++
  return new URLSearchParams({
    payload: JSON.stringify({
      team: { id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-${triggers}`,
      ...payload,
    }),
  }).toString()
}

function buttonClick(actionId: string, user = 'U1'): string {
  return interaction({
    type: 'block_actions',
    user: { id: user, name: 'ada', team_id: 'T1' },
    channel: { id: 'C1' },
    container: { type: 'message', is_ephemeral: true },
    response_url: `${responses.url}/respond/click`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', action_ts: '1' }],
  })
}

const respondBodies = () => responses.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>)

describe('Slack slash commands over HTTP', () => {
  it('acks at once, calls the flow with the signed user and their groups, and replies ephemerally', async () => {
    const res = await post(slashCommand('cli minor'))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    expect(flows.calls).toEqual([
      {
        kind: 'command',
        name: 'release',
        args: { line: 'cli', bump: 'minor' },
        actor: { platform: 'slack', userId: 'U1', roles: [], groups: ['S0RELEASE'], name: 'ada' },
      },
    ])
    const [reply] = respondBodies()
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false })
    const blocks = JSON.stringify(reply!['blocks'])
    expect(blocks).toContain('<https://example.com/r|the release>')
    expect(blocks).toContain('&lt;!channel&gt;')
    expect(blocks).not.toContain('<!channel>')
    expect(blocks).not.toMatch(/@everyone/)
    expect(blocks).toContain('"action_id":"arelease:cut:42"')
  })

  it('answers bad arguments with one usage message and calls no flow', async () => {
    await post(slashCommand('cli huge'))
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    expect(flows.calls).toEqual([])
    expect(respondBodies()[0]).toMatchInlineSnapshot(`
      {
        "response_type": "ephemeral",
        "text": "Unexpected \`huge\`.
      Usage: \`/release [action:canary|promote|rollback|status|console|backport] [line:<name>] [bump:auto|patch|minor|major] [version:X.Y.Z] [prerelease:rc] [next:X.Y.Z] [reason:"…"] [ticket:ID] [pr:N]\`, for example \`/release cli minor\`.",
      }
    `)
  })

  it('runs a retried delivery (X-Slack-Retry-Num) once', async () => {
    const body = slashCommand('cli')
    expect((await post(body)).status).toBe(200)
    const retry = await post(body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    })
    expect(retry.status).toBe(200)
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    await new Promise((r) => setTimeout(r, 100))
    expect(flows.calls).toHaveLength(1)
    expect(responses.requests).toHaveLength(1)
  })
})

describe('Slack request verification', () => {
  const now = () => Math.floor(Date.now() / 1000)
  it.each([
    ['forged (wrong secret)', (b: string) => post(b, { signature: sign(b, now(), 'not-the-secret') })],
    [
      'stale (6 minutes old)',
      (b: string) => post(b, { timestamp: now() - 360, signature: sign(b, now() - 360) }),
    ],
    [
      'future-dated (6 minutes ahead)',
      (b: string) => post(b, { timestamp: now() + 360, signature: sign(b, now() + 360) }),
    ],
    [
      'tampered (body changed after signing)',
      (b: string) => post(b.replace('cli', 'platform'), { signature: sign(b, now()) }),
    ],
    ['unsigned', (b: string) => post(b, { signature: '' })],
    [
      'signed with an unknown version',
      (b: string) => post(b, { signature: sign(b, now()).replace('v0=', 'v1=') }),
    ],
  ])('refuses a %s request with 401 before any handler', async (_name, send) => {
    const res = await send(slashCommand('cli'))
    expect(res.status).toBe(401)
    await new Promise((r) => setTimeout(r, 50))
    expect(flows.calls).toEqual([])
    expect(responses.requests).toEqual([])
    expect(slackApi.requests.filter((r) => !r.path.endsWith('/auth.test'))).toEqual([])
  })

  it('accepts a request 4 minutes off in either direction', async () => {
    for (const skew of [-240, 240]) {
      const t = now() + skew
      const body = slashCommand('cli')
      expect((await post(body, { timestamp: t, signature: sign(body, t) })).status).toBe(200)
    }
    await vi.waitFor(() => expect(flows.calls).toHaveLength(2))
  })

  it('refuses to start with an empty signing secret', () => {
    expect(
      () => new SlackHttpReceiver({ signingSecret: ' ', log: silentLog }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: Slack HTTP mode: SLACK_SIGNING_SECRET is empty; set it from the app’s Basic Information page]`,
    )
  })

  it('answers Slack’s ssl_check and never logs the secret', async () => {
    const lines: string[] = []
    const log = {
      info: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
      error: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
    }
    const receiver = new SlackHttpReceiver({ signingSecret: SECRET, log })
    const reply = await receiver.handle({
      headers: { 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': String(now()) },
      rawBody: Buffer.from('ssl_check=1'),
    })
    expect(reply.status).toBe(401)
    expect(lines.join('\n')).not.toContain(SECRET)
  })
})

describe('Slack buttons and modals', () => {
  it('passes a click to the flow with the clicker’s groups and replaces the preview', async () => {
    await post(slashCommand('cli'))
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    const res = await post(buttonClick('arelease:cut:42', 'U3'))
    expect(res.status).toBe(200)
    await vi.waitFor(() => expect(responses.requests).toHaveLength(2))
    expect(flows.calls[1]).toEqual({
      kind: 'action',
      id: 'release:cut:42',
      text: undefined,
      actor: { platform: 'slack', userId: 'U3', roles: [], groups: ['S0OTHER'], name: 'ada' },
    })
    expect(respondBodies()[1]).toMatchObject({ response_type: 'ephemeral', replace_original: true })
  })

  it('runs a repeated click once', async () => {
    const click = buttonClick('arelease:cut:42')
    await post(click)
    await post(click, { headers: { 'x-slack-retry-num': '1' } })
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    await new Promise((r) => setTimeout(r, 100))
    expect(flows.calls.filter((c) => c.kind === 'action')).toHaveLength(1)
  })

  it('opens the edit modal with the trigger_id, then sends the edited text to the flow', async () => {
    await post(slashCommand('cli'))
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    const click = buttonClick('eannounce:edit:42')
    const triggerId = JSON.parse(new URLSearchParams(click).get('payload')!).trigger_id
    await post(click)
    await vi.waitFor(() => expect(slackApi.requests.some((r) => r.path.endsWith('/views.open'))).toBe(true))
    const open = slackApi.requests.find((r) => r.path.endsWith('/views.open'))!
    const form = new URLSearchParams(open.body)
    expect(form.get('trigger_id')).toBe(triggerId)
    const modal = JSON.parse(form.get('view')!)
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'mannounce:edit:42' })
    expect(modal.blocks[0].element).toMatchObject({ initial_value: 'We shipped v1.1.0.', max_length: 2_000 })
    expect(flows.calls.filter((c) => c.kind === 'action')).toEqual([])

    const submit = interaction({
      type: 'view_submission',
      user: { id: 'U2', name: 'grace' },
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: {
          values: { text: { text: { type: 'plain_text_input', value: 'We shipped v1.1.0 today.' } } },
        },
      },
    })
    const res = await post(submit)
    expect(res.status).toBe(200)
    await vi.waitFor(() => expect(flows.calls.filter((c) => c.kind === 'action')).toHaveLength(1))
    expect(flows.calls.at(-1)).toEqual({
      kind: 'action',
      id: 'announce:edit:42',
      text: 'We shipped v1.1.0 today.',
      actor: { platform: 'slack', userId: 'U2', roles: [], groups: ['S0RELEASE'], name: 'grace' },
    })
    await vi.waitFor(() => expect(responses.requests.some((r) => r.path === '/respond/click')).toBe(true))
  })

  it('says an editor expired instead of calling the flow when the edit text is unknown', async () => {
    await post(buttonClick('eannounce:edit:unknown'))
    await vi.waitFor(() => expect(responses.requests).toHaveLength(1))
    expect(respondBodies()[0]!['text']).toMatch(/This editor expired\. Run the command again/)
    expect(flows.calls).toEqual([])
  })
})
