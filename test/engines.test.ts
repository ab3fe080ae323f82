/**
 * The Node.js version Herald asks for is the one its dependencies need, and the
 * start-up check (`bin/node-version.js`) reads that same number.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript without declarations (it runs before anything is loaded)
import { olderThan, requiredNode } from '../bin/node-version.js'
import { runCli } from './helpers/run-cli.ts'

const root = join(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; engines?: { node?: string } }>
}

describe('engines.node', () => {
  it('is at least what every production dependency in the lockfile asks for', () => {
    const ours = semver.minVersion(manifest.engines.node)!
    const tooNew = Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.dev && p.engines?.node && semver.validRange(p.engines.node))
      .filter(([, p]) => semver.gt(semver.minVersion(p.engines!.node!)!, ours))
      .map(([path, p]) => `${path} ${p.engines!.node}`)
    expect(tooNew).toEqual([])
    expect(lock.packages['']?.engines?.node).toBe(manifest.engines.node)
  })

  it('is the number the start-up check uses', () => {
    expect(requiredNode().text).toBe(semver.minVersion(manifest.engines.node)!.version)
  })

  it.each([
    ['v22.18.0', '22.19.0', true],
    ['22.19.0', '22.19.0', false],
    ['24.0.0', '22.19.0', false],
    ['v20.20.2', '22.19.0', true],
    ['22.19.1', '22.19.2', true],
  ])('Node %s older than %s: %s', (version, required, older) => {
    expect(olderThan(version, required.split('.').map(Number))).toBe(older)
  })

  it('refuses an older Node before loading anything, with the number from package.json', () => {
    // A copy of bin/ beside a package.json asking for a Node that does not exist yet.
    const dir = mkdtempSync(join(tmpdir(), 'herald-engines-'))
    cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', engines: { node: '>=999.1' } }))
    const run = spawnSync(process.execPath, [join(dir, 'bin/herald.js'), '--version'], { encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(
      `herald: Node.js >= 999.1.0 is required (this is ${process.version}): install Node 24 LTS and retry\n`,
    )
  })
})

describe('herald --version', () => {
  it('prints the version from package.json and exits 0', async () => {
    const run = await runCli(['--version'])
    expect(run).toMatchObject({ code: 0, stdout: `${manifest.version}\n`, stderr: '' })
  })
})
