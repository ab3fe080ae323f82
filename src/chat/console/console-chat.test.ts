import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { Actor, ChatFlows, CommandArgs, View } from '../../flows/view.ts'
import { clean, runConsoleChat } from './console-chat.ts'

type Call = {
  kind: 'command' | 'action'
  actor: Actor
  name: string
  args?: CommandArgs
  text?: string | undefined
}

function fakeFlows(calls: Call[]): ChatFlows {
  const preview: View = {
    private: true,
    blocks: [
      { kind: 'header', text: 'Release cli-v1.3.0' },
      { kind: 'code', text: 'notes \u001b[2Jhere' },
      { kind: 'notice', level: 'warning', text: 'CI is pending' },
    ],
    actions: [
      { id: 'release:cut:abc', label: 'Cut release', style: 'primary' },
      {
        id: 'release:edit:abc',
        label: 'Edit',
        style: 'secondary',
        edit: { title: 'Edit the notes', text: 'old', maxLength: 20 },
      },
      { id: 'release:cancel:abc', label: 'Cancel', style: 'danger' },
    ],
  }
  return {
    async command(actor, name, args) {
      calls.push({ kind: 'command', actor, name, args })
      return preview
    },
    async action(actor, id, input) {
      calls.push({ kind: 'action', actor, name: id, text: input?.text })
      return { private: true, blocks: [{ kind: 'text', text: `done ${id}` }], actions: [] }
    },
    async complete() {
      return []
    },
  }
}

async function session(lines: string[]) {
  const input = new PassThrough()
  const calls: Call[] = []
  let output = ''
  const done = runConsoleChat({ input, write: (t) => (output += t), flows: fakeFlows(calls) })
  input.end(`${lines.join('\n')}\n`)
  await done
  return { calls, output }
}

describe('console chat', () => {
  it('parses commands like Slack text and routes numbered choices to the action ids', async () => {
    const { calls, output } = await session(['/release cli minor', '1'])
    expect(calls[0]).toMatchObject({ kind: 'command', name: 'release', args: { line: 'cli', bump: 'minor' } })
    expect(calls[0]!.actor).toMatchObject({ platform: 'console', userId: 'console' })
    expect(calls[1]).toMatchObject({ kind: 'action', name: 'release:cut:abc' })
    expect(output).toContain('[1] Cut release   [2] Edit   [3] Cancel')
    expect(output).toContain('done release:cut:abc')
  })

  it('reads an edit until a lone ".", and cancels an edit over the limit', async () => {
    const ok = await session(['/release cli', '2', 'new text', 'second line', '.'])
    expect(ok.calls[1]).toMatchObject({ name: 'release:edit:abc', text: 'new text\nsecond line' })
    const long = await session(['/release cli', '2', 'x'.repeat(30), '.'])
    expect(long.calls).toHaveLength(1)
    expect(long.output).toContain('the limit is 20')
  })

  it('explains bad input and unknown numbers without calling a flow', async () => {
    const { calls, output } = await session(['/release cli nope', '/release cli bump:huge', '/deploy', '7'])
    expect(calls).toEqual([])
    expect(output).toContain('Unexpected `nope`')
    expect(output).toContain('`bump` cannot be `huge`')
    expect(output).toContain('Unknown command "/deploy"')
    expect(output).toContain('Nothing to choose right now')
  })

  it('prints commit text inert: no terminal escape sequences get through', async () => {
    const { output } = await session(['/release cli'])
    expect(output).toContain('notes here')
    expect(output).not.toContain('\u001b')
    expect(clean('a\u001b]0;title\u0007b\u0000c\u009bd')).toBe('abcd')
  })
})
