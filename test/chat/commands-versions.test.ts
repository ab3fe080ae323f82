/** `/release` takes a version of any scheme a line may have: SemVer, calendar, PEP 440. */
import { describe, expect, it } from 'vitest'
import { parseCommandText } from '../../commands/parse-args.ts'
import { releaseCommand } from '../../commands/release.ts'

describe('/release VERSION of any scheme', () => {
  it.each([
    ['backend 26.2.0rc2', { line: 'backend', version: '26.2.0rc2' }],
    ['backend version:1.0.0.post1', { line: 'backend', version: '1.0.0.post1' }],
    ['backend version:1.0.0a1.dev2', { line: 'backend', version: '1.0.0a1.dev2' }],
    ['lts-2026.1 2026.1.4', { line: 'lts-2026.1', version: '2026.1.4' }],
    ['cal v2026.04.0', { line: 'cal', version: 'v2026.04.0' }],
  ])('/release %s', (text, args) => {
    expect(parseCommandText(releaseCommand, text)).toEqual({ ok: true, value: args })
  })

  it.each(['backend version:26.2.0rc', 'backend version:26.2.0+local', 'backend version:26.2'])(
    'refuses /release %s',
    (text) => {
      expect(parseCommandText(releaseCommand, text).ok).toBe(false)
    },
  )
})
