import { describe, expect, it } from 'vitest'
import { md, mdCode } from '../../flows/view.ts'
import { renderDiscordMarkdown } from '../discord/render-discord.ts'
import { renderMrkdwn } from '../slack/render-block-kit.ts'
import { parseLightMarkdown } from './light-markdown.ts'

describe('light markdown', () => {
  it.each([
    ['plain', [{ kind: 'text', text: 'plain' }]],
    [
      'a **b** c',
      [
        { kind: 'text', text: 'a ' },
        { kind: 'bold', text: 'b' },
        { kind: 'text', text: ' c' },
      ],
    ],
    ['`x`', [{ kind: 'code', text: 'x' }]],
    ['[l](https://e.example/x)', [{ kind: 'link', label: 'l', url: 'https://e.example/x' }]],
    ['[l](javascript:alert(1))', [{ kind: 'text', text: '[l](javascript:alert(1))' }]],
    ['unclosed `code', [{ kind: 'text', text: 'unclosed `code' }]],
    ['`a\nb`', [{ kind: 'text', text: '`a\nb`' }]],
    [md('x` [a](https://e.example) `y'), [{ kind: 'text', text: 'x` [a](https://e.example) `y' }]],
    [mdCode('x` [a](https://e.example) `y'), [{ kind: 'code', text: 'x` [a](https://e.example) `y' }]],
    [md('**b** \\ [x]'), [{ kind: 'text', text: '**b** \\ [x]' }]],
    ['a \\d', [{ kind: 'text', text: 'a \\d' }]],
  ])('%j', (source, tokens) => {
    expect(parseLightMarkdown(source)).toEqual(tokens)
  })

  it.each([
    [`Why: • ${mdCode('x` [Cut](https://e.example) `y')}`, 'Why: • `xˋ [Cut](https://e.example) ˋy`'],
    [`by ${md('[Help](https://e.example)')}`, 'by [Help](https://e.example)'],
    [
      `by ${md('<!channel> & <https://e.example|x>')}`,
      'by &lt;!channel&gt; &amp; &lt;https://e.example|x&gt;',
    ],
    ['**Cut** [page](https://e.example/r)', '*Cut* <https://e.example/r|page>'],
  ])('Slack: %j → %j', (source, out) => {
    expect(renderMrkdwn(source)).toBe(out)
  })

  it.each([
    [`by ${md('[Help](https://e.example)')}`, 'by \\[Help\\](https://e.example)'],
    [
      `by ${md('<t:1:R> <@&1> ||x|| ~~y~~ _z_')}`,
      'by \\<t:1:R\\> \\<@&1\\> \\|\\|x\\|\\| \\~\\~y\\~\\~ \\_z\\_',
    ],
    [md('# head\n-# sub\n> quote'), '\\# head\n\\-\\# sub\n\\> quote'],
    [`• ${mdCode('a`b')}`, '• `aˋb`'],
    ['**Cut** [page](https://e.example/r)', '**Cut** [page](https://e.example/r)'],
  ])('Discord: %j → %j', (source, out) => {
    expect(renderDiscordMarkdown(source)).toBe(out)
  })
})
