import { describe, expect, it } from 'vitest'
import { validate } from './load-config.ts'

const line = (extra: Record<string, unknown>) => ({ lines: [{ name: 'backend', tagPrefix: '', ...extra }] })

function errors(extra: Record<string, unknown>): string[] {
  const result = validate(line(extra), 'herald.config.yaml')
  return result.ok ? [] : result.errors
}

describe('fragments and nextVersion config', () => {
  it('takes the documented keys, with towncrier and Herald defaults', () => {
    const result = validate(
      line({
        fragments: { dir: 'changes' },
        nextVersion: { file: 'src/meta.py', pattern: 'NEXT_RELEASE_VERSION = "(?<version>[^"]+)"' },
      }),
      'herald.config.yaml',
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config.lines[0]!.fragments).toEqual({
      dir: 'changes',
      types: ['feature', 'bugfix', 'doc', 'removal', 'misc'],
    })
    expect(result.config.lines[0]!.nextVersion).toMatchObject({ advance: 'minor' })
  })

  it('refuses a pattern that does not compile or has no version group, saying what to write', () => {
    expect(errors({ nextVersion: { file: 'a.py', pattern: 'V = "([^"]+' } }).join('\n')).toContain(
      'pattern does not compile',
    )
    expect(errors({ nextVersion: { file: 'a.py', pattern: 'V = "([^"]+)"' } }).join('\n')).toContain(
      'pattern has no named group `version`',
    )
  })

  it('refuses folders outside the repository and unknown keys', () => {
    expect(errors({ fragments: { dir: '../elsewhere' } }).join('\n')).toContain(
      'expected a folder inside the repository',
    )
    expect(errors({ fragments: { dir: 'changes', type: ['x'] } }).length).toBeGreaterThan(0)
    expect(errors({ nextVersion: { file: '/etc/passwd', pattern: '(?<version>x)' } }).join('\n')).toContain(
      'expected a file inside the repository',
    )
  })
})
