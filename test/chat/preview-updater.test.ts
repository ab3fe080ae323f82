/**
 * The preview updater against local servers speaking Slack's response_url and
 * Discord's REST: what each answer means (replaced, expired, refused), and
 * that what goes out is masked and replaces the original message.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { buildPreviewUpdater } from '../../src/chat/preview-updater.ts'
import { redactView } from '../../src/compose/redacting-flows.ts'
import type { View } from '../../src/flows/view.ts'
import { type LocalServer, startLocalServer } from './support.ts'

const VIEW: View = {
  private: true,
  blocks: [{ kind: 'text', text: 'CI green on abc; token s3cret-value' }],
  actions: [{ id: 'r:cut:rec123', label: 'Cut release', style: 'primary' }],
}
const redact = (v: View) => redactView(v, (t) => t.replaceAll('s3cret-value', 'REDACTED'))

let servers: LocalServer[] = []
afterEach(async () => {
  for (const s of servers) await s.close()
  servers = []
})

async function server(status: number, body: unknown): Promise<LocalServer> {
  const s = await startLocalServer(() => ({ status, body }))
  servers.push(s)
  return s
}

describe('Slack: POST to the response_url with replace_original', () => {
  it.each([
    [200, { ok: true }, 'replaced'],
    [404, { ok: false, error: 'expired_url' }, 'expired'],
    [200, { ok: false, error: 'used_url' }, 'expired'],
    [410, {}, 'expired'],
  ] as const)('HTTP %i %j → %s', async (status, body, outcome) => {
    const s = await server(status, body)
    const updater = buildPreviewUpdater({}, redact)
    expect(await updater.replace({ platform: 'slack', responseUrl: `${s.url}/actions/1` }, VIEW)).toBe(
      outcome,
    )
    expect(s.requests).toHaveLength(1)
    const sent = JSON.parse(s.requests[0]!.body)
    expect(sent).toMatchObject({ response_type: 'ephemeral', replace_original: true })
    expect(s.requests[0]!.body).toContain('REDACTED')
    expect(s.requests[0]!.body).not.toContain('s3cret-value')
  })

  it('throws on another refusal, saying what failed', async () => {
    const s = await server(500, { ok: false, error: 'internal' })
    const updater = buildPreviewUpdater({}, redact)
    await expect(
      updater.replace({ platform: 'slack', responseUrl: `${s.url}/actions/1` }, VIEW),
    ).rejects.toMatchObject({ code: 'replace_refused', message: expect.stringContaining('HTTP 500') })
  })
})

describe('Discord: PATCH the interaction’s original response', () => {
  it.each([
    [200, { id: '1' }, 'replaced'],
    [404, { code: 10015, message: 'Unknown Webhook' }, 'expired'],
    [401, { code: 50027, message: 'Invalid Webhook Token' }, 'expired'],
  ] as const)('HTTP %i %j → %s', async (status, body, outcome) => {
    const s = await server(status, body)
    const updater = buildPreviewUpdater({ DISCORD_API_URL: `${s.url}/api/v10` }, redact)
    const ref = { platform: 'discord', applicationId: '100000000000000001', token: 'tok-1' } as const
    expect(await updater.replace(ref, VIEW)).toBe(outcome)
    expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PATCH /api/v10/webhooks/100000000000000001/tok-1/messages/@original',
    ])
    expect(s.requests[0]!.headers['authorization']).toBeUndefined()
    expect(s.requests[0]!.body).toContain('REDACTED')
    expect(s.requests[0]!.body).not.toContain('s3cret-value')
  })

  it('throws on another refusal', async () => {
    const s = await server(403, { code: 50001, message: 'Missing Access' })
    const updater = buildPreviewUpdater({ DISCORD_API_URL: `${s.url}/api/v10` }, redact)
    const ref = { platform: 'discord', applicationId: '100000000000000001', token: 'tok-1' } as const
    await expect(updater.replace(ref, VIEW)).rejects.toThrow(/Missing Access/)
  })
})
