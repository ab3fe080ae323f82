/**
 * The image cannot be built here (no Docker engine), so this test checks what
 * the Dockerfile promises without building it: what it copies
 * exists and is not ignored, the image runs what `npm start` runs, as a
 * non-root user, with production dependencies only, a health check on
 * /healthz and state on a volume; and the sources it copies import nothing
 * that the image leaves out (test helpers, dev dependencies).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'

const root = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  dependencies: Record<string, string>
}

type Instruction = { keyword: string; args: string; line: number }

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = []
  let current: Instruction | undefined
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (!current && (line === '' || line.startsWith('#'))) return
    if (current && line.startsWith('#')) return
    const continued = line.endsWith('\\')
    const body = continued ? line.slice(0, -1).trim() : line
    if (current) current.args += ` ${body}`
    else {
      const [keyword = '', ...rest] = body.split(/\s+/)
      current = { keyword: keyword.toUpperCase(), args: rest.join(' '), line: i + 1 }
    }
    if (!continued) {
      out.push(current)
      current = undefined
    }
  })
  return out
}

const instructions = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'))
const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword)
const stages = splitStages(instructions)
const runtime = stages.at(-1)!

function splitStages(list: Instruction[]): Instruction[][] {
  const result: Instruction[][] = []
  for (const i of list) {
    if (i.keyword === 'FROM') result.push([])
    result.at(-1)?.push(i)
  }
  return result
}

/** `ARG NAME=value` defaults, to read `FROM ${NODE_IMAGE}`. */
function argDefaults(): Record<string, string> {
  return Object.fromEntries(
    all('ARG').flatMap((i) => {
      const m = /^(\w+)=(\S+)$/.exec(i.args)
      return m ? [[m[1]!, m[2]!]] : []
    }),
  )
}

/** Exec-form arguments (`["node", "bin/herald.js"]`), or undefined for the shell form. */
function execForm(args: string): string[] | undefined {
  const json = args.replace(/^CMD\s+/, '')
  if (!json.startsWith('[')) return undefined
  return JSON.parse(json) as string[]
}

/** `COPY [--flags] src… dest` without `--from`: the build-context sources. */
function contextCopies(): { sources: string[]; line: number }[] {
  return [...all('COPY'), ...all('ADD')]
    .filter((i) => !/--from=/.test(i.args))
    .map((i) => {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'))
      return { sources: parts.slice(0, -1), line: i.line }
    })
}

function dockerignore(): (path: string) => boolean {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  const rules = patterns.map((p) => {
    const negate = p.startsWith('!')
    const glob = (negate ? p.slice(1) : p).replace(/^\/+/, '')
    const matches = picomatch([glob, `${glob}/**`], { dot: true })
    return { negate, matches }
  })
  // Docker's rule: the last matching pattern wins.
  return (path) => rules.reduce((ignored, r) => (r.matches(path) ? !r.negate : ignored), false)
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
}

