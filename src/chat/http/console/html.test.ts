import { describe, expect, it } from 'vitest'
import { html, inline, viewHtml } from './html.ts'

describe('web console HTML', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"quoted" & 'single'`, '&quot;quoted&quot; &amp; &#39;single&#39;'],
    ['&lt; stays visible', '&amp;lt; stays visible'],
  ])('escapes %j in text', (value, escaped) => {
    expect(html`<p>${value}</p>`.html).toBe(`<p>${escaped}</p>`)
  })

  it.each([
    ['**bold** and `code`', '<strong>bold</strong> and <code>code</code>'],
    ['[notes](https://example.com/a?b=1&c=2)', '<a href="https://example.com/a?b=1&amp;c=2">notes</a>'],
    ['[bad](javascript:alert(1))', '[bad](javascript:alert(1))'],
    // The quote stays escaped inside the attribute: it cannot end it.
    ['[x](https://e.com/"onmouseover=alert(1))', '<a href="https://e.com/&quot;onmouseover=alert(1">x</a>)'],
    ['**<img src=x onerror=alert(1)>**', '<strong>&lt;img src=x onerror=alert(1)&gt;</strong>'],
  ])('light markdown %j', (text, out) => {
    expect(inline(text).html).toBe(out)
  })

  it('renders a button as a form with the session token and the action id, escaped', () => {
    const out = viewHtml(
      {
        private: true,
        blocks: [{ kind: 'code', text: '</pre><script>x</script>' }],
        actions: [{ id: 'a:ok:abc123:1', label: 'Approve "now"', style: 'primary' }],
      },
      'tok"en',
    ).html
    expect(out).toBe(
      '<div class="view"><pre>&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;</pre><div class="actions"><form method="post" action="/console/action"><input type="hidden" name="csrf" value="tok&quot;en"><input type="hidden" name="action" value="a:ok:abc123:1"><button type="submit" class="primary">Approve &quot;now&quot;</button></form></div></div>',
    )
  })
})
