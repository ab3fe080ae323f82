/**
 * The long-term-support scenario on one history: `main` (SemVer, v0.12.x on
 * master) and `lts-2026.1` (calendar versions in 2026.1.x on its own branch,
 * every change a patch), both under the tag prefix `v`; a security fix merged
 * on master and backported (cherry-picked with -x) onto lts-2026.1.
 */
import { validate } from '../../src/config/load-config.ts'
import type { ReleaseLine } from '../../src/core/release-line.ts'
import { type GitFixture, gitFixture } from './git-fixture.ts'

export const LTS_LINES = `lines:
  - name: main
    tagPrefix: v
    branch: master
  - name: lts-2026.1
    tagPrefix: v
    branch: lts-2026.1
    range: 2026.1.x
    scheme: calver
    calver: YYYY.MINOR.MICRO
    bumps: { minor: [], patch: ['*'] }
`

export type LtsFixture = GitFixture & { tips: { main: string; lts: string; fix: string } }

/**
 * master: v0.12.0 … v0.12.3, then `fix(security): …`; lts-2026.1 forked at
 * v0.12.0 (also tagged v2026.1.0, so master reaches an LTS tag), v2026.1.1 …
 * v2026.1.3, then the backported fix. HEAD is on master.
 */
export function ltsFixture(options: { backported?: boolean } = {}): LtsFixture {
  const fx = gitFixture()
  fx.git('checkout', '-q', '-b', 'master')
  fx.commit('feat: widgets', { 'a.txt': '1\n' })
  fx.tag('v0.12.0')
  fx.tag('v2026.1.0')
  fx.branch('lts-2026.1')
  for (const n of [1, 2, 3]) {
    fx.commit(`fix: lts repair ${n}`, { [`lts${n}.txt`]: `${n}\n` })
    fx.tag(`v2026.1.${n}`)
  }
  fx.checkout('master')
  for (const n of [1, 2, 3]) {
    fx.commit(`fix: repair ${n}`, { [`main${n}.txt`]: `${n}\n` })
    fx.tag(`v0.12.${n}`)
  }
  const fix = fx.commit('fix(security): reject forged session tokens (#41)', { 'auth.txt': 'checked\n' })
  // Without the backport (`backported: false`) a test makes it, with `/release backport`.
  if (options.backported === false) return { ...fx, tips: { main: fix, lts: fx.sha('lts-2026.1'), fix } }
  fx.checkout('lts-2026.1')
  fx.git('cherry-pick', '-x', fix)
  const lts = fx.sha('HEAD')
  fx.checkout('master')
  return { ...fx, tips: { main: fix, lts, fix } }
}

/** The two lines as chat and the forges see them, loaded through the config's validation. */
export function ltsLines(extra: Record<string, unknown> = {}): ReleaseLine[] {
  const result = validate(
    {
      repo: 'acme/widget',
      lines: [
        { name: 'main', tagPrefix: 'v', branch: 'master', ...extra },
        {
          name: 'lts-2026.1',
          tagPrefix: 'v',
          branch: 'lts-2026.1',
          range: '2026.1.x',
          scheme: 'calver',
          calver: 'YYYY.MINOR.MICRO',
          bumps: { minor: [], patch: ['*'] },
          ...extra,
        },
      ],
    },
    'test',
  )
  if (!result.ok) throw new Error(result.errors.join('\n'))
  return result.config.lines
}
