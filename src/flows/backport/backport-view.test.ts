import { describe, expect, it } from 'vitest'
import type { BackportHost } from '../../ports/backport-host.ts'
import { ForgeError } from '../../ports/forge-error.ts'
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

describe('/release backport views', () => {
  it('shows a forge failure as one error message saying what to do', async () => {
    const lines = [testLine({ name: 'lts', branch: 'lts' })]
    const view = await backportCommand({ lines, backports: failing }, console, {
      action: 'backport',
      pr: '5',
    })
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
  })

  it('says when backports cannot be made here', async () => {
    const view = await backportCommand({ lines: [testLine()] }, console, { action: 'backport', pr: '5' })
    expect(JSON.stringify(view.blocks)).toContain('backports need the repository')
  })
})
