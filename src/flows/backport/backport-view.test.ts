import { describe, expect, it } from 'vitest'
import { openStore } from '../../adapters/store/open-store.ts'
import type { BackportHost } from '../../ports/backport-host.ts'
import { ForgeError } from '../../ports/forge-error.ts'
import { TestClock } from '../../testing/test-clock.ts'
import { testLine } from '../../testing/test-line.ts'
import type { Actor } from '../view.ts'
import { backportCommand } from './backport-view.ts'

const console: Actor = { platform: 'console', userId: 'console', roles: [], groups: [] }
const failing: BackportHost = {
  findPull: () =>
    Promise.reject(
      new ForgeError('forbidden', 'reading pull request #5 failed: the token lacks a permission'),
    ),
  branchTip: () => Promise.resolve(null),
  findBackport: () => Promise.resolve(null),
  backport: () => Promise.reject(new Error('not reached')),
}

const audit = async () => ({ store: await openStore({ kind: 'memory' }), clock: new TestClock() })

describe('/release backport views', () => {
  it('shows a forge failure as one error message saying what to do', async () => {
    const lines = [testLine({ name: 'lts', branch: 'lts' })]
    const deps = { lines, backports: failing, ...(await audit()) }
    const view = await backportCommand(deps, console, { action: 'backport', pr: '5' })
    expect(view).toEqual({
      private: true,
      blocks: [
        {
          kind: 'notice',
          level: 'error',
          text: 'reading pull request #5 failed: the token lacks a permission.',
        },
      ],
      actions: [],
    })
    expect(await deps.store.listAudit()).toEqual([
      expect.objectContaining({
        subject: 'backport:5',
        action: 'backported',
        outcome: 'refused',
        detail: '#5: unavailable: reading pull request #5 failed: the token lacks a permission',
      }),
    ])
  })

  it('says when backports cannot be made here', async () => {
    const deps = { lines: [testLine()], ...(await audit()) }
    const view = await backportCommand(deps, console, { action: 'backport', pr: '5' })
    expect(JSON.stringify(view.blocks)).toContain('backports need the repository')
  })
})
