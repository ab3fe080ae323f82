import { describe, expect, it } from 'vitest'
import { releaseTitle } from './release-title.ts'

describe('releaseTitle', () => {
  it('names the product and the version, like the announcement headline', () => {
    const line = {
      announce: { kind: 'cli', product: 'connexity-cli', action: 'uv tool upgrade connexity-cli' },
    } as const
    expect(releaseTitle(line, 'cli-v0.3.0', '0.3.0')).toBe('connexity-cli v0.3.0')
    expect(releaseTitle(line, 'cli-v1.0.0-rc.1', '1.0.0-rc.1')).toBe('connexity-cli v1.0.0-rc.1')
  })

  it('falls back to the tag when the line names no product', () => {
    expect(releaseTitle({ announce: undefined }, 'v1.2.0', '1.2.0')).toBe('v1.2.0')
    expect(releaseTitle(undefined, 'cli-v0.3.0', '0.3.0')).toBe('cli-v0.3.0')
  })
})
