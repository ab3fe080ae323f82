/**
 * Socket Mode still gets Slack's own Socket Mode client: Herald loads that
 * package only when Bolt first asks for it (see src/chat/slack/bolt-app.ts).
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { silentLog } from '../../src/chat/platform/log.ts'
import { createSlackApp } from '../../src/chat/slack/slack-app.ts'
import { fakeFlows } from './support.ts'

const boltRequire = createRequire(
  createRequire(import.meta.url).resolve('@slack/bolt/dist/receivers/SocketModeReceiver.js'),
)

describe('Slack in Socket Mode', () => {
  it('builds its receiver on the Socket Mode client of @slack/socket-mode', () => {
    const app = createSlackApp({
      flows: fakeFlows(),
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      log: silentLog,
    })
    const { SocketModeClient } = boltRequire('@slack/socket-mode') as { SocketModeClient: new () => unknown }
    const client = (app as unknown as { receiver: { client: unknown } }).receiver.client
    expect(client).toBeInstanceOf(SocketModeClient)
    expect(typeof (client as { start: unknown }).start).toBe('function')
  })

  it('hands every later require of the package the real module', () => {
    createSlackApp({ flows: fakeFlows(), botToken: 'xoxb-test', appToken: 'xapp-test', log: silentLog })
    const again = boltRequire('@slack/socket-mode') as Record<string, unknown>
    expect(typeof again['SocketModeClient']).toBe('function')
    expect(Object.keys(again)).toEqual(expect.arrayContaining(['ErrorCode', 'LogLevel', 'SocketModeClient']))
  })
})
