import { describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import type { MessageRef, PreviewUpdater } from '../../ports/preview-updater.ts'
import type { View } from '../view.ts'
import { PreviewMessages, type PreviewRefresh } from './preview-messages.ts'

const SLACK: MessageRef = { platform: 'slack', responseUrl: 'https://hooks.slack.test/actions/T1/1/abc' }
const DISCORD: MessageRef = { platform: 'discord', applicationId: '100000000000000001', token: 'tok' }
const PREVIEW: View = { private: true, blocks: [], actions: [], updatable: { recordId: 'rec123' } }
const NEW_VIEW: View = { private: true, blocks: [{ kind: 'header', text: 'CI green' }], actions: [] }
const MINUTE = 60_000

type Step = { after?: number; answer?: 'replaced' | 'expired' | 'throws' }

async function run(shown: View | null, where: MessageRef, steps: Step[]) {
  const store = await openStore({ kind: 'memory' })
  let now = 1_000_000
  const messages = new PreviewMessages({ store, now: () => now })
  const sent: MessageRef[] = []
  const logs: string[] = []
  const log = { debug: (m: string) => logs.push(`debug ${m}`), warn: (m: string) => logs.push(`warn ${m}`) }
  if (shown) await messages.remember(shown, where)
  const outcomes: PreviewRefresh[] = []
  for (const step of steps) {
    now += step.after ?? 0
    const updater: PreviewUpdater = {
      async replace(ref, view) {
        expect(view).toBe(NEW_VIEW)
        sent.push(ref)
        if (step.answer === 'throws') throw Object.assign(new Error('HTTP 500'), { code: 'replace_refused' })
        return step.answer ?? 'replaced'
      },
    }
    outcomes.push(await messages.replace('rec123', NEW_VIEW, updater, log))
  }
  await store.close()
  return { outcomes, sent: sent.length, logs }
}

describe('PreviewMessages', () => {
  it.each<[string, View | null, MessageRef, Step[], PreviewRefresh[], number]>([
    ['a Slack preview is replaced through its response_url', PREVIEW, SLACK, [{}], ['replaced'], 1],
    ['a Discord preview is replaced through its token', PREVIEW, DISCORD, [{}], ['replaced'], 1],
    [
      'a view that is not updatable is not remembered',
      { ...PREVIEW, updatable: undefined },
      SLACK,
      [{}],
      ['none'],
      0,
    ],
    ['nothing was shown', null, SLACK, [{}], ['none'], 0],
    ['Slack: still editable at 29 minutes', PREVIEW, SLACK, [{ after: 29 * MINUTE }], ['replaced'], 1],
    ['Slack: not after 30 minutes', PREVIEW, SLACK, [{ after: 30 * MINUTE }], ['none'], 0],
    ['Discord: not after 15 minutes', PREVIEW, DISCORD, [{ after: 15 * MINUTE }], ['none'], 0],
    [
      'Slack: the response_url takes 5 messages, the first was the preview',
      PREVIEW,
      SLACK,
      [{}, {}, {}, {}, {}],
      ['replaced', 'replaced', 'replaced', 'replaced', 'none'],
      4,
    ],
    ['Discord: no use limit', PREVIEW, DISCORD, [{}, {}, {}, {}, {}], Array(5).fill('replaced'), 5],
    [
      'a reference the platform calls expired is forgotten',
      PREVIEW,
      SLACK,
      [{ answer: 'expired' }, {}],
      ['expired', 'none'],
      1,
    ],
    [
      'a refusal is reported, not thrown',
      PREVIEW,
      DISCORD,
      [{ answer: 'throws' }, {}],
      ['failed', 'replaced'],
      2,
    ],
  ])('%s', async (_, shown, where, steps, outcomes, sent) => {
    const result = await run(shown, where, steps)
    expect(result.outcomes).toEqual(outcomes)
    expect(result.sent).toBe(sent)
    if (outcomes.includes('failed'))
      expect(result.logs).toContain('warn release: the preview message could not be replaced')
    else expect(result.logs.filter((l) => l.startsWith('warn'))).toEqual([])
  })
})