describe('Dockerfile', () => {
  it('builds in stages on the Node 24 slim image', () => {
    const args = argDefaults()
    const bases = all('FROM').map((i) =>
      i.args.split(/\s+/)[0]!.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? ''),
    )
    expect(bases.length).toBeGreaterThanOrEqual(2)
    for (const base of bases) expect(base).toMatch(/^node:24(\.\d+)*-(\w+-)?slim$/)
  })

  it('copies only paths that exist in the repository and that .dockerignore lets through', () => {
    const ignored = dockerignore()
    const copies = contextCopies()
    expect(copies.length).toBeGreaterThan(0)
    for (const { sources, line } of copies) {
      for (const source of sources) {
        expect(existsSync(join(root, source)), `COPY ${source} (line ${line}) does not exist`).toBe(true)
        expect(ignored(source), `COPY ${source} (line ${line}) is excluded by .dockerignore`).toBe(false)
      }
    }
  })

  it('runs what `npm start` runs, in exec form so SIGTERM reaches Herald', () => {
    expect(all('ENTRYPOINT')).toEqual([])
    const cmd = runtime.filter((i) => i.keyword === 'CMD')
    expect(cmd).toHaveLength(1)
    expect(execForm(cmd[0]!.args)).toEqual(pkg.scripts['start']!.split(/\s+/))
  })

  it('copies everything the start command needs: its entry file and every directory it reads', () => {
    const copied = contextCopies().flatMap((c) => c.sources)
    const entry = pkg.scripts['start']!.split(/\s+/)[1]!
    expect(copied.some((s) => entry === s || entry.startsWith(`${s}/`))).toBe(true)
    for (const dir of ['bin', 'src', 'commands', 'prompts', 'package.json']) expect(copied).toContain(dir)
  })

  it('runs as a user that is not root', () => {
    const users = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0])
    expect(users.length).toBeGreaterThan(0)
    expect(['root', '0']).not.toContain(users.at(-1))
    // Nothing after USER switches back.
    const last = runtime.findLastIndex((i) => i.keyword === 'USER')
    expect(runtime.slice(last + 1).filter((i) => i.keyword === 'RUN')).toEqual([])
  })

  it('installs production dependencies only, from the lockfile', () => {
    const installs = all('RUN').filter((i) => /\bnpm\s+(ci|install|i)\b/.test(i.args))
    expect(installs.length).toBeGreaterThan(0)
    for (const i of installs) {
      expect(i.args).toMatch(/\bnpm ci\b/)
      expect(i.args).toMatch(/--omit=dev\b/)
    }
    expect(contextCopies().flatMap((c) => c.sources)).toContain('package-lock.json')
  })

  it('checks health on /healthz at the port Herald serves', () => {
    const health = runtime.filter((i) => i.keyword === 'HEALTHCHECK')
    expect(health).toHaveLength(1)
    expect(health[0]!.args).toContain('/healthz')
    expect(health[0]!.args).toContain('process.env.PORT')
    const env = runtime.filter((i) => i.keyword === 'ENV').map((i) => i.args)
    expect(env.join(' ')).toMatch(/\bPORT=\d+/)
  })

  it('keeps state on a volume, with the default store inside it', () => {
    const env = runtime
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ')
    const store = /HERALD_STORE=sqlite:(\S+)/.exec(env)?.[1]
    expect(store).toBeDefined()
    const volumes = runtime
      .filter((i) => i.keyword === 'VOLUME')
      .flatMap((i) => (i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/)))
    expect(volumes.some((v) => store!.startsWith(`${v.replace(/\/$/, '')}/`))).toBe(true)
  })

  it('ships sources that import only what the image holds: copied files and production dependencies', () => {
    const ignored = dockerignore()
    const copied = contextCopies().flatMap((c) => c.sources)
    const copiedDirs = copied.filter((s) => statSync(join(root, s)).isDirectory())
    // package.json is copied on its own: the version and the Node.js version Herald needs are read from it.
    const copiedFiles = copied.filter((s) => !copiedDirs.includes(s))
    const shipped = copiedDirs.flatMap(filesUnder).filter((f) => /\.(ts|js)$/.test(f) && !ignored(f))
    expect(shipped.length).toBeGreaterThan(10)
    const builtins = new Set(builtinModules)
    const problems: string[] = []
    const specifier =
      /(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"],\s*import\.meta\.url/g
    for (const file of shipped) {
      const text = readFileSync(join(root, file), 'utf8')
      for (const m of text.matchAll(specifier)) {
        const spec = (m[1] ?? m[2] ?? m[3])!
        if (spec.startsWith('.')) {
          const target = relative(root, resolve(dirname(join(root, file)), spec))
          const inImage =
            copiedFiles.includes(target) || copiedDirs.some((d) => target === d || target.startsWith(`${d}/`))
          if (!inImage || ignored(target) || !existsSync(join(root, target)))
            problems.push(`${file}: ${spec} is not in the image`)
        } else if (!spec.startsWith('node:') && !builtins.has(spec)) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
          if (!(name in pkg.dependencies)) problems.push(`${file}: ${name} is not a production dependency`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})

describe('.dockerignore', () => {
  it('keeps secrets and local state out of the build context', () => {
    const ignored = dockerignore()
    for (const path of [
      '.env',
      '.env.production',
      '.herald/herald.db',
      'node_modules/x/index.js',
      '.git/config',
    ])
      expect(ignored(path), path).toBe(true)
  })
})

describe('examples/docker-compose.yml', () => {
  type Service = {
    build?: unknown
    image?: string
    environment?: Record<string, string>
    ports?: string[]
    command?: string
  }
  const compose = parseYaml(readFileSync(join(root, 'examples/docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, Service> }

  it('runs two Herald replicas on one Redis, behind one published port', () => {
    const services = Object.entries(compose.services)
    const herald = services.filter(([, s]) => s.image?.startsWith('herald'))
    expect(herald).toHaveLength(2)
    for (const [, s] of herald) {
      expect(s.environment?.['HERALD_STORE']).toBe('redis://redis:6379')
      expect(s.environment?.['PORT']).toBeDefined()
      expect(s.ports).toBeUndefined()
    }
    expect(compose.services['redis']).toBeDefined()
    const published = services.filter(([, s]) => s.ports?.length)
    expect(published.map(([name]) => name)).toEqual(['proxy'])
    for (const [name, s] of herald)
      expect(compose.services['proxy']!.command).toContain(`${name}:${s.environment!['PORT']}`)
  })
})
