import { describe, expect, it } from 'vitest'
import { validate } from '../src/config/load-config.ts'

const errorsOf = (line: Record<string, unknown>) => {
  const result = validate({ lines: [{ name: 'l', tagPrefix: 'v', ...line }] }, 'herald.config.yaml')
  return result.ok ? [] : result.errors
}

describe('the scheme keys of a line', () => {
  it('take the contract’s example lines', () => {
    const result = validate(
      {
        lines: [
          { name: 'main', tagPrefix: 'v', branch: 'master' },
          {
            name: 'lts-2026.1',
            tagPrefix: 'v',
            branch: 'lts-2026.1',
            range: '2026.1.x',
            scheme: 'calver',
            calver: 'YYYY.MINOR.MICRO',
            bumps: { minor: [], patch: ['*'] },
          },
          { name: 'backend', tagPrefix: '', scheme: 'pep440', calver: 'YY.MINOR.MICRO' },
        ],
      },
      'herald.config.yaml',
    )
    expect(result.ok && result.config.lines.map((l) => l.otherRanges)).toEqual([
      ['2026.1.x'],
      undefined,
      undefined,
    ])
  })

  it.each([
    [
      { calver: 'YYYY.WEEK.MICRO', scheme: 'calver' },
      'lines[0].calver: calver format "YYYY.WEEK.MICRO": the second part is MINOR',
    ],
    [{ calver: 'YYYY.MINOR.MICRO' }, 'lines[0].calver: a calver format needs `scheme: calver`'],
    [{ scheme: 'calver' }, 'lines[0].calver: scheme calver needs a format: add `calver: YYYY.MINOR.MICRO`'],
    [
      { scheme: 'pep440', calver: 'YYYY.0M.MICRO' },
      'lines[0].calver: PEP 440 writes numbers without leading zeros',
    ],
    [
      { range: '1.2.3' },
      'lines[0].range: range "1.2.3": expected numbers then x, like 1.x, 1.2.x or 2026.1.x',
    ],
    [
      { range: '1.x', scheme: 'calver', calver: 'YYYY.MINOR.MICRO' },
      'lines[0].range: range "1.x" does not fit calver YYYY.MINOR.MICRO: it starts with the year as the format writes it, like 2026.1.x',
    ],
    [
      { range: '1.2.x', initialVersion: '1.3.0' },
      "lines[0].initialVersion: 1.3.0 is outside the line's range 1.2.x: pick a version in it",
    ],
    [{ initialVersion: 'one' }, 'lines[0].initialVersion: expected a semantic version like 1.0.0'],
    [
      { scheme: 'pep440', initialVersion: '1.0.0-rc.1' },
      'lines[0].initialVersion: expected a pep440 version like 1.2.0rc1',
    ],
    [{ scheme: 'semver2' }, 'lines[0].scheme:'],
  ])('refuses %j with one clear message', (line, message) => {
    const errors = errorsOf(line)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(message)
  })

  it('refuses two lines of one prefix whose ranges overlap', () => {
    const result = validate(
      {
        lines: [
          { name: 'one', tagPrefix: 'v', range: '1.x' },
          { name: 'other', tagPrefix: 'lib-v', range: '1.2.x' },
          { name: 'one-two', tagPrefix: 'v', range: '1.2.x' },
        ],
      },
      'herald.config.yaml',
    )
    expect(result.ok ? [] : result.errors).toEqual([
      'herald.config.yaml: lines[2].range: range 1.2.x overlaps line "one"\'s range 1.x under the same tag prefix "v": a tag belongs to one line; narrow one of the ranges (got "1.2.x")',
    ])
  })
})
